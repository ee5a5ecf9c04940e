import { describe, it, expect } from 'vitest';
import { expectFabricError, fabricHeaders, useFabric } from './fabric-client.js';

describe('fabric companion read GET /order/?orderNumber=&orderId=', () => {
  const c = useFabric();
  const get = (query: string) => c().t.http.get(`/fabric/order/${query}`).set(fabricHeaders({ who: 'readonly' }));

  it('by orderNumber returns the order exactly as stored', async () => {
    const res = await get('?orderNumber=309019183');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(c().stored('309019183')));
    expect(res.body.currency).toBe('CAD');
  });

  it('the path works with and without the trailing slash', async () => {
    const withSlash = await get('?orderNumber=309019177');
    const without = await c().t.http.get('/fabric/order?orderNumber=309019177').set(fabricHeaders({ who: 'readonly' }));
    expect(without.status).toBe(200);
    expect(without.text).toBe(withSlash.text);
  });

  it('by orderId, and by both when they name the same order', async () => {
    const byId = await get('?orderId=64b7f0c2a1d3e4f5a6b70004');
    expect(byId.status).toBe(200);
    expect(byId.body.orderNumber).toBe('309019179');
    const both = await get('?orderNumber=309019179&orderId=64b7f0c2a1d3e4f5a6b70004');
    expect(both.text).toBe(byId.text);
  });

  it('orderNumber and orderId naming different orders → 404', async () => {
    expect(expectFabricError(await get('?orderNumber=309019179&orderId=64b7f0c2a1d3e4f5a6b70001'), 404)).toBe('Order not found');
  });

  it('an unknown orderNumber or orderId → 404 "Order not found"', async () => {
    expect(expectFabricError(await get('?orderNumber=1'), 404)).toBe('Order not found');
    expect(expectFabricError(await get('?orderId=64b7f0c2a1d3e4f5a6b7ffff'), 404)).toBe('Order not found');
  });

  it('neither orderNumber nor orderId → 400 naming them', async () => {
    expectFabricError(await get(''), 400, 'query.orderNumber or query.orderId is required');
  });

  it('a malformed orderId → 400 naming it', async () => {
    expectFabricError(await get('?orderId=not-an-object-id'), 400, 'query.orderId must match pattern');
  });
});
