import { describe, it, expect } from 'vitest';
import { expectFabricError, fabricHeaders, putPath, SITE_CONTEXT, TOKENS, useFabric } from './fabric-client.js';

const ORDER = '309019176';

describe('fabric contract basics', () => {
  const c = useFabric();

  it('a valid update answers 200 with the stored order and the companion GET shows the change', async () => {
    const order = await c().read(ORDER);
    order.shipInfo[0].shipToAddress.address2 = 'Apt 7C';
    order.statusDescription = 'Order Created (address corrected)';
    const res = await c().put(ORDER, order);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.shipInfo[0].shipToAddress.address2).toBe('Apt 7C');
    expect(res.body.version).toBe(1);
    const after = await c().read(ORDER);
    expect(after).toEqual(res.body);
    expect(after.shipInfo[0].shipToAddress.address2).toBe('Apt 7C');
    expect(after.statusDescription).toBe('Order Created (address corrected)');
  });

  describe('authentication', () => {
    it('no Authorization header → 401, nothing changes', async () => {
      const order = await c().read(ORDER);
      const res = await c().refused(ORDER, () => c().put(ORDER, order, { who: null }), 401);
      expectFabricError(res, 401, 'Unauthorized');
    });

    it('the companion GET needs a token too', async () => {
      expectFabricError(await c().get(ORDER, { who: null }), 401, 'Unauthorized');
    });

    it('a non-Bearer Authorization header → 401', async () => {
      const order = await c().read(ORDER);
      const res = await c().refused(
        ORDER,
        () => c().t.http.put(putPath(ORDER)).set('Authorization', `Token ${TOKENS.csr}`).set('x-site-context', SITE_CONTEXT).send(order),
        401,
      );
      expectFabricError(res, 401, 'bearer token required');
    });
  });

  describe('required headers', () => {
    it('missing x-site-context → 400 naming the header, nothing changes', async () => {
      const order = await c().read(ORDER);
      const res = await c().refused(ORDER, () => c().put(ORDER, order, { siteContext: null }), 400);
      expectFabricError(res, 400, 'header.x-site-context is required');
    });

    it('missing x-site-context on the GET → 400 naming the header', async () => {
      expectFabricError(await c().get(ORDER, { siteContext: null }), 400, 'header.x-site-context is required');
    });
  });

  describe('request validation → 400 {message} naming the field, nothing changes', () => {
    const cases: [string, (o: Record<string, any>) => void, string][] = [
      ['wrong type (channelId as a number)', (o) => (o.channelId = 12), 'body.channelId must be string'],
      ['wrong type (quantity as a string)', (o) => (o.items[0].quantities.orderedQuantity = '3'), 'body.items[0].quantities.orderedQuantity must be integer'],
      ['bad enum (type)', (o) => (o.type = 'KIOSK'), 'body.type must be one of: "WEB", "CSC", "MOBILE_APP", "POS"'],
      ['bad enum (subType)', (o) => (o.subType = 'Windows'), 'body.subType must be one of'],
      ['bad date-time format', (o) => (o.orderDate = '2 June 2025'), 'body.orderDate must match format "date-time"'],
      ['bad uuid format', (o) => (o.items[1].lineItemId = 'line-2'), 'body.items[1].lineItemId must match format "uuid"'],
      ['bad orderId (not 24 hex)', (o) => (o.orderId = '64B7F0C2A1D3E4F5A6B70001'), 'body.orderId must match pattern'],
      ['bad currency (ISO 4217)', (o) => (o.currency = 'usd'), 'body.currency must match pattern'],
      ['missing required field', (o) => delete o.shipInfo, 'body.shipInfo is required'],
      ['missing required item field', (o) => delete o.items[0].sku, 'body.items[0].sku is required'],
      ['empty items (minItems 1)', (o) => (o.items = []), 'body.items must NOT have fewer than 1 items'],
      ['quantity below 1', (o) => (o.items[0].quantities.orderedQuantity = 0), 'body.items[0].quantities.orderedQuantity must be >= 1'],
      ['null where the page allows no null', (o) => (o.cartId = null), 'body.cartId must be string'],
    ];
    it.each(cases)('%s', async (_name, mutate, mention) => {
      const order = await c().read(ORDER);
      mutate(order);
      const res = await c().refused(ORDER, () => c().put(ORDER, order), 400);
      expectFabricError(res, 400, mention);
    });

    it('a body that is not an object → 400', async () => {
      const res = await c().refused(ORDER, () => c().put(ORDER, [1, 2]), 400);
      expectFabricError(res, 400, 'body must be object');
    });

    it('no body at all → 400', async () => {
      const res = await c().refused(
        ORDER,
        () => c().t.http.put(putPath(ORDER)).set(fabricHeaders()),
        400,
      );
      expectFabricError(res, 400, 'request body');
    });
  });

  it('unknown order → 404 "Order not found" on PUT and GET', async () => {
    const order = await c().read(ORDER);
    order.orderNumber = '999999999';
    expect(expectFabricError(await c().put('999999999', order), 404)).toBe('Order not found');
    expect(expectFabricError(await c().get('999999999'), 404)).toBe('Order not found');
    expect(c().stored('999999999')).toBe('null');
  });

  it('wrong method → 405 with Allow, in fabric shape', async () => {
    const del = await c().refused(ORDER, () => c().t.http.delete(putPath(ORDER)).set('Authorization', `Bearer ${TOKENS.csr}`), 405);
    expectFabricError(del, 405, 'DELETE');
    expect(del.headers.allow).toBe('PUT');
    const post = await c().t.http.post('/fabric/order/').set('Authorization', `Bearer ${TOKENS.csr}`).send({});
    expectFabricError(post, 405);
    expect(post.headers.allow).toBe('GET');
  });

  it('non-JSON content type → 415 in fabric shape, nothing changes', async () => {
    const order = await c().read(ORDER);
    const res = await c().refused(
      ORDER,
      () =>
        c().t.http
          .put(putPath(ORDER))
          .set(fabricHeaders())
          .set('Content-Type', 'text/plain')
          .send(JSON.stringify(order)),
      415,
    );
    expectFabricError(res, 415, 'application/json');
  });

  it('malformed JSON → 400 in fabric shape, nothing changes', async () => {
    const res = await c().refused(
      ORDER,
      () =>
        c().t.http
          .put(putPath(ORDER))
          .set(fabricHeaders())
          .set('Content-Type', 'application/json')
          .send('{"orderNumber": "309019176",'),
      400,
    );
    expectFabricError(res, 400, 'not valid JSON');
  });

  it('an unknown path under /fabric → 404 in fabric shape', async () => {
    const res = await c().t.http.get('/fabric/orders/309019176').set('Authorization', `Bearer ${TOKENS.csr}`);
    expectFabricError(res, 404, 'Not Found');
  });
});
