import { describe, it, expect } from 'vitest';
import { lastVersion, readOrder, useCutmake } from './cutmake-client.js';

/**
 * A realistic life of SO-DOC-1001 through HTTP only: a merchandiser edits the draft and submits
 * it, a member's confirm is refused, the manager confirms, production starts and the goods are
 * delivered. After each step the companion GET must show the order and its version history.
 */
describe('cutmake scenario: draft to delivered', () => {
  const c = useCutmake();

  const ID = 'SO-DOC-1001';
  const history = (order: Record<string, any>) =>
    order.versionHistory.map((v: Record<string, any>) => [v.versionNumber, v.action, v.status, v.changedBy]);

  it('walks the whole flow', async () => {
    const seeded = await readOrder(c(), ID);
    expect(seeded).toMatchObject({ status: 'draft', versionNumber: 2 });

    // 1. Lena edits the draft: one line up, one line added, new ETD and cost.
    c().clock.set('2026-03-02T09:00:00Z');
    let res = await c().patch(ID, {
      action: 'draft',
      estimatedCost: 18250.5,
      etd: '2026-02-10T00:00:00Z',
      notes: 'Add XL run for the Oslo flagship store.',
      lineItems: [
        { id: 'LI-1001-2', styleSkuId: 'SKU-2001-BLK-M', orderQuantity: 450 },
        { styleSkuId: 'SKU-2001-BLK-XL', orderQuantity: 120, clientTolerance: 3, requestedDeliveryDate: '2026-03-16T00:00:00Z' },
      ],
      changeDescription: 'XL added, M increased to 450',
    });
    expect(res.status).toBe(200);
    let order = await readOrder(c(), ID);
    expect(order).toMatchObject({ status: 'draft', versionNumber: 3, estimatedCost: 18250.5, totalQuantity: 910 + 130 + 120, updatedBy: 'user-member-1' });
    expect(order.lineItems.map((l: Record<string, any>) => [l.id, l.orderQuantity])).toEqual([
      ['LI-1001-1', 180],
      ['LI-1001-2', 450],
      ['LI-1001-3', 260],
      ['LI-1001-4', 150],
      ['LI-1001-5', 120],
    ]);
    expect(lastVersion(order)).toEqual({
      versionNumber: 3,
      action: 'draft',
      status: 'draft',
      changeDescription: 'XL added, M increased to 450',
      changedFields: ['etd', 'estimatedCost', 'notes', 'lineItems', 'totalQuantity'],
      changedBy: 'user-member-1',
      changedAt: '2026-03-02T09:00:00.000Z',
    });

    // 2. She submits it for review.
    c().clock.advance(60 * 60 * 1000);
    res = await c().patch(ID, { action: 'submit_for_review', changeDescription: 'Costing done, please review' });
    expect(res.body).toMatchObject({ status: 'pending_review', versionNumber: 4 });
    order = await readOrder(c(), ID);
    expect(order).toMatchObject({ status: 'pending_review', budgetApproved: false, timelineApproved: false });
    expect(lastVersion(order)).toMatchObject({ versionNumber: 4, action: 'submit_for_review', changedFields: ['status'], changedAt: '2026-03-02T10:00:00.000Z' });

    // 3. A member tries to confirm: 403, and the order is exactly as it was.
    const beforeRefusal = c().stored(ID);
    res = await c().patch(ID, { action: 'confirm' }, 'member2');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: "Only manager or admin users can perform action 'confirm'" });
    expect(c().stored(ID)).toBe(beforeRefusal);
    order = await readOrder(c(), ID);
    expect(order.versionNumber).toBe(4);

    // 4. The manager confirms (signing as the merchandising lead via X-User-Id).
    c().clock.advance(24 * 60 * 60 * 1000);
    res = await c().patch(ID, { action: 'confirm', changeDescription: 'Budget and timeline approved' }, 'manager', { 'X-User-Id': 'user-manager' });
    expect(res.body).toMatchObject({ status: 'confirmed', versionNumber: 5 });
    order = await readOrder(c(), ID);
    expect(order).toMatchObject({ status: 'confirmed', budgetApproved: true, timelineApproved: true, updatedBy: 'user-manager' });
    expect(lastVersion(order).changedFields).toEqual(['status', 'budgetApproved', 'timelineApproved']);

    // Confirmed: the quantities are frozen now.
    const confirmed = c().stored(ID);
    res = await c().patch(ID, { lineItems: [{ id: 'LI-1001-5', styleSkuId: 'SKU-2001-BLK-XL', orderQuantity: 200 }] }, 'manager');
    expect(res.status).toBe(409);
    expect(c().stored(ID)).toBe(confirmed);

    // 5. Straight into production (skipping procurement is allowed from confirmed).
    res = await c().patch(ID, { action: 'mark_in_production', changeDescription: 'Cutting started' }, 'manager');
    expect(res.body).toMatchObject({ status: 'in_production', versionNumber: 6 });
    order = await readOrder(c(), ID);
    expect(order.status).toBe('in_production');
    expect(lastVersion(order)).toMatchObject({ versionNumber: 6, action: 'mark_in_production', changedFields: ['status'], changedBy: 'user-manager' });

    // 6. Delivered, with the line statuses set in the same version.
    const delivered = order.lineItems.map((l: Record<string, any>) => ({ id: l.id, styleSkuId: l.styleSkuId, orderQuantity: l.orderQuantity, status: 'delivered' }));
    res = await c().patch(ID, { action: 'mark_delivered', lineItems: delivered, changeDescription: 'All cartons received in Stockholm' }, 'admin');
    expect(res.body).toMatchObject({ status: 'delivered', versionNumber: 7 });
    order = await readOrder(c(), ID);
    expect(order.status).toBe('delivered');
    expect(order.lineItems.every((l: Record<string, any>) => l.status === 'delivered')).toBe(true);
    expect(order.totalQuantity).toBe(1160);
    expect(lastVersion(order)).toMatchObject({ versionNumber: 7, action: 'mark_delivered', changedFields: ['status', 'lineItems'], changedBy: 'user-admin' });

    // The whole history, oldest first, with the seeded versions untouched.
    expect(history(order)).toEqual([
      [1, null, 'draft', 'user-member-1'],
      [2, 'draft', 'draft', 'user-member-1'],
      [3, 'draft', 'draft', 'user-member-1'],
      [4, 'submit_for_review', 'pending_review', 'user-member-1'],
      [5, 'confirm', 'confirmed', 'user-manager'],
      [6, 'mark_in_production', 'in_production', 'user-manager'],
      [7, 'mark_delivered', 'delivered', 'user-admin'],
    ]);
    expect(order.versionHistory.slice(0, 2)).toEqual(seeded.versionHistory);

    // A delivered order takes no further action.
    res = await c().patch(ID, { action: 'draft' }, 'admin');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ detail: 'Cannot draft an order in status delivered' });
  });
});
