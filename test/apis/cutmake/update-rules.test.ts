import { describe, it, expect } from 'vitest';
import { KEPT_VERSIONS } from '../../../src/apis/cutmake/version-history.js';
import { lastVersion, readOrder, useCutmake } from './cutmake-client.js';

describe('cutmake update rules', () => {
  const c = useCutmake();

  describe('versions', () => {
    it('every accepted PATCH makes a new version with changeDescription, changed fields, user and time', async () => {
      c().clock.set('2026-03-02T08:30:00Z');
      await c().patch('SO-DOC-1001', { estimatedCost: 17250, paymentTerm: 'Net 45', changeDescription: 'Renegotiated' });
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order.versionNumber).toBe(3);
      expect(order.updatedAt).toBe('2026-03-02T08:30:00.000Z');
      expect(order.updatedBy).toBe('user-member-1');
      expect(order.versionHistory).toHaveLength(3);
      expect(lastVersion(order)).toEqual({
        versionNumber: 3,
        action: null,
        status: 'draft',
        changeDescription: 'Renegotiated',
        changedFields: ['paymentTerm', 'estimatedCost'],
        changedBy: 'user-member-1',
        changedAt: '2026-03-02T08:30:00.000Z',
      });
    });

    it('an empty body {} still makes a version, with no changed fields', async () => {
      const before = await readOrder(c(), 'SO-DOC-1001');
      const res = await c().patch('SO-DOC-1001', {});
      expect(res.body.versionNumber).toBe(3);
      const after = await readOrder(c(), 'SO-DOC-1001');
      expect(lastVersion(after)).toMatchObject({ versionNumber: 3, action: null, changeDescription: null, changedFields: [] });
      const content = ({ versionNumber, updatedAt, versionHistory, ...rest }: Record<string, any>) => rest;
      expect(content(after)).toEqual(content(before));
      expect(after.versionHistory.slice(0, 2)).toEqual(before.versionHistory);
    });

    it('a value sent unchanged is not listed as changed', async () => {
      await c().patch('SO-DOC-1001', { estimatedCost: 16840, notes: 'new note' });
      expect(lastVersion(await readOrder(c(), 'SO-DOC-1001')).changedFields).toEqual(['notes']);
    });

    it('X-User-Id is recorded as updatedBy and changedBy', async () => {
      await c().patch('SO-DOC-1001', { notes: 'on behalf' }, 'member', { 'X-User-Id': 'user-member-2' });
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order.updatedBy).toBe('user-member-2');
      expect(lastVersion(order).changedBy).toBe('user-member-2');
    });

    it('versions keep counting across updates', async () => {
      for (let i = 0; i < 3; i++) await c().patch('SO-DOC-1001', { notes: `note ${i}` });
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order.versionHistory.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([1, 2, 3, 4, 5]);
      expect(order.notes).toBe('note 2');
    });

    it(`keeps the latest ${KEPT_VERSIONS} versions it made per order, beside the fixture's own history, and stores no more`, async () => {
      const updates = KEPT_VERSIONS + 3;
      for (let i = 0; i < updates; i++) expect((await c().patch('SO-DOC-1001', { notes: `note ${i}` })).status).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order.versionNumber).toBe(2 + updates);
      const numbers = order.versionHistory.map((v: { versionNumber: number }) => v.versionNumber);
      // The fixture's versions 1 and 2, then the newest KEPT_VERSIONS: 3, 4 and 5 were dropped.
      expect(numbers).toEqual([1, 2, ...Array.from({ length: KEPT_VERSIONS }, (_, i) => 6 + i)]);
      expect(lastVersion(order)).toMatchObject({ versionNumber: 2 + updates, changedFields: ['notes'] });
      // Slot 5 of 100 now holds version 105: the store never holds more than 100 of one order's versions.
      expect(c().t.mock.store.data('default', 'cutmake').collection<{ versionNumber: number }>('versions').get('SO-DOC-1001#5')?.versionNumber).toBe(105);
      expect(c().t.mock.store.data('default', 'cutmake').collection('versions').size).toBe(KEPT_VERSIONS);
    });
  });

  describe('partial update and null', () => {
    it('only the fields sent change', async () => {
      const before = await readOrder(c(), 'SO-DOC-1001');
      await c().patch('SO-DOC-1001', { shippingTerm: 'CIF Gothenburg', etd: '2026-02-20T00:00:00Z' });
      const after = await readOrder(c(), 'SO-DOC-1001');
      expect(after.shippingTerm).toBe('CIF Gothenburg');
      expect(after.etd).toBe('2026-02-20T00:00:00Z');
      for (const f of ['paymentTerm', 'estimatedCost', 'notes', 'clientId', 'styleId', 'lineItems', 'requestedDeliveryDate', 'status']) {
        expect(after[f], f).toEqual(before[f]);
      }
    });

    it('null clears a nullable field', async () => {
      await c().patch('SO-DOC-1001', { notes: null, etd: null, estimatedCost: null });
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order).toMatchObject({ notes: null, etd: null, estimatedCost: null });
      expect(lastVersion(order).changedFields).toEqual(['etd', 'estimatedCost', 'notes']);
    });

    it('null for action, lineItems and changeDescription means "not given"', async () => {
      const before = await readOrder(c(), 'SO-DOC-1001');
      const res = await c().patch('SO-DOC-1001', { action: null, lineItems: null, changeDescription: null, notes: 'x' });
      expect(res.status).toBe(200);
      const after = await readOrder(c(), 'SO-DOC-1001');
      expect(after.status).toBe('draft');
      expect(after.lineItems).toEqual(before.lineItems);
      expect(lastVersion(after)).toMatchObject({ action: null, changeDescription: null, changedFields: ['notes'] });
    });
  });

  describe('client and style', () => {
    it('a new clientId brings its clientName; null clears both', async () => {
      await c().patch('SO-DOC-1001', { clientId: 'CL-1003' });
      let order = await readOrder(c(), 'SO-DOC-1001');
      expect(order).toMatchObject({ clientId: 'CL-1003', clientName: 'Maison Lune SARL' });
      expect(lastVersion(order).changedFields).toEqual(['clientId', 'clientName']);
      await c().patch('SO-DOC-1001', { clientId: null });
      order = await readOrder(c(), 'SO-DOC-1001');
      expect(order).toMatchObject({ clientId: null, clientName: null });
    });

    it('an unknown clientId → 422 value_error at body.clientId, nothing changes', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { clientId: 'CL-9999', notes: 'x' }), 422);
      expect(res.body).toEqual({
        detail: [{ type: 'value_error', loc: ['body', 'clientId'], msg: "Value error, Unknown client 'CL-9999'", input: 'CL-9999' }],
      });
    });

    it('a new styleId is accepted when every line ends up on its SKUs; styleCode follows', async () => {
      const lineItems = [
        { id: 'LI-1001-1', styleSkuId: 'SKU-2005-GRT-S', orderQuantity: 180 },
        { id: 'LI-1001-2', styleSkuId: 'SKU-2005-GRT-M', orderQuantity: 320 },
        { id: 'LI-1001-3', styleSkuId: 'SKU-2005-GRT-L', orderQuantity: 260 },
        { id: 'LI-1001-4', styleSkuId: 'SKU-2005-BLK-M', orderQuantity: 150 },
      ];
      const res = await c().patch('SO-DOC-1001', { styleId: 'ST-2005', lineItems });
      expect(res.status).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order).toMatchObject({ styleId: 'ST-2005', styleCode: 'NOA-PNT-2503' });
      expect(order.lineItems.map((l: { styleSkuId: string }) => l.styleSkuId)).toEqual(lineItems.map((l) => l.styleSkuId));
      expect(lastVersion(order).changedFields).toEqual(['styleId', 'styleCode', 'lineItems']);
    });

    it('changing styleId while untouched lines use the old style → 422 at body.styleId', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { styleId: 'ST-2005' }), 422);
      expect(res.body.detail).toHaveLength(1);
      expect(res.body.detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'styleId'], input: 'ST-2005' });
      expect(res.body.detail[0].msg).toContain('LI-1001-1');
    });

    it('an unknown styleId → 422 at body.styleId', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { styleId: 'ST-9999' }), 422);
      expect(res.body.detail).toEqual([{ type: 'value_error', loc: ['body', 'styleId'], msg: "Value error, Unknown style 'ST-9999'", input: 'ST-9999' }]);
    });

    it('clearing styleId clears styleCode; SKUs then only need to exist', async () => {
      await c().patch('SO-DOC-1001', { styleId: null, lineItems: [{ styleSkuId: 'SKU-2003-OAT-M', orderQuantity: 10 }] });
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order).toMatchObject({ styleId: null, styleCode: null, totalQuantity: 920 });
    });

    it('client and style are not cross-checked (a style of another client is accepted)', async () => {
      const res = await c().patch('SO-DOC-1001', { clientId: 'CL-1002' });
      expect(res.status).toBe(200);
      expect((await readOrder(c(), 'SO-DOC-1001')).styleId).toBe('ST-2001');
    });
  });

  describe('lineItems', () => {
    it('with id updates that line (fields sent replace), without id adds one, others are kept', async () => {
      const before = await readOrder(c(), 'SO-DOC-1001');
      const res = await c().patch('SO-DOC-1001', {
        lineItems: [
          { id: 'LI-1001-2', styleSkuId: 'SKU-2001-BLK-M', orderQuantity: 450, requestedDeliveryDate: '2026-03-20T00:00:00Z' },
          { styleSkuId: 'SKU-2001-BLK-XL', orderQuantity: 120, clientTolerance: 3 },
          { styleSkuId: 'SKU-2001-NVY-XL', orderQuantity: 40, status: 'confirmed', requestedBulkReadyDate: '2026-02-06T00:00:00Z' },
        ],
      });
      expect(res.status).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order.lineItems).toHaveLength(6);
      // Unmentioned lines stay exactly as they were.
      for (const i of [0, 2, 3]) expect(order.lineItems[i]).toEqual(before.lineItems[i]);
      // clientTolerance and status were not sent: kept.
      expect(order.lineItems[1]).toEqual({ ...before.lineItems[1], orderQuantity: 450, requestedDeliveryDate: '2026-03-20T00:00:00Z' });
      expect(order.lineItems[4]).toEqual({
        id: 'LI-1001-5',
        styleSkuId: 'SKU-2001-BLK-XL',
        orderQuantity: 120,
        clientTolerance: 3,
        requestedDeliveryDate: null,
        requestedBulkReadyDate: null,
        status: 'pending',
      });
      expect(order.lineItems[5]).toMatchObject({ id: 'LI-1001-6', clientTolerance: 0, status: 'confirmed', requestedBulkReadyDate: '2026-02-06T00:00:00Z' });
      expect(order.totalQuantity).toBe(180 + 450 + 260 + 150 + 120 + 40);
      expect(lastVersion(order).changedFields).toEqual(['lineItems', 'totalQuantity']);
    });

    it('a line null date clears it; a null status keeps it', async () => {
      await c().patch('SO-DOC-1001', { lineItems: [{ id: 'LI-1001-4', styleSkuId: 'SKU-2001-NVY-M', orderQuantity: 150, requestedDeliveryDate: null, status: null }] });
      const line = (await readOrder(c(), 'SO-DOC-1001')).lineItems[3];
      expect(line).toMatchObject({ requestedDeliveryDate: null, requestedBulkReadyDate: '2026-02-16T00:00:00Z', status: 'pending' });
    });

    it('lineItems: [] changes no line (but still makes a version)', async () => {
      const before = await readOrder(c(), 'SO-DOC-1001');
      await c().patch('SO-DOC-1001', { lineItems: [] });
      const after = await readOrder(c(), 'SO-DOC-1001');
      expect(after.lineItems).toEqual(before.lineItems);
      expect(lastVersion(after).changedFields).toEqual([]);
      expect(after.versionNumber).toBe(3);
    });

    it.each([
      ['an id not on the order', [{ id: 'LI-1002-1', styleSkuId: 'SKU-2001-BLK-S', orderQuantity: 10 }], ['body', 'lineItems', 0, 'id'], "Value error, Line item 'LI-1002-1' is not on order SO-DOC-1001"],
      ['an unknown SKU', [{ styleSkuId: 'SKU-2001-BLK-S', orderQuantity: 1 }, { styleSkuId: 'SKU-9999-XXX-M', orderQuantity: 10 }], ['body', 'lineItems', 1, 'styleSkuId'], "Value error, Unknown style SKU 'SKU-9999-XXX-M'"],
      ['a SKU of another style', [{ styleSkuId: 'SKU-2002-WHT-M', orderQuantity: 10 }], ['body', 'lineItems', 0, 'styleSkuId'], "Value error, Style SKU 'SKU-2002-WHT-M' does not belong to style 'ST-2001'"],
    ])('%s → 422 value_error naming the line, nothing changes', async (_name, lineItems, loc, msg) => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { notes: 'x', lineItems }), 422);
      expect(res.body.detail).toEqual([expect.objectContaining({ type: 'value_error', loc, msg })]);
    });

    it('all reference errors are reported together', async () => {
      const res = await c().refused(
        'SO-DOC-1001',
        () => c().patch('SO-DOC-1001', { clientId: 'CL-0', lineItems: [{ id: 'LI-X', styleSkuId: 'SKU-X', orderQuantity: 1 }] }),
        422,
      );
      expect(res.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
        ['body', 'clientId'],
        ['body', 'lineItems', 0, 'id'],
        ['body', 'lineItems', 0, 'styleSkuId'],
      ]);
    });
  });

  describe('from confirmed on, only notes and line statuses may change', () => {
    it.each([
      ['estimatedCost', { estimatedCost: 25000 }],
      ['etd', { etd: '2026-01-30T00:00:00Z' }],
      ['clientId (even to an unknown one: 409 comes before 422)', { clientId: 'CL-9999' }],
      ['a line quantity', { lineItems: [{ id: 'LI-1003-1', styleSkuId: 'SKU-2004-SND-S', orderQuantity: 450 }] }],
      ['a new line', { lineItems: [{ styleSkuId: 'SKU-2004-SND-L', orderQuantity: 50 }] }],
      ['a field cleared with null', { paymentTerm: null }],
    ])('editing %s on a confirmed order → 409, nothing changes', async (_name, body) => {
      const res = await c().refused('SO-DOC-1003', () => c().patch('SO-DOC-1003', { notes: 'x', ...body }, 'manager'), 409);
      expect(res.body).toEqual({ detail: 'Cannot update an order in status confirmed' });
    });

    it.each([
      ['SO-DOC-1005', 'in_procurement'],
      ['SO-DOC-1006', 'in_production'],
      ['SO-DOC-1007', 'partially_delivered'],
      ['SO-DOC-1008', 'delivered'],
    ])('the same applies to every later status (%s is %s)', async (id, status) => {
      const seeded = await readOrder(c(), id);
      expect(seeded.status).toBe(status);
      const res = await c().refused(id, () => c().patch(id, { shippingTerm: 'DAP Paris' }, 'admin'), 409);
      expect(res.body).toEqual({ detail: `Cannot update an order in status ${status}` });
    });

    it('field edits are checked against the status before the action (confirmed + mark_in_procurement + edit → 409)', async () => {
      const res = await c().refused('SO-DOC-1003', () => c().patch('SO-DOC-1003', { action: 'mark_in_procurement', estimatedCost: 1 }, 'manager'), 409);
      expect(res.body.detail).toBe('Cannot update an order in status confirmed');
    });

    it('edits and confirm go into one version when the order is still under review', async () => {
      const res = await c().patch('SO-DOC-1002', { action: 'confirm', estimatedCost: 14100, changeDescription: 'Approved at 14.1k' }, 'manager');
      expect(res.status).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1002');
      expect(order).toMatchObject({ status: 'confirmed', estimatedCost: 14100, versionNumber: 3 });
      expect(lastVersion(order).changedFields).toEqual(['status', 'budgetApproved', 'timelineApproved', 'estimatedCost']);
    });

    it('notes, line statuses and unchanged values are accepted on a confirmed order', async () => {
      const res = await c().patch(
        'SO-DOC-1003',
        {
          notes: 'Fabric booked',
          estimatedCost: 21480,
          changeDescription: 'Line 1 in cutting',
          lineItems: [{ id: 'LI-1003-1', styleSkuId: 'SKU-2004-SND-S', orderQuantity: 400, clientTolerance: 3, status: 'in_production' }],
        },
        'member',
      );
      expect(res.status).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1003');
      expect(order.notes).toBe('Fabric booked');
      expect(order.lineItems[0].status).toBe('in_production');
      expect(lastVersion(order).changedFields).toEqual(['notes', 'lineItems']);
    });

    it('a partial delivery records line statuses with the action (the spec example on SO-DOC-1006)', async () => {
      const res = await c().patch(
        'SO-DOC-1006',
        {
          action: 'mark_partially_delivered',
          lineItems: [{ id: 'LI-1006-1', styleSkuId: 'SKU-2002-WHT-M', orderQuantity: 1500, status: 'delivered' }],
          changeDescription: 'First container (white M) delivered to Brooklyn DC',
        },
        'manager',
      );
      expect(res.status).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1006');
      expect(order.status).toBe('partially_delivered');
      expect(order.lineItems[0]).toMatchObject({ status: 'delivered', clientTolerance: 2 });
      expect(lastVersion(order).changedFields).toEqual(['status', 'lineItems']);
    });

    it('the transition 409 comes before the locked-field 409', async () => {
      const res = await c().refused('SO-DOC-1008', () => c().patch('SO-DOC-1008', { action: 'mark_delivered', estimatedCost: 1 }, 'manager'), 409);
      expect(res.body.detail).toBe('Cannot mark_delivered an order in status delivered');
    });
  });

  it('a rejected order can be edited and sent back to draft in one step', async () => {
    const res = await c().patch('SO-DOC-1004', { action: 'draft', estimatedCost: 9800, changeDescription: 'Cheaper trims' }, 'member2');
    expect(res.status).toBe(200);
    const order = await readOrder(c(), 'SO-DOC-1004');
    expect(order).toMatchObject({ status: 'draft', estimatedCost: 9800 });
  });
});
