import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultSpecsDir } from '../../../src/paths.js';
import { startTestMock } from '../../support/harness.js';
import { auth, DEMO_KEY, EXPIRED_KEY, ORDERS, READONLY_KEY, REVOKED_KEY, SALES_KEY, expectError, useRecerc } from './recerc-client.js';

const { clock, mock, api } = useRecerc();

describe('recerc updateOrder: contract basics', () => {
  it('a valid update answers 200 with the revision payload, and the companion GET shows the change', async () => {
    const res = await api.patch('ord_1001', { id: 'ord_1001', sessionId: 'sess_abc123', updatedItems: [{ id: 'item_cement', quantity: 60 }] });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"8"');
    expect(res.body.revision).toEqual({
      number: 8,
      sessionId: 'sess_abc123',
      createdAt: '2026-11-25T10:00:00Z',
      changes: [{ kind: 'items.updated', ids: ['item_cement'] }],
    });
    const read = await api.get('ord_1001');
    expect(read.headers.etag).toBe('"8"');
    expect(read.body).toEqual(res.body.order);
    expect(read.body.items.find((i: { id: string }) => i.id === 'item_cement').quantity).toBe(60);
    expect(read.body.revision).toBe(8);
    expect(read.body.updatedAt).toBe('2026-11-25T10:00:00Z');
    // 60 * 5990 replaces 40 * 5990: subtotal +119800, -5 % discount -35248, IVA 68286 on cement and -6697 on the discount.
    expect(read.body.totals).toEqual({ subtotal: 704960, adjustmentsTotal: -35248, taxTotal: 127245, total: 796957 });
  });

  it('the GET returns the stored document and its revision as ETag', async () => {
    const res = await api.get('ord_1003');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"5"');
    expect(JSON.stringify(res.body)).toBe(mock().stored('recerc', 'orders', 'ord_1003'));
  });

  it('an unknown order answers 404 order_not_found, on PATCH and on GET', async () => {
    expectError(await api.patch('ord_9999', { id: 'ord_9999', sessionId: 's' }), 404, 'order_not_found', ['path:id']);
    expectError(await api.get('ord_9999'), 404, 'order_not_found', ['path:id']);
  });
});

describe('recerc auth (Bearer API key)', () => {
  const body = { id: 'ord_1001', sessionId: 's', invoicePaymentTerms: 'Net 15' };

  it('no Authorization header answers 401 missing_api_key with WWW-Authenticate, and changes nothing', async () => {
    const res = await api.expectUnchanged('ord_1001', () => mock().http.patch(`${ORDERS}/ord_1001`).send(body));
    expectError(res, 401, 'missing_api_key');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="recerc"');
    expectError(await mock().http.get(`${ORDERS}/ord_1001`), 401, 'missing_api_key');
  });

  it('a non-Bearer Authorization header answers 401', async () => {
    const res = await mock().http.patch(`${ORDERS}/ord_1001`).set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).send(body);
    expectError(res, 401, 'missing_api_key');
  });

  it.each([
    ['unknown', 'rk_live_nope'],
    ['revoked', REVOKED_KEY],
    ['expired', EXPIRED_KEY],
  ])('an %s key answers 403 invalid_api_key and changes nothing', async (_label, key) => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', body, { key }));
    expectError(res, 403, 'invalid_api_key');
    expectError(await api.get('ord_1001', key), 403, 'invalid_api_key');
  });

  it('key expiry follows the injected clock', async () => {
    clock.set('2026-06-30T23:00:00Z');
    expect((await api.patch('ord_1001', body, { key: EXPIRED_KEY })).status).toBe(200);
    clock.advance(60 * 60 * 1000);
    expectError(await api.patch('ord_1001', { ...body, invoicePaymentTerms: 'Net 60' }, { key: EXPIRED_KEY }), 403, 'invalid_api_key');
    expect((await api.order('ord_1001')).invoicePaymentTerms).toBe('Net 15');
  });

  it('a read-only key can GET but any PATCH answers 403 insufficient_scope', async () => {
    expect((await api.get('ord_1001', READONLY_KEY)).status).toBe(200);
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', body, { key: READONLY_KEY }));
    expectError(res, 403, 'insufficient_scope');
    expect(res.body.error.message).toContain('orders:write');
  });

  it('requirementUpdates also need requirements:review (the seller key may edit, not review)', async () => {
    const review = { id: 'ord_1002', sessionId: 's', requirementUpdates: [{ id: 'req_123', status: 'approved' }] };
    const res = await api.expectUnchanged('ord_1002', () => api.patch('ord_1002', review, { key: SALES_KEY }));
    expectError(res, 403, 'insufficient_scope');
    expect(res.body.error.message).toContain('requirements:review');
    expect((await api.patch('ord_1002', { id: 'ord_1002', sessionId: 's', invoicePaymentTerms: 'Net 30' }, { key: SALES_KEY })).status).toBe(200);
    expect((await api.patch('ord_1002', review, { key: DEMO_KEY })).status).toBe(200);
  });
});

