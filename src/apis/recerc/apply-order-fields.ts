import type { ApiData } from '../../core/store/store.js';
import { applyFields } from '../shared/apply-fields.js';
import { refuse } from './refusals.js';
import type { Order, OrderMutation, RevisionChange } from './types.js';

interface Customer {
  memberships?: Record<string, unknown>;
}

const has = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);
// Keys the body parser already drops; checked again because `data` keys become stored keys.
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Checks that every id the mutation's scalar fields name exists (422 unknown_reference / unknown_currency). */
function checkReferences(order: Order, body: OrderMutation, data: ApiData, convertsCurrency: boolean): void {
  const customers = data.collection<Customer>('customers');
  if (typeof body.customerId === 'string' && !customers.has(body.customerId)) {
    throw refuse('unknown_reference', `Customer ${body.customerId} does not exist.`, ['customerId'], `unknown customer ${body.customerId}`);
  }
  if (typeof body.customerMembershipId === 'string') {
    const customerId = has(body, 'customerId') ? body.customerId : order.customerId;
    const memberships = customerId ? customers.get(customerId)?.memberships ?? {} : {};
    if (!has(memberships, body.customerMembershipId)) {
      const why = customerId ? `is not a membership of customer ${customerId}` : 'the order has no customer';
      throw refuse('unknown_reference', `Membership ${body.customerMembershipId} ${why}.`, ['customerMembershipId'], why);
    }
  }
  if (typeof body.ownerId === 'string' && !data.collection('users').has(body.ownerId)) {
    throw refuse('unknown_reference', `User ${body.ownerId} does not exist.`, ['ownerId'], `unknown user ${body.ownerId}`);
  }
  if (typeof body.priceListId === 'string' && !data.collection('priceLists').has(body.priceListId)) {
    throw refuse('unknown_reference', `Price list ${body.priceListId} does not exist.`, ['priceListId'], `unknown price list ${body.priceListId}`);
  }
  if (!convertsCurrency && typeof body.currency === 'string' && !data.collection('currencies').has(body.currency)) {
    throw refuse('unknown_currency', `Currency ${body.currency} is not supported.`, ['currency'], `unknown currency ${body.currency}`);
  }
}

/**
 * Applies the order's own fields in the FieldChange enum's order. `currency` alone relabels
 * (no conversion); with `actions.changeCurrency` it is only a confirmation the action checks.
 */
export function applyOrderFields(order: Order, body: OrderMutation, data: ApiData): RevisionChange[] {
  const convertsCurrency = Boolean(body.actions?.changeCurrency);
  checkReferences(order, body, data, convertsCurrency);
  const changes: RevisionChange[] = [];
  const set = (field: keyof Order & string, patch: Record<string, unknown>) => {
    const before = order[field];
    if (applyFields(order, patch, [field], { nullMeans: 'clear' }).length) changes.push({ kind: 'field', field, before, after: structuredClone(order[field]) });
  };

  set('customerId', body);
  // A new customer cannot keep the old customer's contact: reset unless the body names one.
  const customerChanged = changes.some((c) => c.kind === 'field' && c.field === 'customerId');
  set('customerMembershipId', customerChanged && !has(body, 'customerMembershipId') ? { customerMembershipId: null } : body);
  set('ownerId', body);
  set('priceListId', body);
  set('customFields', body);
  if (body.data) set('data', { data: mergeData(order.data, body.data) });
  if (!convertsCurrency) set('currency', body);
  set('invoiceFooterText', body);
  set('invoicePaymentTerms', body);
  return changes;
}

/** Shallow merge of `data` updates; a null value deletes the key. */
function mergeData(current: Record<string, unknown>, updates: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current)) merged[key] = value;
  for (const [key, value] of Object.entries(updates)) {
    if (POISONED_KEYS.has(key)) continue;
    if (value === null) delete merged[key];
    else merged[key] = structuredClone(value);
  }
  return merged;
}
