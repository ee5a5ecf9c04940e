import { describe, it, expect } from 'vitest';
import { expectFabricError, START, useFabric, withThirdTee } from './fabric-client.js';

const ORDER = '309019176';
const ADDRESS = {
  name: { first: 'Jane', last: 'Cooper' },
  address1: '88 Greenwich Street',
  address2: 'Apt 12F',
  city: 'New York',
  state: 'NY',
  country: 'US',
  postalCode: '10006',
  email: 'jane.cooper@example.com',
  phone: { number: '+1 212 555 0147', type: 'MOBILE' },
};

describe('fabric scenario: a customer service rep edits an order, a stale client is refused, the order is cancelled', () => {
  const c = useFabric();

  it('walks the flow through HTTP, checking the stored order after each step', async () => {
    // 1. Read the order as seeded.
    const seeded = await c().read(ORDER);
    expect([seeded.version, seeded.statusCode, seeded.orderTotal, seeded.auditLogs.length]).toEqual([0, 'ORDER_CREATED', 132.83, 1]);

    // 2. New shipping address and a third tee, with every total moved consistently.
    c().clock.advance(5 * 60_000);
    const edit = withThirdTee(seeded);
    edit.shipInfo[0].shipToAddress = ADDRESS;
    edit.notes.push({ noteId: 'note-309019176-2', type: 'CSR', text: 'Moved to Greenwich St, added a third tee', createdBy: 'usr-csr', createdAt: '2026-03-01T10:05:00.000Z' });
    const edited = await c().put(ORDER, edit);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    // 3. Read it back: the change, version 1, one audit entry, server timestamps.
    const afterEdit = await c().read(ORDER);
    expect(afterEdit).toEqual(edited.body);
    expect(afterEdit.shipInfo[0].shipToAddress).toEqual(ADDRESS);
    expect(afterEdit.items[0].quantities.orderedQuantity).toBe(3);
    expect([afterEdit.orderSubTotal, afterEdit.taxTotal, afterEdit.orderTotal]).toEqual([148.5, 13.32, 163.32]);
    expect(afterEdit.notes).toHaveLength(seeded.notes.length + 1);
    expect(afterEdit.version).toBe(1);
    expect(afterEdit.updatedAt).toBe('2026-03-01T10:05:00.000Z');
    expect(afterEdit.createdAt).toBe(seeded.createdAt);
    expect(afterEdit.auditLogs.at(-1)).toMatchObject({ auditId: 'aud-309019176-2', auditType: 'ORDER_UPDATED', updatedBy: 'usr-csr', description: 'Order updated via PUT /order/309019176 (version 0 -> 1)' });

    // 4. A second client still holding version 0 tries to change the address back: 409, nothing changes.
    c().clock.advance(60_000);
    const stale = structuredClone(seeded);
    stale.shipInfo[0].shipToAddress.address2 = 'Apt 4B';
    const conflict = await c().refused(ORDER, () => c().put(ORDER, stale, { who: 'admin' }), 409);
    expect(expectFabricError(conflict, 409)).toBe('Version conflict: order 309019176 is at version 1, request has version 0');
    expect((await c().read(ORDER)).shipInfo[0].shipToAddress).toEqual(ADDRESS);

    // 5. The customer cancels: every line cancelled, the whole amount moves to cancelTotal, the authorisation is voided.
    c().clock.advance(60 * 60_000);
    const current = await c().read(ORDER);
    const cancel = structuredClone(current);
    cancel.statusCode = 'ORDER_CANCELLED';
    cancel.statusDescription = 'Order Cancelled';
    cancel.processName = 'CANCEL';
    cancel.cancellationDate = '2026-03-01T11:06:00.000Z';
    for (const item of cancel.items) {
      item.lineOrderStatus = 'ITEM_CANCELLED';
      item.quantities.cancelledQuantity = item.quantities.orderedQuantity;
    }
    cancel.cancelTotal = 163.32;
    cancel.orderTotal = 0;
    cancel.payments[0].paymentStatus = 'VOIDED';
    const cancelled = await c().put(ORDER, cancel);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);

    // 6. Read back: cancelled, version 2, two server audit entries, the edit kept.
    const final = await c().read(ORDER);
    expect(final).toEqual(cancelled.body);
    expect([final.statusCode, final.orderTotal, final.cancelTotal, final.version]).toEqual(['ORDER_CANCELLED', 0, 163.32, 2]);
    expect(final.items.map((i: { lineOrderStatus: string }) => i.lineOrderStatus)).toEqual(['ITEM_CANCELLED', 'ITEM_CANCELLED']);
    expect(final.cancellationDate).toBe('2026-03-01T11:06:00.000Z');
    expect(final.updatedAt).toBe('2026-03-01T11:06:00.000Z');
    expect(final.shipInfo[0].shipToAddress).toEqual(ADDRESS);
    expect(final.auditLogs.map((a: { auditId: string }) => a.auditId)).toEqual(['aud-309019176-1', 'aud-309019176-2', 'aud-309019176-3']);
    expect(final.auditLogs[2].description).toBe('Order updated via PUT /order/309019176 (version 1 -> 2)');
    expect(final.orderId).toBe(seeded.orderId);
    expect(final.orderDate).toBe(seeded.orderDate);
    // Each audit entry carries the mock clock's time of its own update, not the order's latest one.
    const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();
    expect(final.auditLogs.slice(1).map((a: { updatedAt: string }) => a.updatedAt)).toEqual([at(5), at(66)]);
  });
});
