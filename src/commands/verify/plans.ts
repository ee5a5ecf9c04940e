import { bearer, type VerifyPlan } from './verify-plan.js';

// Every id, user and credential below is a fixture of data/seed/<api>.json: a provider verified
// with `ordermock verify` runs with those fixtures loaded.
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const NO_AUTH = { authorization: null };

const cutmake: VerifyPlan = {
  auth: bearer('cm-admin-token'),
  examples: {
    'updateOrder/confirm': { params: { document_id: 'SO-DOC-1002' } },
    'updateOrder/reject': { params: { document_id: 'SO-DOC-1002' } },
    'updateOrder/partialDelivery': { params: { document_id: 'SO-DOC-1006' } },
  },
  flows: [
    {
      name: 'draft to confirmed (SO-DOC-1001)',
      steps: [
        { name: 'read the draft', operationId: 'getOrder', params: { document_id: 'SO-DOC-1001' }, expect: 200 },
        { name: 'edit the draft', operationId: 'updateOrder', params: { document_id: 'SO-DOC-1001' }, example: 'editDraft', expect: 200 },
        { name: 'submit it for review', operationId: 'updateOrder', params: { document_id: 'SO-DOC-1001' }, example: 'submitForReview', expect: 200 },
        { name: 'a member may not confirm', operationId: 'updateOrder', params: { document_id: 'SO-DOC-1001' }, headers: { authorization: 'Bearer cm-member2-token' }, example: 'confirm', expect: 403 },
        { name: 'the manager confirms', operationId: 'updateOrder', params: { document_id: 'SO-DOC-1001' }, headers: { authorization: 'Bearer cm-manager-token' }, example: 'confirm', expect: 200 },
        { name: 'a confirmed order cannot go back to draft', operationId: 'updateOrder', params: { document_id: 'SO-DOC-1001' }, body: { action: 'draft' }, expect: 409 },
        { name: 'an unknown action is refused', operationId: 'updateOrder', params: { document_id: 'SO-DOC-1001' }, body: { action: 'cancel' }, expect: 422 },
      ],
    },
    {
      name: 'log in and refusals',
      steps: [
        { name: 'the manager logs in', operationId: 'login', example: 'manager', expect: 200 },
        { name: 'a wrong password', operationId: 'login', body: { username: 'marco.rossi@example.com', password: 'wrong' }, expect: 401 },
        { name: 'no credentials', operationId: 'getOrder', params: { document_id: 'SO-DOC-1003' }, headers: NO_AUTH, expect: 401 },
        { name: 'an unknown order', operationId: 'getOrder', params: { document_id: 'SO-DOC-9999' }, expect: 404 },
      ],
    },
  ],
};

const recerc: VerifyPlan = {
  auth: bearer('rk_live_demo_key'),
  examples: {
    'updateOrder/replaceItems': { params: { id: 'ord_1007' } },
    'updateOrder/approveRequirement': { params: { id: 'ord_1002' } },
    'updateOrder/changeCurrency': { params: { id: 'ord_1007' } },
    'updateOrder/acceptOrder': { params: { id: 'ord_1003' } },
    'updateOrder/reassign': { params: { id: 'ord_1007' } },
  },
  flows: [
    {
      name: 'ready to accepted (ord_1003), refusals',
      steps: [
        { name: 'read the ready order', operationId: 'getOrder', params: { id: 'ord_1003' }, expect: 200 },
        { name: 'accept it', operationId: 'updateOrder', params: { id: 'ord_1003' }, example: 'acceptOrder', expect: 200 },
        { name: 'an accepted order cannot go back to draft', operationId: 'updateOrder', params: { id: 'ord_1003' }, body: { id: 'ord_1003', sessionId: 'sess_verify', status: 'draft' }, expect: 422 },
        { name: 'no credentials', operationId: 'getOrder', params: { id: 'ord_1001' }, headers: NO_AUTH, expect: 401 },
        { name: 'an unknown order', operationId: 'getOrder', params: { id: 'ord_9999' }, expect: 404 },
      ],
    },
  ],
};

