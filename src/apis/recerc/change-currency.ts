import type { ApiData } from '../../core/store/store.js';
import { roundHalfAwayFromZero } from '../shared/money.js';
import { refuse } from './refusals.js';
import type { Order, RevisionChange } from './types.js';

interface Currency {
  minorUnitDigits: number;
}
interface Rate {
  rate: number;
}

const ACTION_PATH = ['actions', 'changeCurrency'];

/**
 * `actions.changeCurrency`: converts every item `price` and every `kind: amount` adjustment
 * with the stored rate `<from>:<to>` (units of `to` per unit of `from`):
 * round(minor / 10^digits(from) * rate * 10^digits(to)). Percentages and `originalPrice` stay.
 */
export function changeCurrency(
  order: Order,
  action: { currentCurrency: string; targetCurrency: string },
  confirmedCurrency: string | undefined,
  data: ApiData,
): RevisionChange[] {
  const { currentCurrency, targetCurrency } = action;
  if (currentCurrency !== order.currency) {
    throw refuse('currency_mismatch', `The order currency is ${order.currency}, not ${currentCurrency}.`, [...ACTION_PATH, 'currentCurrency'], `must equal the order currency ${order.currency}`);
  }
  if (confirmedCurrency !== undefined && confirmedCurrency !== targetCurrency) {
    throw refuse('currency_mismatch', `currency ${confirmedCurrency} contradicts the conversion to ${targetCurrency}.`, ['currency'], `must equal actions.changeCurrency.targetCurrency ${targetCurrency}`);
  }
  if (targetCurrency === currentCurrency) return [];
  const currencies = data.collection<Currency>('currencies');
  const from = currencies.get(currentCurrency);
  const to = currencies.get(targetCurrency);
  const rate = data.collection<Rate>('rates').get(`${currentCurrency}:${targetCurrency}`);
  if (!from || !to || !rate) {
    const why = !to ? `unknown currency ${targetCurrency}` : `no exchange rate from ${currentCurrency} to ${targetCurrency}`;
    throw refuse('unknown_currency', `Cannot convert to ${targetCurrency}: ${why}.`, [...ACTION_PATH, 'targetCurrency'], why);
  }
  const convert = (minor: number) => roundHalfAwayFromZero((minor / 10 ** from.minorUnitDigits) * rate.rate * 10 ** to.minorUnitDigits);
  for (const item of order.items) {
    if (typeof item.price === 'number') item.price = convert(item.price);
    if (item.type === 'adjustment' && item.kind === 'amount' && typeof item.amount === 'number') item.amount = convert(item.amount);
  }
  order.currency = targetCurrency;
  return [{ kind: 'currency', before: currentCurrency, after: targetCurrency, rate: rate.rate }];
}