describe('recerc request validation (400 validation_error naming the field; nothing changes)', () => {
  const base = { id: 'ord_1001', sessionId: 'sess_abc123' };
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['missing required id', { sessionId: 's' }, ['/id']],
    ['missing required sessionId', { id: 'ord_1001' }, ['/sessionId']],
    ['wrong type (quantity as string)', { ...base, updatedItems: [{ id: 'item_cement', quantity: '60' }] }, ['/updatedItems/0/quantity']],
    ['wrong type (price as decimal)', { ...base, updatedItems: [{ id: 'item_cement', price: 59.9 }] }, ['/updatedItems/0/price']],
    ['bad enum (status)', { ...base, status: 'shipped' }, ['/status']],
    ['bad enum (requirement status)', { ...base, requirementUpdates: [{ id: 'req_1', status: 'ok' }] }, ['/requirementUpdates/0/status']],
    ['unknown top-level key', { ...base, notes: 'hi' }, ['/notes']],
    ['unknown key in actions', { ...base, actions: { convert: {} } }, ['/actions/convert']],
    ['unknown key in an item update', { ...base, updatedItems: [{ id: 'item_cement', colour: 'red' }] }, ['/updatedItems/0/colour']],
    ['an item update with only an id', { ...base, updatedItems: [{ id: 'item_cement' }] }, ['/updatedItems/0']],
    ['a rejection without a reason', { ...base, requirementUpdates: [{ id: 'req_1', status: 'rejected' }] }, ['/requirementUpdates/0/reason']],
    ['detaching the customer but keeping a membership', { ...base, customerId: null, customerMembershipId: 'mem_andes_jperez' }, ['/customerMembershipId']],
    ['a percentage adjustment beyond 100', { ...base, newItems: [{ id: 'a', type: 'adjustment', name: 'x', amount: -150, kind: 'percentage' }] }, ['/newItems/0/amount']],
  ];

  it.each(cases)('%s', async (_label, body, paths) => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', body));
    expectError(res, 400, 'validation_error');
    for (const path of paths) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('bad date-time format names the nested field, without one "must be <variant>" per other item variant', async () => {
    const item = {
      id: 'item_new',
      type: 'product',
      productId: 'prd_cement_25kg',
      quantity: 1,
      price: 6290,
      originalPrice: { priceListId: 'pl_wholesale', price: 6290, currency: 'CLP', timestamp: 'yesterday' },
    };
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', { ...base, newItems: [item] }));
    expectError(res, 400, 'validation_error');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('/newItems/0/originalPrice/timestamp');
    expect(paths).not.toContain('/newItems/0/type');
  });

  it('an unknown item type is one enum-style detail', async () => {
    const res = await api.patch('ord_1001', { ...base, newItems: [{ id: 'x', type: 'service', name: 'Install' }] });
    expectError(res, 400, 'validation_error');
    const typeDetails = res.body.error.details.filter((d: { path: string }) => d.path === '/newItems/0/type');
    expect(typeDetails).toEqual([{ path: '/newItems/0/type', message: 'must be one of: "product", "custom", "adjustment", "section", "shipping", "note"' }]);
  });

  it('an If-Match that is not a revision tag answers 400 naming header:if-match', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', base, { ifMatch: 'abc' }));
    expectError(res, 400, 'validation_error', ['header:if-match']);
  });

  it('malformed JSON answers 400 invalid_json', async () => {
    const res = await api.expectUnchanged('ord_1001', () =>
      mock().http.patch(`${ORDERS}/ord_1001`).set(auth()).set('Content-Type', 'application/json').send('{"id": "ord_1001",'),
    );
    expectError(res, 400, 'invalid_json');
  });

  it('a missing body answers 400', async () => {
    const res = await mock().http.patch(`${ORDERS}/ord_1001`).set(auth());
    expectError(res, 400, 'validation_error');
  });

  it('a non-JSON content type answers 415 unsupported_media_type', async () => {
    const res = await api.expectUnchanged('ord_1001', () =>
      mock().http.patch(`${ORDERS}/ord_1001`).set(auth()).set('Content-Type', 'text/plain').send('id=ord_1001'),
    );
    expectError(res, 415, 'unsupported_media_type');
  });

  it('a method the path does not have answers 405 method_not_allowed with Allow', async () => {
    const res = await mock().http.put(`${ORDERS}/ord_1001`).set(auth()).send(base);
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, PATCH');
  });

  it('a path the API does not have answers 404 route_not_found', async () => {
    expectError(await mock().http.get('/recerc/api/unstable/customers').set(auth()), 404, 'route_not_found');
  });
});

describe('recerc payload limit', () => {
  it('a body above the limit answers 413 payload_too_large in recerc shape', async () => {
    const small = await startTestMock({ apis: ['recerc'], clock, bodyLimit: 512 });
    try {
      const res = await small.http
        .patch(`${ORDERS}/ord_1001`)
        .set(auth())
        .send({ id: 'ord_1001', sessionId: 's', invoiceFooterText: 'x'.repeat(2000) });
      expectError(res, 413, 'payload_too_large');
      await small.assertResponsesConform();
    } finally {
      await small.close();
    }
  });
});

describe("the contract's own examples run against the fixtures", async () => {
  const spec = parse(await readFile(join(defaultSpecsDir, 'recerc.yaml'), 'utf8'));
  const operation = spec.paths['/api/unstable/orders/{id}'].patch;
  const requests = operation.requestBody.content['application/json'].examples as Record<string, { value: { id: string } }>;
  const responses = operation.responses['200'].content['application/json'].examples as Record<string, { value: any }>;

  it.each(Object.keys(requests))('request example %s is accepted as seeded', async (name) => {
    const body = requests[name].value;
    const res = await api.patch(body.id, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await api.order(body.id)).toEqual(res.body.order);
  });

  it.each(Object.keys(responses))('response example %s is exactly what the mock answers', async (name) => {
    const expected = responses[name].value;
    clock.set(expected.revision.createdAt);
    const res = await api.patch(expected.order.id, requests[name].value);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
  });
});