const fabricContext = JSON.stringify({ date: '2025-06-04T00:00:00.000Z', channel: 12, account: '1234abcd5678efgh9ijklmno', stage: 'production' });
const fabric: VerifyPlan = {
  auth: (token) => ({ ...bearer('fabric-demo-token')(token), 'x-site-context': fabricContext }),
  reads: { getOrder: { query: { orderNumber: '309019178' } } },
  flows: [
    {
      name: 'replace an order, then a stale write (309019176)',
      steps: [
        { name: 'read the order', operationId: 'getOrder', query: { orderNumber: '309019176' }, expect: 200 },
        { name: 'replace it with a new status description', operationId: 'updateOrder', params: { orderNumber: '309019176' }, bodyFrom: (a) => ({ ...(a.get('read the order')!.body as object), statusDescription: 'verified by ordermock' }), expect: 200 },
        { name: 'the same replacement again is stale', operationId: 'updateOrder', params: { orderNumber: '309019176' }, bodyFrom: (a) => ({ ...(a.get('read the order')!.body as object), statusDescription: 'stale' }), expect: 409 },
        { name: 'no credentials', operationId: 'getOrder', query: { orderNumber: '309019176' }, headers: NO_AUTH, expect: 401 },
        { name: 'an unknown order', operationId: 'getOrder', query: { orderNumber: '999999999' }, expect: 404 },
      ],
    },
  ],
};

const jtl: VerifyPlan = {
  auth: (token) => ({ ...bearer('jtl-demo-token')(token), 'x-appid': 'ordermock-verify/1.0.0', 'x-appversion': '1.0.0', 'x-tenant-id': '7e000000-0000-4000-8000-00000000000a' }),
  examples: {
    'createToken/allScopes': { headers: { authorization: basic('ordermock-demo', 'demo-secret-2026') } },
    'createToken/readOnly': { headers: { authorization: basic('ordermock-demo', 'demo-secret-2026') } },
  },
  flows: [
    {
      name: 'token, read, change lines (AU-2026-00012)',
      steps: [
        { name: 'get a token', operationId: 'createToken', example: 'allScopes', headers: { authorization: basic('ordermock-demo', 'demo-secret-2026') }, expect: 200 },
        { name: 'read the order', operationId: 'getSalesOrder', params: { salesOrderId: '50000000-0000-4000-8000-0000000000a1' }, expect: 200 },
        { name: 'change its lines', operationId: 'updateSalesOrder', example: 'changeLines', expect: 200 },
        { name: 'a wrong client secret', operationId: 'createToken', example: 'allScopes', headers: { authorization: basic('ordermock-demo', 'wrong') }, expect: 401 },
        { name: 'no credentials', operationId: 'getSalesOrder', params: { salesOrderId: '50000000-0000-4000-8000-0000000000a1' }, headers: NO_AUTH, expect: 401 },
        { name: 'an unknown order', operationId: 'getSalesOrder', params: { salesOrderId: '50000000-0000-4000-8000-0000000000ff' }, expect: 404 },
      ],
    },
  ],
};

const sellercloud: VerifyPlan = {
  auth: bearer('sc-demo-token'),
  flows: [
    {
      name: 'token, read, update (5001)',
      steps: [
        { name: 'get a token', operationId: 'createToken', example: 'admin', expect: 200 },
        { name: 'read the order', operationId: 'getOrder', params: { id: '5001' }, expect: 200 },
        { name: 'change general fields', operationId: 'updateOrder', params: { id: '5001' }, example: 'generalFields', expect: 200 },
        { name: 'a viewer may not update', operationId: 'updateOrder', params: { id: '5001' }, headers: { authorization: 'Bearer sc-viewer-token' }, example: 'integerEnums', expect: 403 },
        { name: 'no credentials', operationId: 'getOrder', params: { id: '5001' }, headers: NO_AUTH, expect: 401 },
        { name: 'an unknown order', operationId: 'getOrder', params: { id: '999999' }, expect: 404 },
      ],
    },
  ],
};

export const verifyPlans: Record<string, VerifyPlan> = { cutmake, recerc, fabric, jtl, sellercloud };
