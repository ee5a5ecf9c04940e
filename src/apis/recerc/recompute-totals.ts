import { roundHalfAwayFromZero as round } from '../shared/money.js';
import type { Item, Totals } from './types.js';

/** The money value an item contributes before tax, or undefined for items without money (sections, notes). */
function lineValue(item: Item): number | undefined {
  switch (item.type) {
    case 'product':
    case 'custom':
      return round(item.quantity! * item.price!);
    case 'shipping':
      return item.price!;
    default:
      return undefined;
  }
}

/**
 * Order totals in minor units, rounding half away from zero: lines, then adjustments (a
 * percentage applies to the whole subtotal whatever its parentId), then exclusive taxes per
 * line and per adjustment.
 */
export function recomputeTotals(items: Item[]): Totals {
  let subtotal = 0;
  let taxTotal = 0;
  const taxOn = (item: Item, value: number) => {
    for (const tax of item.taxes ?? []) taxTotal += round((value * tax.rate) / 100);
  };
  for (const item of items) {
    const value = lineValue(item);
    if (value === undefined) continue;
    subtotal += value;
    taxOn(item, value);
  }
  let adjustmentsTotal = 0;
  for (const item of items) {
    if (item.type !== 'adjustment') continue;
    const value = item.kind === 'percentage' ? round((subtotal * item.amount!) / 100) : item.amount!;
    adjustmentsTotal += value;
    taxOn(item, value);
  }
  return { subtotal, adjustmentsTotal, taxTotal, total: subtotal + adjustmentsTotal + taxTotal };
}
