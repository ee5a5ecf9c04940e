import { describe, it, expect } from 'vitest';
import { expectFabricError, useFabric, withThirdTee, type Order } from './fabric-client.js';

// 309019176: tee 2 x 28.00 (tax 4.97), chino 64.50 - 6.45 item discount (tax 5.15), shipping
// 7.95 (tax 0.71): subtotal 120.50, discount 6.45, fees 7.95, tax 10.83, total 132.83.
const ORDER = '309019176';

describe('fabric PUT: the totals must add up to the cent (400 naming the field otherwise)', () => {
  const c = useFabric();

  it.each(['309019176', '309019177', '309019178', '309019179', '309019180', '309019181', '309019182', '309019183'])(
    'fixture order %s, sent back as read, passes every totals rule',
    async (orderNumber) => {
      const res = await c().put(orderNumber, await c().read(orderNumber));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  );

  it('a quantity change with every dependent total moved is accepted and stored', async () => {
    const res = await c().put(ORDER, withThirdTee(await c().read(ORDER)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await c().read(ORDER);
    expect([after.items[0].quantities.orderedQuantity, after.orderSubTotal, after.taxTotal, after.orderTotal]).toEqual([3, 148.5, 13.32, 163.32]);
  });

  const cases: [string, (o: Order) => void, string][] = [
    [
      'itemSubTotal = itemUnitPrice x orderedQuantity',
      (o) => (o.items[0].quantities.orderedQuantity = 3),
      'body.items[0].itemSubTotal must equal itemUnitPrice x quantities.orderedQuantity = 84.00 (got 56.00)',
    ],
    [
      'itemTotal = itemSubTotal - discounts + fees + itemTaxTotal',
      (o) => (o.items[1].itemTotal = 64.2),
      'body.items[1].itemTotal must equal itemSubTotal - discounts + fees + itemTaxTotal = 63.20 (got 64.20)',
    ],
    [
      'itemTotal counts item fees',
      (o) => o.items[0].fees.push({ type: 'ENGRAVING', value: 4 }),
      'body.items[0].itemTotal must equal itemSubTotal - discounts + fees + itemTaxTotal = 64.97 (got 60.97)',
    ],
    [
      'orderSubTotal = the sum of itemSubTotal',
      (o) => {
        o.orderSubTotal = 130.5;
        o.orderTotal = 142.83; // consistent with the wrong subtotal: only the subtotal is named
      },
      'body.orderSubTotal must equal the sum of items[].itemSubTotal = 120.50 (got 130.50)',
    ],
    [
      'orderDiscount = item discounts + order discounts',
      (o) => o.discounts.push({ promoCode: 'WELCOME5', type: 'ORDER', value: 5 }),
      'body.orderDiscount must equal item discounts + order discounts = 11.45 (got 6.45)',
    ],
    [
      'feeTotal = the sum of fees',
      (o) => o.fees.push({ type: 'GIFT_WRAP', name: 'Gift wrap', value: 5 }),
      'body.feeTotal must equal the sum of fees[].value = 12.95 (got 7.95)',
    ],
    [
      'taxTotal = item taxes + shipping taxes',
      (o) => (o.shipInfo[0].shipToTaxTotal = 0.8),
      'body.taxTotal must equal items[].itemTaxTotal + shipInfo[].shipToTaxTotal = 10.92 (got 10.83)',
    ],
    [
      'appeasementTotal = the sum of appeasements',
      (o) => o.appeasements.push({ reasonCode: 'LATE_DELIVERY', value: 10 }),
      'body.appeasementTotal must equal the sum of appeasements[].value = 10.00 (got 0.00)',
    ],
    [
      'orderTotal = subtotal - discount + fees + tax - returns - cancels, to the cent',
      (o) => (o.orderTotal = 132.84),
      'body.orderTotal must equal orderSubTotal - orderDiscount + feeTotal + taxTotal - returnTotal - cancelTotal = 132.83 (got 132.84)',
    ],
  ];
  it.each(cases)('%s: broken → 400, nothing changes', async (_rule, mutate, message) => {
    const order = await c().read(ORDER);
    mutate(order);
    const res = await c().refused(ORDER, () => c().put(ORDER, order), 400);
    expect(expectFabricError(res, 400)).toBe(`Invalid order: ${message}`);
  });

  it('every broken total is named in one answer', async () => {
    const order = await c().read(ORDER);
    order.items[0].quantities.orderedQuantity = 3;
    order.items[0].itemSubTotal = 84;
    order.fees.push({ type: 'GIFT_WRAP', value: 5 });
    const res = await c().refused(ORDER, () => c().put(ORDER, order), 400);
    expectFabricError(res, 400, 'body.items[0].itemTotal must equal', 'body.orderSubTotal must equal', 'body.feeTotal must equal');
    expect(res.body.message).not.toContain('itemSubTotal must equal');
    expect(res.body.message).not.toContain('orderTotal must equal'); // it agrees with the totals as sent
  });

  it('returns and cancellations reduce orderTotal; a term the body omits counts as 0', async () => {
    const returned = await c().read('309019180'); // returnTotal 65.05, orderTotal 35.28
    delete returned.returnTotal;
    const res = await c().refused('309019180', () => c().put('309019180', returned), 400);
    expectFabricError(res, 400, 'body.orderTotal must equal orderSubTotal - orderDiscount + feeTotal + taxTotal - returnTotal - cancelTotal = 100.33 (got 35.28)');

    const created = await c().read(ORDER); // returnTotal and cancelTotal are 0 here
    delete created.returnTotal;
    delete created.cancelTotal;
    expect((await c().put(ORDER, created)).status).toBe(200);
  });

  it('a total the body omits is not checked, and is gone afterwards (full replacement)', async () => {
    const order = withThirdTee(await c().read(ORDER));
    delete order.orderTotal;
    delete order.items[0].itemTotal;
    order.items[0].itemTaxTotal = 7.5; // would break itemTotal, which is no longer sent
    order.taxTotal = 13.36;
    const res = await c().put(ORDER, order);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await c().read(ORDER);
    expect(after).not.toHaveProperty('orderTotal');
    expect(after.items[0]).not.toHaveProperty('itemTotal');
  });

  it('an item without itemSubTotal counts as price x quantity in orderSubTotal and its itemTotal', async () => {
    const order = await c().read(ORDER); // tee: 2 x 28.00, orderSubTotal 120.50
    delete order.items[0].itemSubTotal;
    const res = await c().put(ORDER, order);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await c().read(ORDER)).items[0]).not.toHaveProperty('itemSubTotal');

    // Counting the missing subtotal as 0 would make 64.50 right; it is refused against 56.00 + 64.50.
    const zero = await c().read(ORDER);
    zero.orderSubTotal = 64.5;
    zero.orderTotal = 76.83;
    const refused = await c().refused(ORDER, () => c().put(ORDER, zero), 400);
    expect(expectFabricError(refused, 400)).toBe('Invalid order: body.orderSubTotal must equal the sum of items[].itemSubTotal = 120.50 (got 64.50)');
  });

  it('sums are exact to the cent, without floating-point drift (0.1 x 3 = 0.30)', async () => {
    const order = await c().read(ORDER);
    const tee = order.items[0];
    tee.itemUnitPrice = 0.1;
    tee.quantities.orderedQuantity = 3;
    tee.itemSubTotal = 0.3;
    tee.itemTotal = 5.27; // 0.30 + 4.97 tax
    order.orderSubTotal = 64.8; // 0.30 + 64.50
    order.orderTotal = 77.13; // 64.80 - 6.45 + 7.95 + 10.83
    const res = await c().put(ORDER, order);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await c().read(ORDER)).orderTotal).toBe(77.13);
  });
});
