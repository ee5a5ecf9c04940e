import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/index.js';
import { startTestMock } from '../../support/harness.js';
import {
  ITEM,
  SESSION_A1,
  TAX_CLASS,
  TAX_CODE,
  TENANT_B,
  expectJtlError,
  expectRefusedUnchanged,
  get,
  jtlHeaders,
  line,
  order,
  patch,
  useJtl,
} from './helpers.js';

// Every refusal of the update after authentication (409, 400, 422) leaves the order exactly as it was.
describe('jtl update refusals', () => {
  const { mock } = useJtl();

  const a1 = order('a1');

  describe('409: orders that cannot be modified', () => {
    it('an order locked by another session is 409 without that session, nothing changes', async () => {
      const a3 = order('a3');
      const res = await expectRefusedUnchanged(mock(), a3, () => patch(mock(), { salesOrderId: a3, lineItems: [{ salesOrderLineItemId: line('a301'), quantity: 10 }] }));
      expect(res.status).toBe(409);
      expectJtlError(res.body, 'CONFLICT');
      expect(res.body.errorMessage).toBe(`Sales order AU-2026-00014 is locked by session ${SESSION_A1}.`);
    });

    it.each([
      ['a4', 'shipped'],
      ['a5', 'cancelled'],
    ])('order %s in final status %s is 409, nothing changes', async (xx, status) => {
      const id = order(xx);
      const res = await expectRefusedUnchanged(mock(), id, () => patch(mock(), { salesOrderId: id, paymentMethodId: '9a000000-0000-4000-8000-0000000000a3' }));
      expect(res.status).toBe(409);
      expect(res.body.errorMessage).toMatch(new RegExp(`has status '${status}' and can no longer be modified`));
    });

    it('a completed order of tenant b is 409, nothing changes', async () => {
      const b2 = order('b2');
      const res = await expectRefusedUnchanged(mock(), b2, () => patch(mock(), { salesOrderId: b2, paymentMethodId: '9a000000-0000-4000-8000-0000000000b1' }, jtlHeaders('jtl-demo-token', TENANT_B)), TENANT_B);
      expect(res.status).toBe(409);
    });

    it("an expired session's locks do not count", async () => {
      const clock = fixedClock('2100-01-02T00:00:00Z'); // every fixture session and token has expired by then
      const later = await startTestMock({ apis: ['jtl'], clock });
      try {
        const token = await later.http.post('/jtl/oauth2/token').auth('ordermock-demo', 'demo-secret-2026').type('form').send({ grant_type: 'client_credentials' });
        const a3 = order('a3');
        const res = await patch(later, { salesOrderId: a3, lineItems: [{ salesOrderLineItemId: line('a301'), quantity: 10 }] }, jtlHeaders(token.body.access_token));
        expect(res.status).toBe(200);
        expect(res.body.lineItems[0].quantity).toBe(10);
        await later.assertResponsesConform();
      } finally {
        await later.close();
      }
    });

    it('a final order can still be read', async () => {
      expect((await get(mock(), order('a4'))).body.status).toBe('shipped');
    });
  });

  it('400: a salesOrderLineItemId listed twice, nothing changes', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () =>
      patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), quantity: 2 }, { salesOrderLineItemId: line('a101'), quantity: 3 }] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.validationErrors).toEqual({ 'lineItems[1].salesOrderLineItemId': 'salesOrderLineItemId is listed more than once (also lineItems[0])' });
  });

  describe('400: what the contract requires of a line or an address', () => {
    it.each([
      [{ quantity: 1, sku: 'BK-TAS-6' }, 'a new line without type'],
      [{ type: 1, sku: 'BK-TAS-6' }, 'a new line without quantity'],
      [{ type: 1, quantity: 1 }, 'an item line without itemId or sku'],
      [{ type: 0, quantity: 1 }, 'a free-text line without name'],
      [{ type: 2, quantity: 1, name: 'DHL Express' }, 'a shipping line without salesPriceNet'],
      [{ salesOrderLineItemId: line('a101'), quantity: 0 }, 'quantity 0'],
      [{ salesOrderLineItemId: line('a101'), discountPercent: 101 }, 'discount over 100 %'],
    ] as [Record<string, unknown>, string][])('%j (%s) is 400 naming lineItems[0], nothing changes', async (lineInput) => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [lineInput] }));
      expect(res.status).toBe(400);
      const fields = Object.keys(res.body.validationErrors);
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) expect(field).toMatch(/^lineItems\[0\]/);
    });

    it('an address needs street, postalCode, city, countryIso (upper case) and a lastName or company', async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, billingAddress: { firstName: 'Lena', city: 'Leipzig', countryIso: 'de' } }));
      expect(res.status).toBe(400);
      const errors = res.body.validationErrors as Record<string, string>;
      expect(Object.keys(errors)).toEqual(expect.arrayContaining(['billingAddress.countryIso', 'billingAddress.postalCode', 'billingAddress.street']));
      for (const field of Object.keys(errors)) expect(field).toMatch(/^billingAddress(\.|$)/);
      // The lastName-or-company rule is named too (how the engine words an anyOf may vary).
      expect(JSON.stringify(errors)).toMatch(/lastName/);
      expect(JSON.stringify(errors)).toMatch(/company/);
    });

    it('more than 500 lines is 400 on lineItems; a tax rate over 100 % is 400 on the line', async () => {
      const many = Array.from({ length: 501 }, () => ({ type: 0, name: 'x', quantity: 1 }));
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: many }));
      expect(res.status).toBe(400);
      // Over 1,000 values: checked up to the first violation, and the body says so (README "Hostile input").
      expect(Object.keys(res.body.validationErrors)).toEqual(['lineItems', '$']);
      expect(res.body.validationErrors.$).toMatch(/checked up to its first violation only/);
      const rate = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), taxRate: 119 }] }));
      expect(Object.keys(rate.body.validationErrors)).toEqual(['lineItems[0].taxRate']);
    });

    it('an empty lineItems array is 400', async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [] }));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.validationErrors)).toEqual(['lineItems']);
    });
  });

  describe('422: references that do not exist in the tenant', () => {
    it('lists every broken reference at once, nothing changes', async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () =>
        patch(mock(), {
          salesOrderId: a1,
          companyId: 'c0000000-0000-4000-8000-0000000000b1', // tenant b's company
          customerId: 'c5000000-0000-4000-8000-0000000000ff',
          shippingMethodId: 'd5000000-0000-4000-8000-0000000000b1',
          paymentMethodId: '9a000000-0000-4000-8000-0000000000ff',
          lineItems: [
            { salesOrderLineItemId: line('b101'), quantity: 2 }, // a line of order b1
            { type: 1, itemId: ITEM.tentB, quantity: 1 }, // tenant b's item
            { type: 1, sku: 'BK-NOPE', quantity: 1 },
            { salesOrderLineItemId: line('a101'), taxClassId: TAX_CLASS.b20, taxCodeId: TAX_CODE.bRC },
          ],
        }),
      );
      expect(res.status).toBe(422);
      expectJtlError(res.body, 'UNPROCESSABLE_ENTITY');
      expect(Object.keys(res.body.validationErrors).sort()).toEqual([
        'companyId',
        'customerId',
        'lineItems[0].salesOrderLineItemId',
        'lineItems[1].itemId',
        'lineItems[2].sku',
        'lineItems[3].taxClassId',
        'lineItems[3].taxCodeId',
        'paymentMethodId',
        'shippingMethodId',
      ]);
      expect(res.body.validationErrors['lineItems[0].salesOrderLineItemId']).toBe(`Line item ${line('b101')} is not part of sales order AU-2026-00012.`);
    });

    it('itemId and sku naming different items is 422 on sku', async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [{ type: 1, itemId: ITEM.espresso, sku: 'BK-TAS-6', quantity: 1 }] }));
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.validationErrors)).toEqual(['lineItems[0].sku']);
    });

    it("changing a line's type is 422", async () => {
      const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a103'), type: 0 }] }));
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.validationErrors)).toEqual(['lineItems[0].type']);
      const same = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a103'), type: 2, quantity: 1 }] });
      expect(same.status).toBe(200);
    });

    it('an item on a line that is not an item line (type 1) is 422', async () => {
      const onShipping = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a103'), sku: 'BK-TAS-6' }] }));
      expect(onShipping.status).toBe(422);
      expect(Object.keys(onShipping.body.validationErrors)).toEqual(['lineItems[0].sku']);
      const onNewFreeText = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), { salesOrderId: a1, lineItems: [{ type: 0, name: 'Hinweis', itemId: ITEM.cups, quantity: 1 }] }));
      expect(onNewFreeText.status).toBe(422);
      expect(Object.keys(onNewFreeText.body.validationErrors)).toEqual(['lineItems[0].itemId']);
    });
  });
});
