import { roundMoney } from '../shared/money.js';
import type { SalesOrder, SalesOrderLine } from './types.js';

/** JTL rounds money to cents, halves away from zero. */
export const round2 = (x: number): number => roundMoney(x, 2);

/** Line amounts from quantity, net price, discount and tax rate; tax is computed on the rounded net. */
export function recomputeLine(line: SalesOrderLine): void {
  const gross = line.quantity * line.salesPriceNet;
  line.netAmount = round2(gross * (1 - line.discountPercent / 100));
  line.discountAmount = round2((gross * line.discountPercent) / 100);
  line.taxAmount = round2((line.netAmount * line.taxRate) / 100);
  line.grossAmount = round2(line.netAmount + line.taxAmount);
}

/** Every line, then the order's totals as rounded sums of the lines. */
export function recomputeOrder(order: SalesOrder): void {
  let net = 0;
  let tax = 0;
  let gross = 0;
  for (const line of order.lineItems) {
    recomputeLine(line);
    net += line.netAmount;
    tax += line.taxAmount;
    gross += line.grossAmount;
  }
  order.totals = { netTotal: round2(net), taxTotal: round2(tax), grossTotal: round2(gross) };
}
