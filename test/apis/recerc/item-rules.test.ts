import { describe, expect, it } from 'vitest';
import { expectError, useRecerc } from './recerc-client.js';

const { api } = useRecerc();

const ids = (order: { items: { id: string }[] }) => order.items.map((i) => i.id);
const item = (order: { items: { id: string }[] }, id: string) => order.items.find((i) => i.id === id) as Record<string, any>;
const IVA = [{ name: 'IVA', rate: 19, type: 'vat', calculation: 'exclusive' }];
const mutation = (id: string, parts: Record<string, unknown>) => ({ id, sessionId: 'sess_items', ...parts });
const ORD_1001_IDS = ['item_section_1', 'item_cement', 'item_rebar', 'item_section_2', 'item_123', 'item_transport', 'item_volume_discount'];

describe('recerc items: replace (`items`)', () => {
  it('replaces the whole list, stores items in canonical form (absent parentId = null) and recomputes totals', async () => {
    const items = [{ id: 'item_x', type: 'custom', name: 'Panel cleaning', quantity: 2, price: 40000, taxes: IVA }];
    const res = await api.patch('ord_1007', mutation('ord_1007', { items }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([{ kind: 'items.replaced', ids: ['item_x'] }]);
    const order = await api.order('ord_1007');
    expect(order.items).toEqual([{ id: 'item_x', type: 'custom', parentId: null, name: 'Panel cleaning', quantity: 2, price: 40000, taxes: IVA }]);
    expect(order.totals).toEqual({ subtotal: 80000, adjustmentsTotal: 0, taxTotal: 15200, total: 95200 });
  });

  it('refuses duplicate ids with 422 duplicate_item_id and changes nothing', async () => {
    const note = { id: 'n', type: 'note', text: 'a' };
    const res = await api.expectUnchanged('ord_1007', () => api.patch('ord_1007', mutation('ord_1007', { items: [note, { ...note, text: 'b' }] })));
    expectError(res, 422, 'duplicate_item_id', ['/items/1/id']);
  });

  it('refuses a parentId that is not a section of the new list (422 invalid_parent)', async () => {
    const items = [
      { id: 'c', type: 'custom', name: 'x', quantity: 1, price: 1 },
      { id: 'n', type: 'note', text: 'under a custom item', parentId: 'c' },
    ];
    const res = await api.expectUnchanged('ord_1007', () => api.patch('ord_1007', mutation('ord_1007', { items })));
    expectError(res, 422, 'invalid_parent', ['/items/1/parentId']);
  });
});

describe('recerc items: removedItems', () => {
  it('removes items; removing a section removes its children too, all listed in items.removed', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { removedItems: ['item_section_1', 'item_transport'] }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([{ kind: 'items.removed', ids: ['item_section_1', 'item_cement', 'item_rebar', 'item_transport'] }]);
    const order = await api.order('ord_1001');
    expect(ids(order)).toEqual(['item_section_2', 'item_123', 'item_volume_discount']);
    // 35000 left; -5 % = -1750; IVA 6650 - 333 (-332.5 rounds away from zero).
    expect(order.totals).toEqual({ subtotal: 35000, adjustmentsTotal: -1750, taxTotal: 6317, total: 39567 });
  });

  it('naming a section and one of its children together is not an unknown_item', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { removedItems: ['item_section_1', 'item_cement'] }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([{ kind: 'items.removed', ids: ['item_section_1', 'item_cement', 'item_rebar'] }]);
    expect(ids(await api.order('ord_1001'))).toEqual(['item_section_2', 'item_123', 'item_transport', 'item_volume_discount']);
  });

  it('an unknown id refuses the whole mutation (422 unknown_item), even the known ids before it', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { removedItems: ['item_rebar', 'item_999'] })));
    expectError(res, 422, 'unknown_item', ['/removedItems/1']);
  });
});

