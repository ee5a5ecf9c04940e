import type { FieldIssue } from '../../core/errors/catalogue.js';
import { roundMoney } from '../shared/money.js';
import type { FabricOrder, Money, OrderItem } from './types.js';

/**
 * The money rules every fixture order keeps (docs/apis/fabric.md, "Fixture orders"), checked to
 * the cent. A total the body omits is not checked (full replacement: it is simply gone); a
 * term the body omits counts as 0, except an item's missing `itemSubTotal`, which counts as
 * `itemUnitPrice` x `orderedQuantity`.
 */
export function checkTotals(order: FabricOrder): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const expect = (path: (string | number)[], actual: unknown, expected: number, formula: string): void => {
    if (typeof actual !== 'number' || cents(actual) === cents(expected)) return;
    issues.push({ in: 'body', path, rule: 'totals', message: `must equal ${formula} = ${money(expected)} (got ${money(actual)})` });
  };

  order.items.forEach((item, i) => {
    expect(['items', i, 'itemSubTotal'], item.itemSubTotal, lineSubTotal(item), 'itemUnitPrice x quantities.orderedQuantity');
    expect(
      ['items', i, 'itemTotal'],
      item.itemTotal,
      fromCents(centsOf(item.itemSubTotal ?? lineSubTotal(item)) - sumCents(item.discounts) + sumCents(item.fees) + centsOf(item.itemTaxTotal)),
      'itemSubTotal - discounts + fees + itemTaxTotal',
    );
  });

  const itemSubTotals = order.items.reduce((sum, item) => sum + centsOf(item.itemSubTotal ?? lineSubTotal(item)), 0);
  expect(['orderSubTotal'], order.orderSubTotal, fromCents(itemSubTotals), 'the sum of items[].itemSubTotal');

  const itemDiscounts = order.items.reduce((sum, item) => sum + sumCents(item.discounts), 0);
  expect(['orderDiscount'], order.orderDiscount, fromCents(itemDiscounts + sumCents(order.discounts)), 'item discounts + order discounts');

  expect(['feeTotal'], order.feeTotal, fromCents(sumCents(order.fees)), 'the sum of fees[].value');

  const itemTax = order.items.reduce((sum, item) => sum + centsOf(item.itemTaxTotal), 0);
  const shipTax = order.shipInfo.reduce((sum, ship) => sum + centsOf(ship.shipToTaxTotal), 0);
  expect(['taxTotal'], order.taxTotal, fromCents(itemTax + shipTax), 'items[].itemTaxTotal + shipInfo[].shipToTaxTotal');

  expect(['appeasementTotal'], order.appeasementTotal, fromCents(sumCents(order.appeasements)), 'the sum of appeasements[].value');

  const orderTotal =
    centsOf(order.orderSubTotal) -
    centsOf(order.orderDiscount) +
    centsOf(order.feeTotal) +
    centsOf(order.taxTotal) -
    centsOf(order.returnTotal) -
    centsOf(order.cancelTotal);
  expect(['orderTotal'], order.orderTotal, fromCents(orderTotal), 'orderSubTotal - orderDiscount + feeTotal + taxTotal - returnTotal - cancelTotal');
  return issues;
}

function lineSubTotal(item: OrderItem): number {
  return roundMoney(item.itemUnitPrice * item.quantities.orderedQuantity);
}

// Sums are kept in whole cents so that 0.1 + 0.2 style drift never decides a refusal.
function centsOf(value: unknown): number {
  return typeof value === 'number' ? cents(value) : 0;
}

function cents(value: number): number {
  return Math.round(roundMoney(value) * 100);
}

function sumCents(list: Money[] | undefined): number {
  return (list ?? []).reduce((sum, entry) => sum + centsOf(entry.value), 0);
}

function fromCents(value: number): number {
  return value / 100;
}

function money(value: number): string {
  return roundMoney(value).toFixed(2);
}
