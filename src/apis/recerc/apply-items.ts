import type { Collection } from '../../core/store/store.js';
import { applyFields } from '../shared/apply-fields.js';
import { UPDATABLE_KEYS, canonicalItem, checkUpdatableKeys, checkVariant } from './item-variants.js';
import { refuse, type BodyPath } from './refusals.js';
import type { Item, Order, OrderMutation, RevisionChange } from './types.js';

/**
 * Applies the item parts of a mutation to `order` (a private copy) in the contract's order:
 * `items` (replace) → `removedItems` → `updatedItems` → `newItems` → `reorderedItems`, then
 * checks every parentId against the resulting list. Throws a 422 on the first broken rule.
 */
export function applyItemMutations(order: Order, body: OrderMutation, products: Collection): RevisionChange[] {
  const changes: RevisionChange[] = [];
  // Which body field last set an item's parentId, so an invalid_parent names it.
  const parentSetBy = new Map<string, BodyPath>();
  const find = (id: string) => order.items.find((item) => item.id === id);
  const checkProduct = (productId: unknown, at: BodyPath) => {
    if (typeof productId === 'string' && !products.has(productId)) {
      throw refuse('unknown_reference', `Product ${productId} does not exist.`, at, `unknown product ${productId}`);
    }
  };

  if (body.items) {
    const seen = new Set<string>();
    body.items.forEach((raw, i) => {
      if (seen.has(raw.id)) throw refuse('duplicate_item_id', `Item id ${raw.id} appears more than once.`, ['items', i, 'id'], `duplicate item id ${raw.id}`);
      seen.add(raw.id);
      checkProduct(raw.productId, ['items', i, 'productId']);
      parentSetBy.set(raw.id, ['items', i, 'parentId']);
    });
    order.items = body.items.map(canonicalItem);
    changes.push({ kind: 'items.replaced', ids: order.items.map((item) => item.id) });
  }

  if (body.removedItems?.length) {
    // All ids are checked before anything is removed, so "section + its child" is not an unknown_item.
    body.removedItems.forEach((id, i) => {
      if (!find(id)) throw refuse('unknown_item', `Order ${order.id} has no item ${id}.`, ['removedItems', i], `No item with id ${id} on this order.`);
    });
    const named = new Set(body.removedItems);
    const gone = order.items.filter((item) => named.has(item.id) || (item.parentId != null && named.has(item.parentId) && find(item.parentId)?.type === 'section'));
    order.items = order.items.filter((item) => !gone.includes(item));
    changes.push({ kind: 'items.removed', ids: gone.map((item) => item.id) });
  }

  if (body.updatedItems?.length) {
    const updated: string[] = [];
    body.updatedItems.forEach((patch, i) => {
      const index = order.items.findIndex((item) => item.id === patch.id);
      if (index < 0) throw refuse('unknown_item', `Order ${order.id} has no item ${patch.id}.`, ['updatedItems', i, 'id'], `No item with id ${patch.id} on this order.`);
      const item = order.items[index];
      checkUpdatableKeys(item, patch, ['updatedItems', i]);
      checkProduct(patch.productId, ['updatedItems', i, 'productId']);
      const changed = applyFields(item, patch, UPDATABLE_KEYS, { nullMeans: 'clear' });
      checkVariant(item, ['updatedItems', i]);
      if (Object.prototype.hasOwnProperty.call(patch, 'parentId')) parentSetBy.set(item.id, ['updatedItems', i, 'parentId']);
      order.items[index] = canonicalItem(item);
      if (changed.length && !updated.includes(item.id)) updated.push(item.id);
    });
    if (updated.length) changes.push({ kind: 'items.updated', ids: updated });
  }

  if (body.newItems?.length) {
    const seen = new Set(order.items.map((item) => item.id));
    body.newItems.forEach((raw, i) => {
      if (seen.has(raw.id)) throw refuse('duplicate_item_id', `Order ${order.id} already has an item ${raw.id}.`, ['newItems', i, 'id'], `item id ${raw.id} is already used`);
      seen.add(raw.id);
      checkProduct(raw.productId, ['newItems', i, 'productId']);
      parentSetBy.set(raw.id, ['newItems', i, 'parentId']);
    });
    const added = body.newItems.map(canonicalItem);
    order.items.push(...added);
    changes.push({ kind: 'items.added', ids: added.map((item) => item.id) });
  }

  if (body.reorderedItems?.length) {
    const moved: string[] = [];
    body.reorderedItems.forEach((move, i) => {
      const item = find(move.id);
      if (!item) throw refuse('unknown_item', `Order ${order.id} has no item ${move.id}.`, ['reorderedItems', i, 'id'], `No item with id ${move.id} on this order.`);
      if (move.parentId !== null) {
        if (item.type === 'section') throw refuse('invalid_parent', `Section ${item.id} cannot be nested.`, ['reorderedItems', i, 'parentId'], 'sections stay at the top level');
        if (find(move.parentId)?.type !== 'section') throw notASection(move.parentId, ['reorderedItems', i, 'parentId']);
      }
      parentSetBy.set(item.id, ['reorderedItems', i, 'parentId']);
      if ((item.parentId ?? null) !== move.parentId) {
        item.parentId = move.parentId;
        if (!moved.includes(item.id)) moved.push(item.id);
      }
    });
    if (moved.length) changes.push({ kind: 'items.reordered', ids: moved });
  }

  checkParents(order.items, parentSetBy);
  return changes;
}

function notASection(parentId: string, at: BodyPath) {
  return refuse('invalid_parent', `${parentId} is not a section of this order.`, at, `${parentId} is not a section of this order`);
}

/** Every parentId must name a section of the resulting list (the rule covers items, newItems and updates). */
function checkParents(items: Item[], parentSetBy: Map<string, BodyPath>): void {
  const sections = new Set(items.filter((item) => item.type === 'section').map((item) => item.id));
  for (const item of items) {
    if (item.parentId != null && !sections.has(item.parentId)) throw notASection(item.parentId, parentSetBy.get(item.id) ?? ['items']);
  }
}
