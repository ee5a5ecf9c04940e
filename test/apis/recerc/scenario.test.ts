import { describe, expect, it } from 'vitest';
import { SALES_KEY, expectError, useRecerc } from './recerc-client.js';

const { clock, mock, api } = useRecerc({ reset: false });

const IVA = [{ name: 'IVA', rate: 19, type: 'vat', calculation: 'exclusive' }];
const item = (order: { items: Record<string, any>[] }, id: string) => order.items.find((i) => i.id === id)!;

/**
 * A seller reworks quote ord_1002 (in review, CLP) for Inmobiliaria Pacífico, converts it to EUR
 * for the parent company, gets the PO approved and the order accepted. Every step is checked
 * through the companion GET, totals included.
 */
describe('recerc scenario: rework, convert and accept quote ord_1002', () => {
  const step = async (body: Record<string, unknown>, options: { key?: string; ifMatch?: string } = {}) => {
    clock.advance(60_000);
    const res = await api.patch('ord_1002', { id: 'ord_1002', sessionId: 'sess_scenario', ...body }, options);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const order = await api.order('ord_1002');
    expect(order).toEqual(res.body.order);
    expect(order.updatedAt).toBe(res.body.revision.createdAt);
    return { revision: res.body.revision, order };
  };

  it('starts from the fixture', async () => {
    const order = await api.order('ord_1002');
    expect(order).toMatchObject({ status: 'in review', currency: 'CLP', revision: 3 });
    expect(order.totals).toEqual({ subtotal: 1723500, adjustmentsTotal: -50000, taxTotal: 317965, total: 1991465 });
  });

  it('1. adds a "Site works" section with an installation line under it', async () => {
    const { revision, order } = await step(
      {
        newItems: [
          { id: 'item_section_site', type: 'section', name: 'Site works' },
          { id: 'item_install', type: 'custom', parentId: 'item_section_site', name: 'Drywall installation', quantity: 120, price: 3500, taxes: IVA },
        ],
      },
      { key: SALES_KEY },
    );
    expect(revision).toMatchObject({ number: 4, changes: [{ kind: 'items.added', ids: ['item_section_site', 'item_install'] }] });
    expect(order.items.map((i: { id: string }) => i.id)).toEqual(['item_drywall', 'item_paint', 'item_shipping', 'item_project_discount', 'item_section_site', 'item_install']);
    expect(order.totals).toEqual({ subtotal: 2143500, adjustmentsTotal: -50000, taxTotal: 397765, total: 2491265 });
  });

  it('2. patches the paint line (fewer gallons, negotiated price)', async () => {
    const { revision, order } = await step({ updatedItems: [{ id: 'item_paint', quantity: 24, price: 14990 }] }, { key: SALES_KEY });
    expect(revision).toMatchObject({ number: 5, changes: [{ kind: 'items.updated', ids: ['item_paint'] }] });
    expect(item(order, 'item_paint')).toMatchObject({ quantity: 24, price: 14990, originalPrice: { price: 15990 } });
    expect(order.totals).toEqual({ subtotal: 2023560, adjustmentsTotal: -50000, taxTotal: 374976, total: 2348536 });
  });

  it('3. removes the truck delivery (the customer collects)', async () => {
    const { revision, order } = await step({ removedItems: ['item_shipping'] }, { key: SALES_KEY });
    expect(revision).toMatchObject({ number: 6, changes: [{ kind: 'items.removed', ids: ['item_shipping'] }] });
    expect(order.items.some((i: { id: string }) => i.id === 'item_shipping')).toBe(false);
    expect(order.totals).toEqual({ subtotal: 1978560, adjustmentsTotal: -50000, taxTotal: 366426, total: 2294986 });
  });

  it('4. reorders the materials under the new section (money unchanged)', async () => {
    const { revision, order } = await step({
      reorderedItems: [
        { id: 'item_drywall', parentId: 'item_section_site' },
        { id: 'item_paint', parentId: 'item_section_site' },
      ],
    });
    expect(revision).toMatchObject({ number: 7, changes: [{ kind: 'items.reordered', ids: ['item_drywall', 'item_paint'] }] });
    expect(order.items.filter((i: { parentId: string | null }) => i.parentId === 'item_section_site').map((i: { id: string }) => i.id)).toEqual(['item_drywall', 'item_paint', 'item_install']);
    expect(order.totals.total).toBe(2294986);
  });

  it('5. converts to EUR, guarded by If-Match; a stale copy of revision 6 is refused first', async () => {
    const stale = await api.expectUnchanged('ord_1002', () =>
      api.patch('ord_1002', { id: 'ord_1002', sessionId: 'sess_other', actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'EUR' } } }, { ifMatch: '"6"' }),
    );
    expectError(stale, 409, 'revision_conflict');
    const { revision, order } = await step({ actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'EUR' } } }, { ifMatch: stale.headers.etag });
    expect(revision).toMatchObject({ number: 8, changes: [{ kind: 'currency', before: 'CLP', after: 'EUR', rate: 0.00098 }] });
    expect(order.currency).toBe('EUR');
    expect([item(order, 'item_drywall').price, item(order, 'item_paint').price, item(order, 'item_install').price]).toEqual([979, 1469, 343]);
    expect(item(order, 'item_project_discount').amount).toBe(-4900);
    expect(order.totals).toEqual({ subtotal: 193896, adjustmentsTotal: -4900, taxTotal: 35909, total: 224905 });
  });

  it('6. cannot skip review: in review → accepted is refused; approving the PO and moving to ready works', async () => {
    const skip = await api.expectUnchanged('ord_1002', () => api.patch('ord_1002', { id: 'ord_1002', sessionId: 'sess_scenario', status: 'accepted' }));
    expectError(skip, 422, 'invalid_status_transition');
    const { revision, order } = await step({ requirementUpdates: [{ id: 'req_123', status: 'approved', reason: 'Customer sent the signed PO.' }], status: 'ready' });
    expect(revision.changes).toEqual([
      { kind: 'requirement', ids: ['req_123'], before: 'pending', after: 'approved', reason: 'Customer sent the signed PO.' },
      { kind: 'status', before: 'in review', after: 'ready' },
    ]);
    expect(order.requirements.every((r: { status: string }) => r.status === 'approved')).toBe(true);
    expect(order).toMatchObject({ status: 'ready', revision: 9 });
    expect(order.totals.total).toBe(224905);
  });

  it('7. accepts the order, which then refuses edits', async () => {
    const { revision, order } = await step({ status: 'accepted' });
    expect(revision).toMatchObject({ number: 10, changes: [{ kind: 'status', before: 'ready', after: 'accepted' }] });
    expect(order).toMatchObject({ status: 'accepted', currency: 'EUR', revision: 10 });
    expect(order.totals).toEqual({ subtotal: 193896, adjustmentsTotal: -4900, taxTotal: 35909, total: 224905 });
    const late = await api.expectUnchanged('ord_1002', () => api.patch('ord_1002', { id: 'ord_1002', sessionId: 'sess_scenario', removedItems: ['item_install'] }));
    expectError(late, 422, 'order_locked', ['/removedItems']);
  });

  it('the revision history was kept, one entry per accepted mutation', async () => {
    const history = mock().mock.store.data('default', 'recerc').collection<{ orderId: string; number: number }>('revisions').list();
    expect(history.filter((r) => r.orderId === 'ord_1002').map((r) => r.number)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });
});
