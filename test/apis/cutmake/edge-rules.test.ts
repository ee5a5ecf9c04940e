import { describe, it, expect } from 'vitest';
import type { SalesOrder } from '../../../src/apis/cutmake/types.js';
import { bearer, lastVersion, orderPath, readOrder, useCutmake, type CutmakeClient } from './cutmake-client.js';

/** Raw JSON text as a PATCH body (for what a JS object cannot carry: `__proto__`, 1e400, deep nesting). */
const patchRaw = (c: CutmakeClient, id: string, text: string) =>
  c.t.http.patch(orderPath(id)).set(bearer()).set('Content-Type', 'application/json').send(text);

/** The cutmake store, where a user's own seeds (`--seeds`) would put their documents. */
const collection = (c: CutmakeClient, name: string) => c.t.mock.store.data('default', 'cutmake').collection<any>(name);

/** Stores the seeded order `id` with some fields replaced, as a user's own seed file could hold it. */
function seedOrder(c: CutmakeClient, id: string, changes: Partial<SalesOrder>): void {
  const orders = collection(c, 'orders');
  orders.put(id, { ...structuredClone(orders.get(id)), ...changes });
}

const ACTION_CHOICES =
  "'draft', 'submit_for_review', 'confirm', 'reject', 'mark_in_procurement', 'mark_in_production', 'mark_partially_delivered' or 'mark_delivered'";

