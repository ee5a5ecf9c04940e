import { describe, expect, it } from 'vitest';
import {
  TENANT_A,
  UPDATE,
  expectJtlError,
  expectRefusedUnchanged,
  get,
  jtlHeaders,
  line,
  order,
  patch,
  read,
  useJtl,
  without,
} from './helpers.js';

// The contract basics every API must meet (backbone issue), in JTL's error shape.
describe('jtl contract basics', () => {
  const { mock } = useJtl();

  const a1 = order('a1');

  it('a valid update answers 200 with the order, and the companion GET shows the change', async () => {
    const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), quantity: 10 }] });
    expect(res.status).toBe(200);
    expect(res.body.lineItems[0]).toMatchObject({ quantity: 10, netAmount: 189, taxAmount: 13.23, grossAmount: 202.23 });
    expect(res.body.totals).toEqual({ netTotal: 213.88, taxTotal: 17.96, grossTotal: 231.84 });
    expect(res.body.updatedAt).toBe('2026-11-24T10:15:00Z');
    const back = await get(mock(), a1);
    expect(back.status).toBe(200);
    expect(back.body).toEqual(res.body);
    expect(JSON.parse(mock().stored('jtl', 'orders', a1))).toEqual(res.body);
  });

  it('no Authorization header: 401 with a Bearer challenge, nothing changes', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, customerId: 'c5000000-0000-4000-8000-0000000000a3' }, without(jtlHeaders(), 'authorization')));
    expect(res.status).toBe(401);
    expectJtlError(res.body, 'UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it.each(['x-appid', 'x-appversion'])('missing required header %s: 400 naming the header, nothing changes', async (name) => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, customerId: 'c5000000-0000-4000-8000-0000000000a3' }, without(jtlHeaders(), name)));
    expect(res.status).toBe(400);
    expectJtlError(res.body, 'VALIDATION_ERROR');
    expect(Object.keys(res.body.validationErrors)).toEqual([name]);
    expect(res.body.validationErrors[name]).toBe(`${name} is required`);
  });

  it('missing x-tenant-id: 401 (the real service), before request validation, nothing changes', async () => {
    // x-appid missing and the body invalid too: the 401 still wins, since authenticate runs first.
    const headers = without(without(jtlHeaders(), 'x-tenant-id'), 'x-appid');
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, bogus: true }, headers));
    expect(res.status).toBe(401);
    expectJtlError(res.body, 'UNAUTHORIZED');
    expect(res.body.errorMessage).toBe("The header 'x-tenant-id' is required.");
    const onRead = await get(mock(), a1, without(jtlHeaders(), 'x-tenant-id'));
    expect(onRead.status).toBe(401);
  });

  it('wrong type: 400 naming the field', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () =>
      patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), quantity: 'ten' }] }),
    );
    expect(res.status).toBe(400);
    expectJtlError(res.body, 'VALIDATION_ERROR');
    expect(res.body.validationErrors).toEqual({ 'lineItems[0].quantity': 'quantity must be number' });
  });

  it('bad enum: a line type that is no JTL line kind is 400 naming the field', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [{ type: 99, name: 'x', salesPriceNet: 1, quantity: 1 }] }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.validationErrors)).toEqual(['lineItems[0].type']);
    expect(res.body.validationErrors['lineItems[0].type']).toMatch(/must be one of: 0, 1, 2/);
  });

  it('bad uuid format in the body, a header and the path: 400 naming each field', async () => {
    const body = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, customerId: 'K-10042' }));
    expect(body.status).toBe(400);
    expect(body.body.validationErrors).toEqual({ customerId: 'customerId must match format "uuid"' });

    const noId = await patch(mock(), { salesOrderId: 'AU-2026-00012' });
    expect(noId.status).toBe(400);
    expect(Object.keys(noId.body.validationErrors)).toEqual(['salesOrderId']);

    const session = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, customerId: 'c5000000-0000-4000-8000-0000000000a3' }, { ...jtlHeaders(), 'X-SessionId': 'session-1' }));
    expect(session.status).toBe(400);
    expect(session.body.validationErrors).toEqual({ 'X-SessionId': 'X-SessionId must match format "uuid"' });

    const tenant = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, customerId: 'c5000000-0000-4000-8000-0000000000a3' }, { ...jtlHeaders(), 'x-tenant-id': 'bergkaffee' }));
    expect(tenant.status).toBe(400);
    expect(tenant.body.validationErrors).toEqual({ 'x-tenant-id': 'x-tenant-id must match format "uuid"' });

    const path = await mock().http.get(read('AU-2026-00012')).set(jtlHeaders());
    expect(path.status).toBe(400);
    expect(Object.keys(path.body.validationErrors)).toEqual(['salesOrderId']);
  });

  it('bad email format inside an address: 400 naming billingAddress.emailAddress', async () => {
    const address = { lastName: 'Hoffmann', street: 'Karl-Liebknecht-Straße 54', postalCode: '04275', city: 'Leipzig', countryIso: 'DE', emailAddress: 'not-an-email' };
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, billingAddress: address }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.validationErrors)).toEqual(['billingAddress.emailAddress']);
  });

  it('unknown keys are refused at the top level, in addresses and in lines, each named', async () => {
    const address = { lastName: 'Hoffmann', street: 'Karl-Liebknecht-Straße 54', postalCode: '04275', city: 'Leipzig', countryIso: 'DE', street2: 'Hof' };
    const res = await expectRefusedUnchanged(mock(), a1, () =>
      patch(mock(), { salesOrderId: a1, orderNumber: 'X', shipmentAddress: address, lineItems: [{ salesOrderLineItemId: line('a101'), price: 1 }] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.validationErrors).toEqual({
      orderNumber: 'orderNumber is not allowed: unknown property',
      'shipmentAddress.street2': 'street2 is not allowed: unknown property',
      'lineItems[0].price': 'price is not allowed: unknown property',
    });
  });

  it('unknown order: 404 on the update and on the read', async () => {
    const missing = order('ff');
    const res = await patch(mock(), { salesOrderId: missing, customerId: 'c5000000-0000-4000-8000-0000000000a3' });
    expect(res.status).toBe(404);
    expectJtlError(res.body, 'NOT_FOUND');
    expect(res.body.errorMessage).toBe(`Sales order ${missing} was not found.`);
    const back = await get(mock(), missing);
    expect(back.status).toBe(404);
    expect(back.body).toEqual(res.body);
  });

  it('405 with Allow on a known path with the wrong method', async () => {
    const put = await mock().http.put(UPDATE).set(jtlHeaders()).send({ salesOrderId: a1 });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('PATCH');
    expectJtlError(put.body, 'METHOD_NOT_ALLOWED');
    const del = await mock().http.delete(read(a1)).set(jtlHeaders());
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET');
  });

  it('415 for a body that is not JSON, in JTL shape, nothing changes', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => mock().http.patch(UPDATE).set(jtlHeaders()).set('content-type', 'text/plain').send(`{"salesOrderId":"${a1}"}`));
    expect(res.status).toBe(415);
    expectJtlError(res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('malformed JSON: 400 in JTL shape, the body root named `$`', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => mock().http.patch(UPDATE).set(jtlHeaders()).set('content-type', 'application/json').send(`{"salesOrderId": "${a1}",`));
    expect(res.status).toBe(400);
    expectJtlError(res.body, 'VALIDATION_ERROR');
    expect(Object.keys(res.body.validationErrors)).toEqual(['$']);
  });

  it('a missing body: 400 naming the body', async () => {
    const res = await mock().http.patch(UPDATE).set(jtlHeaders());
    expect(res.status).toBe(400);
    expect(res.body.validationErrors).toEqual({ $: 'The request body is required' });
  });

  it('413 for a body over the limit, in JTL shape', async () => {
    const res = await mock().http
      .patch(UPDATE)
      .set(jtlHeaders())
      .set('content-type', 'application/json')
      .send(JSON.stringify({ salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), note: 'x'.repeat(1_100_000) }] }));
    expect(res.status).toBe(413);
    expectJtlError(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('an unknown path under /jtl: 404 in JTL shape', async () => {
    const res = await mock().http.get('/jtl/erp/v2/salesorders').set(jtlHeaders());
    expect(res.status).toBe(404);
    expectJtlError(res.body, 'NOT_FOUND');
  });

  it('api-version is accepted and ignored', async () => {
    const res = await get(mock(), a1, { ...jtlHeaders(), 'api-version': '1.0' });
    expect(res.status).toBe(200);
    expect(res.body.tenantId).toBe(TENANT_A);
  });
});
