import { describe, expect, it } from 'vitest';
import {
  ITEM,
  SESSION_A2_EXPIRED,
  TAX_CLASS,
  TAX_CODE,
  TENANT_A,
  expectJtlError,
  expectRefusedUnchanged,
  get,
  jtlHeaders,
  line,
  order,
  patch,
  useJtl,
} from './helpers.js';

// The exact JTL error bodies a client gets (README "### jtl", the contract's examples): the
// message of each refusal, each 422 field's sentence, and how a field is named and described.
describe('jtl error bodies, word for word', () => {
  const { clock, mock } = useJtl();
  const a1 = order('a1');
  const change = { salesOrderId: a1, paymentMethodId: '9a000000-0000-4000-8000-0000000000a3' };

  it('422 names every broken reference with its own sentence, under "The sales order could not be modified."', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () =>
      patch(mock(), {
        salesOrderId: a1,
        customerId: 'c5000000-0000-4000-8000-0000000000ff',
        lineItems: [
          { salesOrderLineItemId: line('a103'), type: 1 }, // a shipping line (type 2)
          { salesOrderLineItemId: line('a102'), sku: 'BK-NOPE' },
          { type: 1, itemId: ITEM.tentB, quantity: 1, taxClassId: TAX_CLASS.b20, taxCodeId: TAX_CODE.bRC }, // tenant b's
          { type: 1, itemId: ITEM.espresso, sku: 'BK-TAS-6', quantity: 1 },
          { type: 2, name: 'Spedition', salesPriceNet: 30, quantity: 1, sku: 'BK-TAS-6' },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      errorCode: 'UNPROCESSABLE_ENTITY',
      validationErrors: {
        customerId: 'Customer c5000000-0000-4000-8000-0000000000ff does not exist in this tenant.',
        'lineItems[0].type': `Line item ${line('a103')} has type 2; the type of a line cannot be changed.`,
        'lineItems[1].sku': "No item with SKU 'BK-NOPE' exists in this tenant.",
        'lineItems[2].itemId': `Item ${ITEM.tentB} does not exist in this tenant.`,
        'lineItems[2].taxClassId': `Tax class ${TAX_CLASS.b20} does not exist in this tenant.`,
        'lineItems[2].taxCodeId': `Tax code ${TAX_CODE.bRC} does not exist in this tenant.`,
        'lineItems[3].sku': `SKU 'BK-TAS-6' names item ${ITEM.cups}, not item ${ITEM.espresso}.`,
        'lineItems[4].sku': 'Only item lines (type 1) name an item; this line has type 2.',
      },
      errors: {},
      errorMessage: 'The sales order could not be modified.',
      stacktrace: null,
    });
  });

  it('itemId and sku naming the same item are accepted: the line gets that item', async () => {
    const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ type: 1, itemId: ITEM.cups, sku: 'BK-TAS-6', quantity: 2 }] });
    expect(res.status).toBe(200);
    expect(res.body.lineItems).toHaveLength(4);
    expect(res.body.lineItems[3]).toMatchObject({ itemId: ITEM.cups, sku: 'BK-TAS-6', name: 'Espressotassen Set, 6 Stk', quantity: 2, salesPriceNet: 29.9 });
    expect((await get(mock(), a1)).body.lineItems[3].itemId).toBe(ITEM.cups);
  });

  it("403 for a tenant the client was not granted names the client and the tenant", async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders('jtl-sync-token', TENANT_A)));
    expect(res.status).toBe(403);
    expectJtlError(res.body, 'FORBIDDEN');
    expect(res.body.errorMessage).toBe(`The client 'shop-sync' has no access to tenant ${TENANT_A}.`);
  });

  it('412 for an expired session names the session', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'X-SessionId': SESSION_A2_EXPIRED }));
    expect(res.status).toBe(412);
    expectJtlError(res.body, 'PRECONDITION_FAILED');
    expect(res.body.errorMessage).toBe(`Session ${SESSION_A2_EXPIRED} does not exist or has expired.`);
  });

  it('403 for an unknown x-runas user names the value sent', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'x-runas': '999' }));
    expect(res.status).toBe(403);
    expect(res.body.errorMessage).toBe('User 999 does not exist or is not active in this tenant.');
  });

  it('403 for an x-runas user whose roles cannot read says "read"; one who cannot write says "modify"', async () => {
    const admin = mock().http;
    expect((await admin.put('/__ordermock/store/jtl/roles/auditor-none').send({ role: 'auditor-none', description: 'no permissions', permissions: [] })).status).toBe(200);
    const user = { userId: '05e70000-0000-4000-8000-0000000000a9', legacyId: 99, tenantId: TENANT_A, name: 'Nina Null', email: 'nina@bergkaffee.de', roles: ['auditor-none'], active: true };
    expect((await admin.put(`/__ordermock/store/jtl/users/${user.userId}`).send(user)).status).toBe(200);
    const read = await get(mock(), a1, { ...jtlHeaders(), 'x-runas': '99' });
    expect(read.status).toBe(403);
    expect(read.body.errorMessage).toBe('User 99 is not allowed to read sales orders.');
    const write = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'x-runas': '31' })); // warehouse: read only
    expect(write.body.errorMessage).toBe('User 31 is not allowed to modify sales orders.');
  });

  it('429 says the limit and when to retry', async () => {
    const token = 'jtl-ratelimited-token';
    expect((await get(mock(), a1, jtlHeaders(token))).status).toBe(200);
    clock.advance(18_000);
    expect((await get(mock(), a1, jtlHeaders(token))).status).toBe(200);
    clock.advance(1_000);
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders(token)));
    expect(res.status).toBe(429);
    expectJtlError(res.body, 'TOO_MANY_REQUESTS');
    expect(res.body.errorMessage).toBe('Rate limit of 2 requests per minute exceeded. Retry in 41 seconds.');
    expect(res.headers['retry-after']).toBe('41');
  });

  it('the window lives in the rateLimits collection, one document per client', async () => {
    expect((await get(mock(), a1, jtlHeaders('jtl-ratelimited-token'))).status).toBe(200);
    const stored = await mock().http.get('/__ordermock/store/jtl/rateLimits/burst-test');
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ clientId: 'burst-test', hits: ['2026-11-24T10:15:00.000Z'] });
  });

  it('an unknown path is 404 "The requested resource does not exist."', async () => {
    const res = await mock().http.get('/jtl/erp/v2/nothing').set(jtlHeaders());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errorCode: 'NOT_FOUND', validationErrors: {}, errors: {}, errorMessage: 'The requested resource does not exist.', stacktrace: null });
  });

  describe('400: how a field is named and described', () => {
    it('a body key spelled like a header is named as sent, not as the header', async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, 'x-sessionid': SESSION_A2_EXPIRED }));
      expect(res.status).toBe(400);
      expect(res.body.validationErrors).toEqual({ 'x-sessionid': 'x-sessionid is not allowed: unknown property' });
    });

    it('an issue on an array element is described by the array name', async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [5] }));
      expect(res.status).toBe(400);
      expect(res.body.validationErrors).toEqual({ 'lineItems[0]': 'lineItems must be object' });
    });

    it('two issues on one field are joined with "; "', async () => {
      const address = { countryIso: 'deu', street: 'Hauptstr. 1', city: 'Leipzig', postalCode: '04109', lastName: 'Becker' };
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, billingAddress: address }));
      expect(res.status).toBe(400);
      expect(res.body.validationErrors).toEqual({ 'billingAddress.countryIso': 'countryIso must NOT have more than 2 characters; countryIso must match pattern "^[A-Z]{2}$"' });
    });

    it('a header issue is named by the header', async () => {
      const res = await get(mock(), a1, { ...jtlHeaders(), 'X-SessionId': 'not-a-uuid' });
      expect(res.status).toBe(400);
      expect(res.body.validationErrors).toEqual({ 'X-SessionId': 'X-SessionId must match format "uuid"' });
    });
  });
});