describe('cutmake edge rules', () => {
  const c = useCutmake();

  describe('422 entries in Pydantic v2 shape, message and all', () => {
    it('a bad date-time: datetime_from_date_parsing with its message', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { etd: '13/02/2026' }), 422);
      expect(res.body).toEqual({ detail: [{ type: 'datetime_from_date_parsing', loc: ['body', 'etd'], msg: 'Input should be a valid datetime or date' }] });
    });

    it('a line quantity below 1: greater_than_equal with ctx.ge', async () => {
      const res = await c().patch('SO-DOC-1001', { lineItems: [{ styleSkuId: 'SKU-2001-BLK-XL', orderQuantity: 0 }] });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        detail: [{ type: 'greater_than_equal', loc: ['body', 'lineItems', 0, 'orderQuantity'], msg: 'Input should be greater than or equal to 1', ctx: { ge: 1 } }],
      });
    });

    it('a number where a string is expected: string_type with its message', async () => {
      const res = await c().patch('SO-DOC-1001', { notes: 42 });
      expect(res.body).toEqual({ detail: [{ type: 'string_type', loc: ['body', 'notes'], msg: 'Input should be a valid string' }] });
    });

    it('a line that is not an object: model_attributes_type at its index', async () => {
      const res = await c().patch('SO-DOC-1001', { lineItems: [5] });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        detail: [{ type: 'model_attributes_type', loc: ['body', 'lineItems', 0], msg: 'Input should be a valid dictionary or object to extract fields from' }],
      });
    });

    it('an action of the wrong type is one enum entry listing the actions (not a type error, not twice)', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { action: 5 }), 422);
      expect(res.body).toEqual({ detail: [{ type: 'enum', loc: ['body', 'action'], msg: `Input should be ${ACTION_CHOICES}`, ctx: { expected: ACTION_CHOICES } }] });
    });

    it('a reserved key (__proto__) → extra_forbidden, nothing changes', async () => {
      const res = await c().refused('SO-DOC-1001', () => patchRaw(c(), 'SO-DOC-1001', '{"notes":"x","__proto__":{"polluted":1}}'), 422);
      expect(res.body).toEqual({ detail: [{ type: 'extra_forbidden', loc: ['body', '__proto__'], msg: 'Extra inputs are not permitted' }] });
    });

    it('past 20 errors the rest are counted in one too_many_errors entry', async () => {
      const lineItems = Array.from({ length: 25 }, () => ({ styleSkuId: 'SKU-2001-BLK-S', orderQuantity: 0 }));
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { lineItems }), 422);
      expect(res.body.detail).toHaveLength(21);
      expect(res.body.detail[19]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'lineItems', 19, 'orderQuantity'] });
      expect(res.body.detail[20]).toEqual({ type: 'too_many_errors', loc: ['body'], msg: 'The request body has 5 more violations not listed (only the first 20 are)' });
    });

    it('a body nested deeper than the limit → 422 json_invalid (FastAPI), not 400, nothing changes', async () => {
      const deep = `{"notes":${'['.repeat(70)}${']'.repeat(70)}}`;
      const res = await c().refused('SO-DOC-1001', () => patchRaw(c(), 'SO-DOC-1001', deep), 422);
      expect(res.body.detail).toHaveLength(1);
      expect(res.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' });
      expect(res.body.detail[0].ctx.error).toMatch(/deeper than the limit/);
    });

    it("the login form's grant_type pattern: string_pattern_mismatch quoting the pattern like Pydantic", async () => {
      const res = await c()
        .t.http.post('/cutmake/auth/login')
        .type('form')
        .send({ grant_type: 'client_credentials', username: 'marco.rossi@example.com', password: 'manager-pass-2025' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ detail: [{ type: 'string_pattern_mismatch', loc: ['body', 'grant_type'], msg: "String should match pattern '^password$'" }] });
    });
  });

  describe('references', () => {
    it('a SKU not of the new style and untouched lines of the old one are both reported, naming every misfit line', async () => {
      const res = await c().refused(
        'SO-DOC-1001',
        () => c().patch('SO-DOC-1001', { styleId: 'ST-2005', lineItems: [{ id: 'LI-1001-1', styleSkuId: 'SKU-2001-BLK-S', orderQuantity: 180 }] }),
        422,
      );
      expect(res.body.detail).toEqual([
        {
          type: 'value_error',
          loc: ['body', 'lineItems', 0, 'styleSkuId'],
          msg: "Value error, Style SKU 'SKU-2001-BLK-S' does not belong to style 'ST-2005'",
          input: 'SKU-2001-BLK-S',
        },
        {
          type: 'value_error',
          loc: ['body', 'styleId'],
          msg: "Value error, Style 'ST-2005' does not fit the SKUs of lines LI-1001-2 (SKU-2001-BLK-M), LI-1001-3 (SKU-2001-BLK-L), LI-1001-4 (SKU-2001-NVY-M)",
          input: 'ST-2005',
        },
      ]);
    });

    it('a new style is accepted without lines when the untouched lines already fit it', async () => {
      const lineItems = [
        { id: 'LI-1001-1', styleSkuId: 'SKU-2005-GRT-S', orderQuantity: 180 },
        { id: 'LI-1001-2', styleSkuId: 'SKU-2005-GRT-M', orderQuantity: 320 },
        { id: 'LI-1001-3', styleSkuId: 'SKU-2005-GRT-L', orderQuantity: 260 },
        { id: 'LI-1001-4', styleSkuId: 'SKU-2005-BLK-M', orderQuantity: 150 },
      ];
      // Without a style the SKUs only have to exist: the lines move to ST-2005's SKUs first.
      expect((await c().patch('SO-DOC-1001', { styleId: null, lineItems })).status).toBe(200);
      const res = await c().patch('SO-DOC-1001', { styleId: 'ST-2005' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const order = await readOrder(c(), 'SO-DOC-1001');
      expect(order).toMatchObject({ styleId: 'ST-2005', styleCode: 'NOA-PNT-2503' });
      expect(lastVersion(order).changedFields).toEqual(['styleId', 'styleCode']);
    });

    it('on a confirmed order, a line id not on the order is a reference error (422), not a locked edit (409)', async () => {
      const res = await c().refused(
        'SO-DOC-1003',
        () => c().patch('SO-DOC-1003', { lineItems: [{ id: 'LI-1003-9', styleSkuId: 'SKU-2004-SND-S', orderQuantity: 400 }] }, 'manager'),
        422,
      );
      expect(res.body).toEqual({
        detail: [{ type: 'value_error', loc: ['body', 'lineItems', 0, 'id'], msg: "Value error, Line item 'LI-1003-9' is not on order SO-DOC-1003", input: 'LI-1003-9' }],
      });
    });
  });

  it('a seeded line whose SKU is gone makes a style change a 422 naming that line, not a 500', async () => {
    const seeded = await readOrder(c(), 'SO-DOC-1001');
    seedOrder(c(), 'SO-DOC-1001', { lineItems: [{ ...seeded.lineItems[0], styleSkuId: 'SKU-RETIRED' }, ...seeded.lineItems.slice(1)] });
    const lineItems = [
      { id: 'LI-1001-2', styleSkuId: 'SKU-2005-GRT-M', orderQuantity: 320 },
      { id: 'LI-1001-3', styleSkuId: 'SKU-2005-GRT-L', orderQuantity: 260 },
      { id: 'LI-1001-4', styleSkuId: 'SKU-2005-BLK-M', orderQuantity: 150 },
    ];
    const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { styleId: 'ST-2005', lineItems }), 422);
    expect(res.body).toEqual({
      detail: [
        { type: 'value_error', loc: ['body', 'styleId'], msg: "Value error, Style 'ST-2005' does not fit the SKUs of lines LI-1001-1 (SKU-RETIRED)", input: 'ST-2005' },
      ],
    });
  });

  it('an update that sends neither clientId nor styleId keeps the stored clientName and styleCode', async () => {
    seedOrder(c(), 'SO-DOC-1001', { clientName: 'Nordic Outdoor (old name)', styleCode: 'NOA-JKT-2501-OLD' });
    expect((await c().patch('SO-DOC-1001', { notes: 'only notes' })).status).toBe(200);
    const order = await readOrder(c(), 'SO-DOC-1001');
    expect(order).toMatchObject({ clientName: 'Nordic Outdoor (old name)', styleCode: 'NOA-JKT-2501-OLD', notes: 'only notes' });
    expect(lastVersion(order).changedFields).toEqual(['notes']);
  });

  it('a line sent with its stored values is not listed as changed', async () => {
    const before = await readOrder(c(), 'SO-DOC-1001');
    const { id, styleSkuId, orderQuantity } = before.lineItems[0];
    expect((await c().patch('SO-DOC-1001', { lineItems: [{ id, styleSkuId, orderQuantity }] })).status).toBe(200);
    const after = await readOrder(c(), 'SO-DOC-1001');
    expect(after.lineItems).toEqual(before.lineItems);
    expect(lastVersion(after).changedFields).toEqual([]);
  });

  it('a token whose user no longer exists → 401 Could not validate credentials, nothing changes', async () => {
    collection(c(), 'users').delete('user-member-1');
    const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { notes: 'should not land' }, 'member'), 401);
    expect(res.body).toEqual({ detail: 'Could not validate credentials' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['reject', 'SO-DOC-1002', 'manager', 'rejected'],
    ['draft', 'SO-DOC-1002', 'member', 'draft'],
    ['submit_for_review', 'SO-DOC-1004', 'member', 'pending_review'],
  ] as const)('%s clears approval flags a seeded order carries', async (action, id, who, status) => {
    seedOrder(c(), id, { budgetApproved: true, timelineApproved: true });
    const res = await c().patch(id, { action }, who);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const order = await readOrder(c(), id);
    expect(order).toMatchObject({ status, budgetApproved: false, timelineApproved: false });
    expect(lastVersion(order).changedFields).toEqual(['status', 'budgetApproved', 'timelineApproved']);
  });

  it('a seeded order whose history stops before its versionNumber: the GET adds only versions that exist', async () => {
    const seeded = await readOrder(c(), 'SO-DOC-1001');
    // A user's seed may keep only part of the history: version 2 is not listed, the order is at 2.
    seedOrder(c(), 'SO-DOC-1001', { versionHistory: seeded.versionHistory.slice(0, 1) });
    expect((await readOrder(c(), 'SO-DOC-1001')).versionHistory).toEqual(seeded.versionHistory.slice(0, 1));
    expect((await c().patch('SO-DOC-1001', { notes: 'first tracked change' })).status).toBe(200);
    const order = await readOrder(c(), 'SO-DOC-1001');
    expect(order.versionHistory.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([1, 3]);
    expect(lastVersion(order)).toMatchObject({ versionNumber: 3, changedFields: ['notes'], changedBy: 'user-member-1' });
  });
});
