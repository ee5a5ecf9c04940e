import { describe, expect, it } from 'vitest';
import { TENANT_A, get, jtlHeaders, line, order, patch, useJtl } from './helpers.js';

// The flow, end to end over HTTP: one mock, steps in order, the order read back after each.
describe('jtl scenario: an integration edits an order of Bergkaffee', () => {
  const { clock, mock } = useJtl({ reset: false });
  const a2 = order('a2');
  let token = '';
  let runAsToken = '';

  it('1. gets a token with client credentials (no RunAs scope asked for)', async () => {
    const res = await mock().http.post('/jtl/oauth2/token').auth('ordermock-demo', 'demo-secret-2026').type('form').send({ grant_type: 'client_credentials', scope: 'orders.read orders.write' });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('orders.read orders.write');
    token = res.body.access_token;
    const seeded = await get(mock(), a2, jtlHeaders(token));
    expect(seeded.status).toBe(200);
    expect(seeded.body.totals).toEqual({ netTotal: 288.8, taxTotal: 54.87, grossTotal: 343.67 });
  });

  it('2. replaces the shipment address (Packstation → practice) and the billing address', async () => {
    clock.advance(60_000);
    const shipmentAddress = { salutation: 'Herr', firstName: 'Thomas', lastName: 'Weber', company: 'Weber Zahnmedizin', street: 'Leopoldstraße 44', city: 'München', postalCode: '80802', countryIso: 'DE' };
    const billingAddress = { ...shipmentAddress, title: 'Dr.', vatId: 'DE312345678' };
    const res = await patch(mock(), { salesOrderId: a2, shipmentAddress, billingAddress }, jtlHeaders(token));
    expect(res.status).toBe(200);
    const back = (await get(mock(), a2, jtlHeaders(token))).body;
    expect(back.shipmentAddress).toMatchObject({ ...shipmentAddress, postId: null, title: null });
    expect(back.billingAddress).toMatchObject({ ...billingAddress, mobilePhoneNumber: null, emailAddress: null });
    expect(back.totals).toEqual({ netTotal: 288.8, taxTotal: 54.87, grossTotal: 343.67 });
    expect(back.updatedAt).toBe('2026-11-24T10:16:00Z');
  });

  it('3. patches a line, adds an item by SKU with a discount and a coupon; totals are recomputed', async () => {
    clock.advance(60_000);
    const res = await patch(
      mock(),
      {
        salesOrderId: a2,
        lineItems: [
          { salesOrderLineItemId: line('a202'), quantity: 3 },
          { type: 1, sku: 'BK-ESP-1000', quantity: 2, discountPercent: 5 },
          { type: 3, name: 'Gutschein Stammkunde', salesPriceNet: -10, quantity: 1 },
        ],
      },
      jtlHeaders(token),
    );
    expect(res.status).toBe(200);
    const back = (await get(mock(), a2, jtlHeaders(token))).body;
    expect(back).toEqual(res.body);
    expect(back.lineItems).toHaveLength(6);
    expect(back.lineItems[1]).toMatchObject({ quantity: 3, netAmount: 89.7, taxAmount: 17.04, grossAmount: 106.74 });
    expect(back.lineItems[4]).toMatchObject({ type: 1, sku: 'BK-ESP-1000', taxRate: 7, netAmount: 35.91, discountAmount: 1.89, taxAmount: 2.51, grossAmount: 38.42 });
    expect(back.lineItems[5]).toMatchObject({ type: 3, itemId: null, taxRate: 19, netAmount: -10, taxAmount: -1.9, grossAmount: -11.9 });
    expect(back.totals).toEqual({ netTotal: 344.61, taxTotal: 61.16, grossTotal: 405.77 });
    expect(back.shipmentAddress.street).toBe('Leopoldstraße 44'); // step 2 still holds
  });

  it("4. tries tenant b's order with tenant a's header: 404, exactly like a missing order", async () => {
    const before = mock().stored('jtl', 'orders', order('b1'));
    const foreign = await patch(mock(), { salesOrderId: order('b1'), paymentMethodId: '9a000000-0000-4000-8000-0000000000a2' }, jtlHeaders(token, TENANT_A));
    const missing = await patch(mock(), { salesOrderId: order('ff'), paymentMethodId: '9a000000-0000-4000-8000-0000000000a2' }, jtlHeaders(token, TENANT_A));
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(Object.keys(foreign.body)).toEqual(Object.keys(missing.body));
    expect(foreign.body.errorCode).toBe(missing.body.errorCode);
    expect(mock().stored('jtl', 'orders', order('b1'))).toBe(before);
  });

  it('5. tries x-runas without the Application.RunAs scope: 403, the order unchanged', async () => {
    const before = mock().stored('jtl', 'orders', a2);
    const res = await patch(mock(), { salesOrderId: a2, lineItems: [{ salesOrderLineItemId: line('a201'), discountPercent: 15 }] }, { ...jtlHeaders(token), 'x-runas': '23' });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('FORBIDDEN');
    expect(mock().stored('jtl', 'orders', a2)).toBe(before);
    expect((await get(mock(), a2, jtlHeaders(token))).body.lineItems[0].discountPercent).toBe(10);
  });

  it('6. gets a token with Application.RunAs and runs the same change as user 23: 200', async () => {
    const res = await mock().http.post('/jtl/oauth2/token').auth('ordermock-demo', 'demo-secret-2026').type('form').send({ grant_type: 'client_credentials', scope: 'orders.read orders.write Application.RunAs' });
    runAsToken = res.body.access_token;
    clock.advance(60_000);
    const ok = await patch(mock(), { salesOrderId: a2, lineItems: [{ salesOrderLineItemId: line('a201'), discountPercent: 15 }] }, { ...jtlHeaders(runAsToken), 'x-runas': '23' });
    expect(ok.status).toBe(200);
    const back = (await get(mock(), a2, jtlHeaders(runAsToken))).body;
    // 249 × 85 % = 211.65; 19 % = 40.21.
    expect(back.lineItems[0]).toMatchObject({ discountPercent: 15, netAmount: 211.65, discountAmount: 37.35, taxAmount: 40.21, grossAmount: 251.86 });
    expect(back.totals).toEqual({ netTotal: 332.16, taxTotal: 58.79, grossTotal: 390.95 });
    expect(back.updatedAt).toBe('2026-11-24T10:18:00Z');
  });
});
