import { describe, expect, it } from 'vitest';
import { ITEM, TAX_CLASS, TAX_CODE, get, line, order, patch, useJtl } from './helpers.js';

const ADDRESS = {
  salutation: 'Herr',
  firstName: 'Thomas',
  lastName: 'Weber',
  company: 'Weber Zahnmedizin',
  street: 'Leopoldstraße 44',
  city: 'München',
  postalCode: '80802',
  countryIso: 'DE',
  emailAddress: 'praxis@weber-zahnmedizin.de',
};

// What an accepted update changes: fields, addresses, lines, tax rates, amounts, updatedAt.
describe('jtl update rules', () => {
  const { clock, mock } = useJtl();

  const a1 = order('a1');
  const a2 = order('a2');
  const stored = (id: string) => JSON.parse(mock().stored('jtl', 'orders', id));

  describe('applying an update', () => {
    it('top-level fields present replace, absent ones stay; customer and shipping method leave lines and addresses alone', async () => {
      const before = stored(a2);
      const res = await patch(mock(), {
        salesOrderId: a2,
        customerId: 'c5000000-0000-4000-8000-0000000000a3',
        shippingMethodId: 'd5000000-0000-4000-8000-0000000000a2',
        companyId: 'c0000000-0000-4000-8000-0000000000a2',
      });
      expect(res.status).toBe(200);
      const after = (await get(mock(), a2)).body;
      expect(after).toEqual({
        ...before,
        customerId: 'c5000000-0000-4000-8000-0000000000a3',
        shippingMethodId: 'd5000000-0000-4000-8000-0000000000a2',
        companyId: 'c0000000-0000-4000-8000-0000000000a2',
        updatedAt: '2026-11-24T10:15:00Z',
      });
    });

    it('an address replaces the stored one whole: all 18 keys, the ones left out null', async () => {
      const before = stored(a2);
      const res = await patch(mock(), { salesOrderId: a2, shipmentAddress: ADDRESS });
      expect(res.status).toBe(200);
      const after = (await get(mock(), a2)).body;
      expect(Object.keys(after.shipmentAddress)).toHaveLength(18);
      expect(after.shipmentAddress).toMatchObject({ ...ADDRESS, postId: null, title: null, state: null, phoneNumber: null });
      expect(after.billingAddress).toEqual(before.billingAddress);
      expect(after.lineItems).toEqual(before.lineItems);
    });

    it('an address may name a company instead of a last name', async () => {
      const res = await patch(mock(), { salesOrderId: a2, billingAddress: { company: 'Weber Zahnmedizin', street: 'Leopoldstraße 44', postalCode: '80802', city: 'München', countryIso: 'DE' } });
      expect(res.status).toBe(200);
      expect((await get(mock(), a2)).body.billingAddress).toMatchObject({ company: 'Weber Zahnmedizin', lastName: null, firstName: null });
    });

    it('lines not listed stay; a listed line changes only the fields given; nothing deletes a line', async () => {
      const before = stored(a2);
      const res = await patch(mock(), { salesOrderId: a2, lineItems: [{ salesOrderLineItemId: line('a202'), note: 'Geschenk', discountPercent: 10 }] });
      expect(res.status).toBe(200);
      const after = (await get(mock(), a2)).body;
      expect(after.lineItems).toHaveLength(4);
      expect(after.lineItems[0]).toEqual(before.lineItems[0]);
      expect(after.lineItems[2]).toEqual(before.lineItems[2]);
      expect(after.lineItems[1]).toEqual({ ...before.lineItems[1], note: 'Geschenk', discountPercent: 10, netAmount: 53.82, discountAmount: 5.98, taxAmount: 10.23, grossAmount: 64.05 });
      expect(after.totals).toEqual({ netTotal: 282.82, taxTotal: 53.74, grossTotal: 336.56 });
      const cleared = await patch(mock(), { salesOrderId: a2, lineItems: [{ salesOrderLineItemId: line('a202'), note: null }] });
      expect(cleared.body.lineItems[1].note).toBeNull();
    });

    it('a new item line by sku takes the item master data and the tax rate of its tax class', async () => {
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ type: 1, sku: 'BK-FIL-500', quantity: 4 }] });
      expect(res.status).toBe(200);
      const added = (await get(mock(), a1)).body.lineItems[3];
      expect(added).toMatchObject({
        type: 1,
        itemId: ITEM.filter,
        sku: 'BK-FIL-500',
        name: 'Filterkaffee Morgentau, gemahlen, 500 g',
        note: null,
        salesUnit: 'Stk',
        salesPriceNet: 8.4,
        discountPercent: 0,
        taxClassId: TAX_CLASS.a7,
        taxCodeId: null,
        taxRate: 7,
        netAmount: 33.6,
        taxAmount: 2.35,
        grossAmount: 35.95,
      });
      expect(added.salesOrderLineItemId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('a new item line by itemId keeps the fields it gives over the master data', async () => {
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ type: 1, itemId: ITEM.grinder, quantity: 1, name: 'Granit G1 (Vorführgerät)', salesPriceNet: 199 }] });
      expect(res.body.lineItems[3]).toMatchObject({ sku: 'BK-MUH-GR1', name: 'Granit G1 (Vorführgerät)', salesPriceNet: 199, taxRate: 19, netAmount: 199, taxAmount: 37.81 });
    });

    it("a new free-text line costs 0 and takes the tenant's default tax class; other kinds their own price", async () => {
      const res = await patch(mock(), {
        salesOrderId: a1,
        lineItems: [
          { type: 0, name: 'Bitte klingeln', quantity: 1 },
          { type: 10, name: 'Verpackung', salesPriceNet: 2.5, quantity: 1, salesUnit: 'Stk' },
        ],
      });
      expect(res.status).toBe(200);
      const [text, packing] = (await get(mock(), a1)).body.lineItems.slice(3);
      expect(text).toMatchObject({ type: 0, itemId: null, sku: null, salesUnit: null, salesPriceNet: 0, taxClassId: TAX_CLASS.a19, taxRate: 19, grossAmount: 0 });
      expect(packing).toMatchObject({ type: 10, itemId: null, salesUnit: 'Stk', salesPriceNet: 2.5, taxRate: 19, netAmount: 2.5, taxAmount: 0.48, grossAmount: 2.98 });
    });

    it("changing a line's item brings the new item's name, unit, price and tax class", async () => {
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a102'), sku: 'BK-TAS-6' }] });
      expect(res.status).toBe(200);
      expect((await get(mock(), a1)).body.lineItems[1]).toMatchObject({
        salesOrderLineItemId: line('a102'),
        itemId: ITEM.cups,
        sku: 'BK-TAS-6',
        name: 'Espressotassen Set, 6 Stk',
        note: 'Bitte mit Lieferschein ohne Preise',
        quantity: 2,
        salesUnit: 'Set',
        salesPriceNet: 29.9,
        taxClassId: TAX_CLASS.a19,
        netAmount: 59.8,
      });
    });

    it('a tax class change sets the rate from the class; a tax code wins over the class; a given taxRate wins over both', async () => {
      const toClass = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), taxClassId: TAX_CLASS.a19 }] });
      expect(toClass.body.lineItems[0]).toMatchObject({ taxClassId: TAX_CLASS.a19, taxRate: 19, taxAmount: 21.55 });
      const toCode = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), taxCodeId: TAX_CODE.aRC }] });
      expect(toCode.body.lineItems[0]).toMatchObject({ taxCodeId: TAX_CODE.aRC, taxRate: 0, taxAmount: 0, grossAmount: 113.4 });
      const given = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), taxCodeId: null, taxRate: 5.5 }] });
      expect(given.body.lineItems[0]).toMatchObject({ taxCodeId: null, taxRate: 5.5, taxAmount: 6.24 });
      // A quantity change alone keeps a rate that was given.
      const qty = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), quantity: 1 }] });
      expect(qty.body.lineItems[0]).toMatchObject({ taxRate: 5.5, netAmount: 18.9, taxAmount: 1.04 });
      expect((await get(mock(), a1)).body).toEqual(qty.body);
    });

    it('tax is computed on the rounded net: 1 x 0.025 at 19 % is net 0.03, tax 0.01, gross 0.04', async () => {
      // On the unrounded net the tax would be 0.00475 → 0.00 and the gross 0.03.
      const res = await patch(mock(), { salesOrderId: a1, lineItems: [{ salesOrderLineItemId: line('a101'), quantity: 1, salesPriceNet: 0.025, taxRate: 19 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.lineItems[0]).toMatchObject({ netAmount: 0.03, taxAmount: 0.01, grossAmount: 0.04 });
      expect((await get(mock(), a1)).body.lineItems[0]).toMatchObject({ netAmount: 0.03, taxAmount: 0.01, grossAmount: 0.04 });
    });

    it('clearing the reverse-charge tax code (null) falls back to the tax class rate', async () => {
      const a6 = order('a6');
      const res = await patch(mock(), { salesOrderId: a6, lineItems: [{ salesOrderLineItemId: '51000000-0000-4000-8000-00000000a601', taxCodeId: null }] });
      expect(res.status).toBe(200);
      expect((await get(mock(), a6)).body.lineItems[0]).toMatchObject({ taxCodeId: null, taxRate: 7, netAmount: 330, taxAmount: 23.1, grossAmount: 353.1 });
      expect(res.body.totals).toEqual({ netTotal: 803.06, taxTotal: 23.1, grossTotal: 826.16 });
    });

    it('money rounds half away from zero, for coupons (negative prices) too, and tax is computed on the rounded net', async () => {
      const res = await patch(mock(), {
        salesOrderId: a1,
        lineItems: [
          { type: 3, name: 'Gutschein', salesPriceNet: -0.125, quantity: 1 },
          { type: 0, name: 'Aufpreis', salesPriceNet: 1.005, quantity: 1 },
          { type: 1, sku: 'BK-ESP-BULK', quantity: 0.75, discountPercent: 3 },
        ],
      });
      expect(res.status).toBe(200);
      const [coupon, surcharge, bulk] = (await get(mock(), a1)).body.lineItems.slice(3);
      expect(coupon).toMatchObject({ netAmount: -0.13, taxAmount: -0.02, grossAmount: -0.15 });
      expect(surcharge).toMatchObject({ netAmount: 1.01, taxAmount: 0.19, grossAmount: 1.2 });
      // 0.75 kg × 16.50 = 12.375; 3 % off = 12.00375 → 12.00, discount 0.37125 → 0.37; 7 % of 12.00 = 0.84.
      expect(bulk).toMatchObject({ quantity: 0.75, netAmount: 12, discountAmount: 0.37, taxAmount: 0.84, grossAmount: 12.84 });
      expect(res.body.totals).toEqual({ netTotal: 151.16, taxTotal: 13.68, grossTotal: 164.84 });
    });

    it('updatedAt is the clock at the time of the update; createdAt never changes', async () => {
      clock.advance(90_000);
      const res = await patch(mock(), { salesOrderId: a1, paymentMethodId: '9a000000-0000-4000-8000-0000000000a2' });
      expect(res.body.updatedAt).toBe('2026-11-24T10:16:30Z');
      expect(res.body.createdAt).toBe('2026-11-18T09:12:44Z');
    });

    it('upper-case uuids find the same order and references', async () => {
      const res = await patch(mock(), { salesOrderId: a1.toUpperCase(), customerId: 'C5000000-0000-4000-8000-0000000000A3' });
      expect(res.status).toBe(200);
      expect((await get(mock(), a1)).body.customerId).toBe('c5000000-0000-4000-8000-0000000000a3');
    });
  });
});
