import { describe, it, expect } from 'vitest';
import { lastVersion, readOrder, useCutmake, type Who } from './cutmake-client.js';

// One fixture order per status (docs/apis/cutmake.md).
const ORDER_IN: Record<string, string> = {
  draft: 'SO-DOC-1001',
  pending_review: 'SO-DOC-1002',
  confirmed: 'SO-DOC-1003',
  rejected: 'SO-DOC-1004',
  in_procurement: 'SO-DOC-1005',
  in_production: 'SO-DOC-1006',
  partially_delivered: 'SO-DOC-1007',
  delivered: 'SO-DOC-1008',
};

// The transition table, written out independently of the implementation.
const ALLOWED: Record<string, Record<string, string>> = {
  draft: { draft: 'draft', pending_review: 'draft', rejected: 'draft' },
  submit_for_review: { draft: 'pending_review', rejected: 'pending_review' },
  confirm: { pending_review: 'confirmed' },
  reject: { pending_review: 'rejected' },
  mark_in_procurement: { confirmed: 'in_procurement' },
  mark_in_production: { confirmed: 'in_production', in_procurement: 'in_production' },
  mark_partially_delivered: { in_production: 'partially_delivered', partially_delivered: 'partially_delivered' },
  mark_delivered: { in_production: 'delivered', partially_delivered: 'delivered' },
};

const MANAGER_ONLY = ['confirm', 'reject', 'mark_in_procurement', 'mark_in_production', 'mark_partially_delivered', 'mark_delivered'];

const matrix = Object.keys(ALLOWED).flatMap((action) => Object.keys(ORDER_IN).map((from) => ({ action, from, to: ALLOWED[action][from] })));

describe('cutmake state machine', () => {
  const c = useCutmake();

  it.each(matrix.filter((m) => m.to))('$action from $from → $to, recorded as a new version', async ({ action, from, to }) => {
    const id = ORDER_IN[from];
    const before = await readOrder(c(), id);
    const res = await c().patch(id, { action, changeDescription: `${action} test` }, 'manager');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: to, versionNumber: before.versionNumber + 1, documentId: id });
    const after = await readOrder(c(), id);
    expect(after.status).toBe(to);
    expect(lastVersion(after)).toMatchObject({ versionNumber: before.versionNumber + 1, action, status: to, changeDescription: `${action} test` });
    expect(after.versionHistory.slice(0, -1)).toEqual(before.versionHistory);
    if (to !== from) expect(lastVersion(after).changedFields).toContain('status');
  });

  it.each(matrix.filter((m) => !m.to))('$action from $from → 409 naming state and action, nothing changes', async ({ action, from }) => {
    const id = ORDER_IN[from];
    const res = await c().refused(id, () => c().patch(id, { action, notes: 'must not land' }, 'admin'), 409);
    expect(res.body).toEqual({ detail: `Cannot ${action} an order in status ${from}` });
  });

  describe('permissions (role from the bearer token)', () => {
    it.each(MANAGER_ONLY)('a member may not %s → 403, nothing changes', async (action) => {
      // An order from which the action would be legal, so only the role refuses it.
      const from = Object.keys(ALLOWED[action])[0];
      const id = ORDER_IN[from];
      const res = await c().refused(id, () => c().patch(id, { action }, 'member'), 403);
      expect(res.body).toEqual({ detail: `Only manager or admin users can perform action '${action}'` });
    });

    it.each(['manager', 'admin'] as Who[])('%s may confirm', async (who) => {
      const res = await c().patch('SO-DOC-1002', { action: 'confirm' }, who);
      expect(res.status).toBe(200);
      expect((await readOrder(c(), 'SO-DOC-1002')).status).toBe('confirmed');
    });

    it.each([
      ['draft', 'SO-DOC-1004', 'draft'],
      ['submit_for_review', 'SO-DOC-1001', 'pending_review'],
    ])('any authenticated user may %s', async (action, id, to) => {
      const res = await c().patch(id, { action }, 'member2');
      expect(res.status).toBe(200);
      expect((await readOrder(c(), id)).status).toBe(to);
    });

    it('403 comes before 409: a member confirming a draft is told about the role', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { action: 'confirm' }, 'member'), 403);
      expect(res.body.detail).toBe("Only manager or admin users can perform action 'confirm'");
    });

    it('404 comes before 403', async () => {
      const res = await c().patch('SO-DOC-0404', { action: 'confirm' }, 'member');
      expect(res.status).toBe(404);
    });

    it('X-User-Id does not grant a role: a member acting as the manager is still refused', async () => {
      const res = await c().refused('SO-DOC-1002', () => c().patch('SO-DOC-1002', { action: 'confirm' }, 'member', { 'X-User-Id': 'user-manager' }), 403);
      expect(res.body.detail).toContain("'confirm'");
    });
  });

  describe('approval flags follow the actions', () => {
    it('confirm sets budgetApproved and timelineApproved', async () => {
      await c().patch('SO-DOC-1002', { action: 'confirm' }, 'manager');
      const order = await readOrder(c(), 'SO-DOC-1002');
      expect(order).toMatchObject({ budgetApproved: true, timelineApproved: true });
      expect(lastVersion(order).changedFields).toEqual(['status', 'budgetApproved', 'timelineApproved']);
    });

    it('reject clears them; back to draft keeps them cleared', async () => {
      await c().patch('SO-DOC-1002', { action: 'reject', changeDescription: 'Over budget' }, 'manager');
      let order = await readOrder(c(), 'SO-DOC-1002');
      expect(order).toMatchObject({ status: 'rejected', budgetApproved: false, timelineApproved: false });
      expect(lastVersion(order).changedFields).toEqual(['status']);
      await c().patch('SO-DOC-1002', { action: 'draft' }, 'member2');
      order = await readOrder(c(), 'SO-DOC-1002');
      expect(order).toMatchObject({ status: 'draft', budgetApproved: false, timelineApproved: false });
    });

    it('mark_* actions keep the flags as they are', async () => {
      await c().patch('SO-DOC-1003', { action: 'mark_in_production' }, 'manager');
      const order = await readOrder(c(), 'SO-DOC-1003');
      expect(order).toMatchObject({ status: 'in_production', budgetApproved: true, timelineApproved: true });
      expect(lastVersion(order).changedFields).toEqual(['status']);
    });
  });

  it('actions never change line statuses', async () => {
    const before = await readOrder(c(), 'SO-DOC-1006');
    await c().patch('SO-DOC-1006', { action: 'mark_delivered' }, 'manager');
    const after = await readOrder(c(), 'SO-DOC-1006');
    expect(after.lineItems).toEqual(before.lineItems);
  });
});
