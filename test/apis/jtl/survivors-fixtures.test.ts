import { describe, expect, it } from 'vitest';
import { ITEM, TAX_CLASS, TENANT_A, get, jtlHeaders, line, order, patch, useJtl } from './helpers.js';

// Rules that only show with documents the seeds do not hold, stored first through the control
// plane (PUT /__ordermock/store/jtl/<collection>/<id>): a tax code with a rate, a client without a
// rate limit, a token whose client is gone, a line naming a tax code that no longer exists.
describe('jtl rules with documents stored through the control plane', () => {
  const { mock } = useJtl();
  const a1 = order('a1');
  const put = async (collection: string, id: string, doc: unknown) => {
    const res = await mock().http.put(`/__ordermock/store/jtl/${collection}/${id}`).send(doc as object);
    expect(res.status).toBe(200);
  };
  const storedWindow = (clientId: string) => mock().http.get(`/__ordermock/store/jtl/rateLimits/${clientId}`);

  describe('taxRate', () => {
    it("a tax code sent on a line sets the code's own rate", async () => {
      const code = '7d000000-0000-4000-8000-0000000000a9';
      await put('taxCodes', code, { taxCodeId: code, tenantId: TENANT_A, code: 'KLEIN', name: 'Sondersatz', taxRate: 16 });
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), taxCodeId: code }] });
      expect(res.status).toBe(200);
      expect(res.body.lineItems[0]).toMatchObject({ taxCodeId: code, taxRate: 16, netAmount: 113.4, taxAmount: 18.14, grossAmount: 131.54 });
    });

    it('a line whose stored tax code no longer exists gets rate 0 when its tax is recomputed (no crash)', async () => {
      const stored = (await mock().http.get(`/__ordermock/store/jtl/orders/${a1}`)).body;
      stored.lineItems[2].taxCodeId = '7d000000-0000-4000-8000-0000000000ff';
      await put('orders', a1, stored);
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a103'), taxClassId: TAX_CLASS.a7 }] });
      expect(res.status).toBe(200);
      expect(res.body.lineItems[2]).toMatchObject({ taxClassId: TAX_CLASS.a7, taxCodeId: '7d000000-0000-4000-8000-0000000000ff', taxRate: 0, taxAmount: 0 });
    });

    it("a line switched to another item takes that item's (non-default) tax class and its rate", async () => {
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a102'), itemId: ITEM.filter }] });
      expect(res.status).toBe(200);
      expect(res.body.lineItems[1]).toMatchObject({ itemId: ITEM.filter, sku: 'BK-FIL-500', taxClassId: TAX_CLASS.a7, taxRate: 7, salesPriceNet: 8.4 });
    });

    it("an item without a tax class brings the tenant's default class", async () => {
      const itemId = '17000000-0000-4000-8000-0000000000a9';
      await put('items', itemId, { itemId, tenantId: TENANT_A, sku: 'BK-GUT-1', name: 'Gutschein', salesUnit: 'Stk', salesPriceNet: 25, taxClassId: null, active: true });
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), itemId }] });
      expect(res.status).toBe(200);
      expect(res.body.lineItems[0]).toMatchObject({ itemId, taxClassId: TAX_CLASS.a19, taxRate: 19 });
    });
  });

  it('sending the item a line already has again keeps what the line changed (no master data reload)', async () => {
    const first = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), name: 'Espresso, Sonderröstung', salesPriceNet: 15, taxRate: 19 }] });
    expect(first.status).toBe(200);
    const again = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), itemId: ITEM.espresso, quantity: 3 }] });
    expect(again.status).toBe(200);
    expect(again.body.lineItems[0]).toMatchObject({ itemId: ITEM.espresso, name: 'Espresso, Sonderröstung', salesPriceNet: 15, taxRate: 19, quantity: 3, netAmount: 45 });
    expect((await get(mock(), a1)).body.lineItems[0]).toEqual(again.body.lineItems[0]);
  });

  it("a token whose client no longer exists is 401 invalid_token", async () => {
    await put('tokens', 'jtl-orphan-token', { token: 'jtl-orphan-token', clientId: 'gone', scopes: ['orders.read'], issuedAt: '2026-01-01T00:00:00Z', expiresAt: '2099-12-31T23:59:59Z' });
    const res = await get(mock(), a1, jtlHeaders('jtl-orphan-token'));
    expect(res.status).toBe(401);
    expect(res.body.errorMessage).toBe('The access token is invalid.');
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  describe('a client without a positive rate limit is never limited and has no window', () => {
    it.each([
      ['no rateLimitPerMinute', undefined],
      ['rateLimitPerMinute 0', 0],
      ['rateLimitPerMinute -1', -1],
    ])('%s', async (_name, limit) => {
      const clientId = 'unlimited';
      await put('clients', clientId, { clientId, clientSecret: 'unlimited-secret', name: 'no limit', allowedScopes: ['orders.read'], tenantIds: [TENANT_A], ...(limit === undefined ? {} : { rateLimitPerMinute: limit }) });
      await put('tokens', 'jtl-unlimited-token', { token: 'jtl-unlimited-token', clientId, scopes: ['orders.read'], issuedAt: '2026-01-01T00:00:00Z', expiresAt: '2099-12-31T23:59:59Z' });
      for (let i = 0; i < 3; i++) expect((await get(mock(), a1, jtlHeaders('jtl-unlimited-token'))).status).toBe(200);
      expect((await storedWindow(clientId)).status).toBe(404);
    });
  });
});
