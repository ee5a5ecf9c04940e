import { describe, expect, it } from 'vitest';
import { startTestMock } from '../../support/harness.js';
import { ADMIN, EXPIRED, ORDERS, expectUnchanged, getOrder, modelState, putOrder, readOrder, useSellercloud } from './sellercloud-kit.js';

describe('sellercloud contract basics', () => {
  const { mock } = useSellercloud();

  it('accepts a valid update with 200 `true` and the companion GET shows the change', async () => {
    const res = await putOrder(mock(), 5001, { DisableInventoryCount: true, SalesRep1: 302 });
    expect(res.status).toBe(200);
    expect(res.body).toBe(true);
    const order = await readOrder(mock(), 5001);
    expect(order.OrderDetails).toMatchObject({ DisableInventoryCount: true, SalesRep1: 302, LastUpdated: '2026-03-01T10:00:00Z' });
  });

  it.each([
    ['no Authorization header', null],
    ['an unknown token', 'Bearer no-such-token'],
    ['an expired token', EXPIRED],
    ['a Basic credential', 'Basic ZGVtbzpkZW1v'],
  ])('answers 401 Not Valid Token with a Bearer challenge for %s, changing nothing', async (_label, auth) => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { DisableInventoryCount: true }, auth));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ Message: 'Not Valid Token' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const read = await getOrder(mock(), 5001, auth);
    expect(read.status).toBe(401);
    expect(read.body).toEqual({ Message: 'Not Valid Token' });
  });

  it('needs the required Content-Type header: a JSON body sent without one is 415, changing nothing', async () => {
    const res = await expectUnchanged(mock(), 5001, () =>
      // A byte body makes fetch send no Content-Type at all.
      fetch(`${mock().mock.url}${ORDERS}/5001`, { method: 'PUT', headers: { authorization: ADMIN }, body: new TextEncoder().encode('{"DisableInventoryCount":true}') }),
    );
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.Message).toBe("The request entity's media type is not supported for this resource.");
    expect(body.MessageDetail).toContain('(none)');
  });

  it.each([
    ['text/plain', 'DisableInventoryCount=true'],
    ['application/x-www-form-urlencoded', 'DisableInventoryCount=true'],
  ])('answers 415 for a %s body, changing nothing', async (type, text) => {
    const res = await expectUnchanged(mock(), 5001, () => mock().http.put(`${ORDERS}/5001`).set('Authorization', ADMIN).set('Content-Type', type).send(text));
    expect(res.status).toBe(415);
    expect(Object.keys(res.body).sort()).toEqual(['Message', 'MessageDetail']);
    expect(res.body.MessageDetail).toContain(type);
  });

  it('answers 400 in the ASP.NET shape for malformed JSON, changing nothing', async () => {
    const res = await expectUnchanged(mock(), 5001, () =>
      mock().http.put(`${ORDERS}/5001`).set('Authorization', ADMIN).set('Content-Type', 'application/json').send('{"DisableInventoryCount": tru'),
    );
    expect(res.status).toBe(400);
    expect(res.body.Message).toBe('The request is invalid.');
    expect(res.body.MessageDetail).toMatch(/not valid JSON/);
  });

  it('answers 400 for a missing body and for a body that is not an object', async () => {
    const missing = await expectUnchanged(mock(), 5001, () => mock().http.put(`${ORDERS}/5001`).set('Authorization', ADMIN).set('Content-Type', 'application/json'));
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ Message: 'The request is invalid.', MessageDetail: 'The request body is required.' });
    const array = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, [{ DisableInventoryCount: true }]));
    expect(array.status).toBe(400);
    expect(array.body).toEqual({ Message: 'The request is invalid.', MessageDetail: 'The request body must be a JSON object.' });
  });

  it.each([
    ['CompanyId', '1', "Error converting value to type 'System.Nullable`1[System.Int32]'. Path 'CompanyId'."],
    ['CustomerId', 20001.5, "Error converting value to type 'System.Nullable`1[System.Int32]'. Path 'CustomerId'."],
    ['SalesRep1', true, "Error converting value to type 'System.Nullable`1[System.Int32]'. Path 'SalesRep1'."],
    ['DisableInventoryCount', 'true', "Error converting value to type 'System.Nullable`1[System.Boolean]'. Path 'DisableInventoryCount'."],
    ['ShippingAddress', 'Seattle', "Error converting value to type 'Address'. Path 'ShippingAddress'."],
    ['BillingAddress', [], "Error converting value to type 'Address'. Path 'BillingAddress'."],
  ])('answers 400 naming order.%s for a wrong type, changing nothing', async (field, value, message) => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { [field]: value }));
    expect(modelState(res)).toEqual({ [`order.${field}`]: [message] });
  });

  it.each([
    ['OrderSource', 'Shopify'],
    ['OrderSource', 'amazon'],
    ['OrderSource', '4'],
    ['OrderSource', 8],
    ['OrderSubType', 'Overnight'],
    ['OrderSubType', 14],
    ['CurrencyCode', 'usd'],
    ['CurrencyCode', 12],
    ['CurrencyCode', -1],
  ])('answers 400 naming order.%s for the bad enum value %j, changing nothing', async (field, value) => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { [field]: value }));
    expect(modelState(res)).toEqual({ [`order.${field}`]: [`Error converting value to type '${field}'. Path '${field}'.`] });
  });

  it('answers 400 naming the field for a value outside int32 (format), changing nothing', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { CompanyId: 2 ** 31, SalesRep1: 301 }));
    expect(Object.keys(modelState(res))).toEqual(['order.CompanyId']);
  });

  it('lists every broken field of one request at once', async () => {
    const res = await expectUnchanged(mock(), 5001, () =>
      putOrder(mock(), 5001, { OrderSource: 'Shopify', CurrencyCode: 'XXX', BillingAddress: { FirstName: 'A', LastName: 'B', City: 'Kendal', Country: 'gb' } }),
    );
    expect(Object.keys(modelState(res)).sort()).toEqual([
      'order.BillingAddress.AddressLine1',
      'order.BillingAddress.Country',
      'order.BillingAddress.ZipCode',
      'order.CurrencyCode',
      'order.OrderSource',
    ]);
  });

  it('accepts unknown keys, as ASP.NET model binding does, and never stores them', async () => {
    const res = await putOrder(mock(), 5001, { DisableInventoryCount: true, Notes: 'ignored', OrderDetails: { OrderSource: 'Etsy' }, OrderID: 1 });
    expect(res.status).toBe(200);
    const order = await readOrder(mock(), 5001);
    expect(order.OrderID).toBe(5001);
    expect(order.OrderDetails.OrderSource).toBe('Amazon');
    expect(order).not.toHaveProperty('Notes');
    expect(mock().stored('sellercloud', 'orders', '5001')).not.toContain('ignored');
  });

  it('answers 404 with the ASP.NET body for an unknown order, on PUT and GET', async () => {
    const put = await putOrder(mock(), 999, { DisableInventoryCount: true });
    expect(put.status).toBe(404);
    expect(put.body).toEqual({ Message: 'Order 999 not found' });
    const get = await getOrder(mock(), 999);
    expect(get.status).toBe(404);
    expect(get.body).toEqual({ Message: 'Order 999 not found' });
    expect(mock().stored('sellercloud', 'orders', '999')).toBe('null');
  });

  it('answers 400 with a MessageDetail for an id that is not an int32', async () => {
    for (const id of ['abc', '5001.5', '99999999999']) {
      const res = await putOrder(mock(), id, { DisableInventoryCount: true });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        Message: 'The request is invalid.',
        MessageDetail: "The parameters dictionary contains a null entry for parameter 'id' of non-nullable type 'System.Int32'.",
      });
    }
  });

  it('finds the order by its number when the id has a leading zero', async () => {
    const res = await putOrder(mock(), '05001', { DisableInventoryCount: true });
    expect(res.status).toBe(200);
    expect((await readOrder(mock(), 5001)).OrderDetails.DisableInventoryCount).toBe(true);
  });

  it('answers 405 with Allow for a method the path does not have, changing nothing', async () => {
    for (const method of ['patch', 'delete', 'post'] as const) {
      const res = await expectUnchanged(mock(), 5001, () => mock().http[method](`${ORDERS}/5001`).set('Authorization', ADMIN).send({ DisableInventoryCount: true }));
      expect(res.status).toBe(405);
      expect(res.headers.allow.split(', ').sort()).toEqual(['GET', 'PUT']);
      expect(res.body.Message).toBe('The requested resource does not support this http method.');
      expect(res.body.MessageDetail).toContain(method.toUpperCase());
    }
  });

  it('answers 404 in the ASP.NET shape for a path the API does not have', async () => {
    const res = await mock().http.get('/sellercloud/rest/api/Customers/20001').set('Authorization', ADMIN);
    expect(res.status).toBe(404);
    expect(res.body.Message).toBe('No HTTP resource was found that matches the request URI.');
  });
});

describe('sellercloud body size limit', () => {
  it('answers 413 in the ASP.NET shape, changing nothing', async () => {
    const t = await startTestMock({ apis: ['sellercloud'], bodyLimit: 64 });
    try {
      const res = await expectUnchanged(t, 5001, () => putOrder(t, 5001, { ShippingAddress: { FirstName: 'x'.repeat(200) } }));
      expect(res.status).toBe(413);
      expect(res.body.Message).toBe('The request entity is too large.');
      await t.assertResponsesConform();
    } finally {
      await t.close();
    }
  });
});