describe('recerc items: updatedItems', () => {
  it('merges the sent fields into the item, keeps the others, and records items.updated', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { updatedItems: [{ id: 'item_123', quantity: 3, price: 13990 }] }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([{ kind: 'items.updated', ids: ['item_123'] }]);
    const order = await api.order('ord_1001');
    expect(item(order, 'item_123')).toMatchObject({ type: 'custom', parentId: 'item_section_2', name: 'Installation service', quantity: 3, price: 13990, taxes: IVA });
    expect(order.totals.subtotal).toBe(585160 - 35000 + 41970);
  });

  it('an update that changes no value makes an empty revision', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { updatedItems: [{ id: 'item_cement', quantity: 40 }] }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([]);
    expect(res.body.revision.number).toBe(8);
  });

  it('an unknown id answers 422 unknown_item', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { updatedItems: [{ id: 'item_999', quantity: 1 }] })));
    expectError(res, 422, 'unknown_item', ['/updatedItems/0/id']);
  });

  it.each([
    ['a field the variant does not have (text on a product)', { id: 'item_cement', text: 'hello' }, '/updatedItems/0/text'],
    ['a fractional amount on an amount adjustment', { id: 'item_project_discount', amount: -7.5 }, '/updatedItems/0/amount'],
    ['switching a -50000 amount adjustment to percentage', { id: 'item_project_discount', kind: 'percentage' }, '/updatedItems/0/amount'],
  ])('the merge must still match its variant: %s → 422 invalid_item_update', async (_label, patch, path) => {
    const order = String(patch.id).startsWith('item_project') ? 'ord_1002' : 'ord_1001';
    const res = await api.expectUnchanged(order, () => api.patch(order, mutation(order, { updatedItems: [patch] })));
    expectError(res, 422, 'invalid_item_update', [path]);
  });

  it('a section cannot be nested through an update (422 invalid_item_update)', async () => {
    const res = await api.expectUnchanged('ord_1001', () =>
      api.patch('ord_1001', mutation('ord_1001', { updatedItems: [{ id: 'item_section_2', parentId: 'item_section_1' }] })),
    );
    expectError(res, 422, 'invalid_item_update', ['/updatedItems/0/parentId']);
  });

  it('an unknown productId answers 422 unknown_reference', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { updatedItems: [{ id: 'item_cement', productId: 'prd_nope' }] })));
    expectError(res, 422, 'unknown_reference', ['/updatedItems/0/productId']);
  });
});

describe('recerc items: newItems', () => {
  const drywall = { id: 'item_drywall', type: 'product', productId: 'prd_drywall_15mm', quantity: 10, price: 8990, taxes: IVA, parentId: 'item_section_1' };

  it('appends at the end and records items.added', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { newItems: [drywall] }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([{ kind: 'items.added', ids: ['item_drywall'] }]);
    const order = await api.order('ord_1001');
    expect(ids(order)).toEqual([...ORD_1001_IDS, 'item_drywall']);
    expect(order.totals.subtotal).toBe(585160 + 89900);
  });

  it('may sit under a section added in the same request', async () => {
    const section = { id: 'item_section_3', type: 'section', name: 'Finishes' };
    const res = await api.patch('ord_1001', mutation('ord_1001', { newItems: [{ ...drywall, parentId: 'item_section_3' }, section] }));
    expect(res.status).toBe(200);
    expect(item(await api.order('ord_1001'), 'item_drywall').parentId).toBe('item_section_3');
  });

  it.each([
    ['an id the order already has', [{ ...drywall, id: 'item_cement' }], '/newItems/0/id'],
    ['the same id twice', [drywall, { ...drywall, quantity: 1 }], '/newItems/1/id'],
  ])('%s answers 422 duplicate_item_id', async (_label, newItems, path) => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { newItems })));
    expectError(res, 422, 'duplicate_item_id', [path]);
  });

  it('an unknown productId answers 422 unknown_reference', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { newItems: [{ ...drywall, productId: 'prd_nope' }] })));
    expectError(res, 422, 'unknown_reference', ['/newItems/0/productId']);
  });

  it('a parentId that is not a section answers 422 invalid_parent', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { newItems: [{ ...drywall, parentId: 'item_cement' }] })));
    expectError(res, 422, 'invalid_parent', ['/newItems/0/parentId']);
  });
});

