import { applyFields } from '../shared/apply-fields.js';
import { refuse, type BodyPath } from './refusals.js';
import type { Item, ItemType } from './types.js';

/** The keys each item variant may carry, in the order the fixtures store them. */
export const ITEM_KEYS: Record<ItemType, readonly string[]> = {
  product: ['id', 'type', 'parentId', 'productId', 'quantity', 'price', 'originalPrice', 'taxes', 'baseUnit'],
  custom: ['id', 'type', 'parentId', 'name', 'quantity', 'price', 'taxes', 'baseUnit'],
  adjustment: ['id', 'type', 'parentId', 'name', 'amount', 'kind', 'taxes'],
  section: ['id', 'type', 'name', 'parentId'],
  shipping: ['id', 'type', 'parentId', 'name', 'price', 'taxes'],
  note: ['id', 'type', 'parentId', 'text'],
};

/** Keys an `updatedItems` entry may set (ItemUpdate minus `id`; `type` never changes). */
export const UPDATABLE_KEYS = ['parentId', 'name', 'text', 'productId', 'quantity', 'price', 'originalPrice', 'amount', 'kind', 'taxes', 'baseUnit'] as const;

/** A stored item built from declared keys only, in canonical key order; absent parentId = null (top level). */
export function canonicalItem(source: Item): Item {
  const item = { id: source.id, type: source.type } as Item;
  applyFields(item, source, ITEM_KEYS[source.type], { nullMeans: 'clear' });
  if (item.parentId === undefined) item.parentId = null;
  const ordered = {} as Item;
  for (const key of ITEM_KEYS[source.type]) if (item[key] !== undefined) ordered[key] = item[key];
  return ordered;
}

/** After an `updatedItems` merge: the item must still match its variant's schema (422 invalid_item_update). */
export function checkVariant(item: Item, at: BodyPath): void {
  const fail = (key: string, why: string) => refuse('invalid_item_update', `Item ${item.id} would no longer be a valid ${item.type} item: ${why}.`, [...at, key], why);
  if (item.type === 'section' && item.parentId !== null && item.parentId !== undefined) throw fail('parentId', 'sections cannot be nested');
  if (item.type === 'adjustment') {
    if (item.kind === 'amount' && !Number.isInteger(item.amount)) throw fail('amount', 'an amount adjustment must be an integer in minor units');
    if (item.kind === 'percentage' && (item.amount! < -100 || item.amount! > 100)) throw fail('amount', 'a percentage adjustment must be between -100 and 100');
  }
}

/** 422 invalid_item_update for a key the item's variant does not have (e.g. `text` on a product). */
export function checkUpdatableKeys(item: Item, patch: Record<string, unknown>, at: BodyPath): void {
  for (const key of UPDATABLE_KEYS) {
    if (Object.prototype.hasOwnProperty.call(patch, key) && !ITEM_KEYS[item.type].includes(key)) {
      throw refuse('invalid_item_update', `Item ${item.id} is a ${item.type} item and has no ${key}.`, [...at, key], `does not apply to ${item.type} items`);
    }
  }
}