describe('recerc items: reorderedItems', () => {
  it('re-parents under a section or to the top level, keeping list positions', async () => {
    const reorderedItems = [
      { id: 'item_transport', parentId: 'item_section_2' },
      { id: 'item_123', parentId: null },
      { id: 'item_rebar', parentId: 'item_section_1' },
    ];
    const res = await api.patch('ord_1001', mutation('ord_1001', { reorderedItems }));
    expect(res.status).toBe(200);
    // item_rebar already sat under item_section_1: not a change.
    expect(res.body.revision.changes).toEqual([{ kind: 'items.reordered', ids: ['item_transport', 'item_123'] }]);
    const order = await api.order('ord_1001');
    expect(ids(order)).toEqual(ORD_1001_IDS);
    expect(item(order, 'item_transport').parentId).toBe('item_section_2');
    expect(item(order, 'item_123').parentId).toBeNull();
    expect(order.totals.total).toBe(661523);
  });

  it.each([
    ['an unknown item', { id: 'item_999', parentId: 'item_section_1' }, 'unknown_item', '/reorderedItems/0/id'],
    ['an unknown parent', { id: 'item_123', parentId: 'item_section_9' }, 'invalid_parent', '/reorderedItems/0/parentId'],
    ['a parent that is not a section', { id: 'item_123', parentId: 'item_cement' }, 'invalid_parent', '/reorderedItems/0/parentId'],
    ['a section under a section', { id: 'item_section_2', parentId: 'item_section_1' }, 'invalid_parent', '/reorderedItems/0/parentId'],
  ])('%s answers 422 and changes nothing', async (_label, move, code, path) => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { reorderedItems: [move] })));
    expectError(res, 422, code, [path]);
  });
});

describe('recerc items: the mutation is atomic', () => {
  it('a parent removed earlier in the same mutation is refused where the parentId was set', async () => {
    const res = await api.expectUnchanged('ord_1001', () =>
      api.patch('ord_1001', mutation('ord_1001', { removedItems: ['item_section_2'], updatedItems: [{ id: 'item_cement', parentId: 'item_section_2' }] })),
    );
    expectError(res, 422, 'invalid_parent', ['/updatedItems/0/parentId']);
  });

  it('valid items, fields and status followed by one unknown id apply nothing', async () => {
    const body = mutation('ord_1001', {
      newItems: [{ id: 'item_note', type: 'note', text: 'Deliver before noon.' }],
      updatedItems: [{ id: 'item_cement', quantity: 80 }],
      invoicePaymentTerms: 'Net 60',
      status: 'ready',
      reorderedItems: [{ id: 'item_ghost', parentId: null }],
    });
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', body));
    expectError(res, 422, 'unknown_item', ['/reorderedItems/0/id']);
  });
});

describe('recerc totals', () => {
  it('recompute lines, adjustments and taxes per tax, rounding half away from zero', async () => {
    const items = [
      { id: 'sec', type: 'section', name: 'Work' },
      // 2.5 x 3 = 7.5 → 8; IVA 1.52 → 2; ILA 10 % 0.8 → 1
      { id: 'c1', type: 'custom', parentId: 'sec', name: 'Labour', quantity: 2.5, price: 3, taxes: [...IVA, { name: 'ILA', rate: 10, type: 'excise', calculation: 'exclusive' }] },
      // 50; IVA 9.5 → 10
      { id: 's1', type: 'shipping', name: 'Courier', price: 50, taxes: IVA },
      { id: 'n1', type: 'note', text: 'No money here.' },
      // subtotal 58 x -25 % = -14.5 → -15 (Math.round would give -14); IVA -2.85 → -3
      { id: 'p1', type: 'adjustment', parentId: 'sec', name: 'Discount', amount: -25, kind: 'percentage', taxes: IVA },
      { id: 'a1', type: 'adjustment', name: 'Rounding', amount: -3, kind: 'amount', taxes: [] },
    ];
    const res = await api.patch('ord_1007', mutation('ord_1007', { items }));
    expect(res.status).toBe(200);
    expect((await api.order('ord_1007')).totals).toEqual({ subtotal: 58, adjustmentsTotal: -18, taxTotal: 10, total: 50 });
  });

  it('every fixture order already carries the totals the rules give (an empty mutation keeps them)', async () => {
    for (const id of ['ord_1001', 'ord_1002', 'ord_1003', 'ord_1006', 'ord_1007']) {
      const before = (await api.order(id)).totals;
      const res = await api.patch(id, mutation(id, {}));
      expect(res.status).toBe(200);
      expect(res.body.order.totals).toEqual(before);
    }
    expect((await api.order('ord_1001')).totals).toEqual({ subtotal: 585160, adjustmentsTotal: -29258, taxTotal: 105621, total: 661523 });
  });
});
