import { describe, expect, it } from 'vitest';
import { NOW, expectError, useRecerc } from './recerc-client.js';

const { clock, mock, api } = useRecerc();

const mutation = (id: string, parts: Record<string, unknown> = {}) => ({ id, sessionId: 'sess_rules', ...parts });
const prices = (order: { items: Record<string, any>[] }) => Object.fromEntries(order.items.filter((i) => 'price' in i).map((i) => [i.id, i.price]));

describe('recerc: path id, If-Match and revisions', () => {
  it('a body id other than the path id answers 422 id_mismatch', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1002', { invoicePaymentTerms: 'Net 15' })));
    expectError(res, 422, 'id_mismatch', ['/id']);
  });

  it.each(['"7"', '7', 'W/"7"', '*'])('If-Match %s matches revision 7', async (ifMatch) => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { invoicePaymentTerms: 'Net 15' }), { ifMatch });
    expect(res.status).toBe(200);
  });

  it('a stale If-Match answers 409 revision_conflict with the current ETag and changes nothing', async () => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { invoicePaymentTerms: 'Net 15' }), { ifMatch: '"6"' }));
    expectError(res, 409, 'revision_conflict', ['header:if-match']);
    expect(res.headers.etag).toBe('"7"');
  });

  it('two collaborators on revision 7: the first edit wins, the second gets 409 and retries on revision 8', async () => {
    const first = await api.patch('ord_1001', { id: 'ord_1001', sessionId: 'sess_ana', invoicePaymentTerms: 'Net 15' }, { ifMatch: '"7"' });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"8"');
    const stale = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', { id: 'ord_1001', sessionId: 'sess_bruno', invoicePaymentTerms: 'Net 45' }, { ifMatch: '"7"' }));
    expectError(stale, 409, 'revision_conflict');
    const retry = await api.patch('ord_1001', { id: 'ord_1001', sessionId: 'sess_bruno', invoicePaymentTerms: 'Net 45' }, { ifMatch: stale.headers.etag });
    expect(retry.status).toBe(200);
    expect(retry.body.revision).toMatchObject({ number: 9, sessionId: 'sess_bruno', changes: [{ kind: 'field', field: 'invoicePaymentTerms', before: 'Net 15', after: 'Net 45' }] });
  });

  it('every accepted mutation, even an empty one, is a new revision stamped with the clock and kept in `revisions`', async () => {
    const empty = await api.patch('ord_1007', mutation('ord_1007'));
    expect(empty.body.revision).toEqual({ number: 2, sessionId: 'sess_rules', createdAt: NOW, changes: [] });
    clock.advance(90_000);
    const next = await api.patch('ord_1007', mutation('ord_1007', { invoiceFooterText: 'Gracias.' }));
    expect(next.body.revision.number).toBe(3);
    const order = await api.order('ord_1007');
    expect(order).toMatchObject({ revision: 3, updatedAt: '2026-11-25T10:01:30Z', createdAt: '2026-11-23T17:40:00Z' });
    expect(JSON.parse(mock().stored('recerc', 'revisions', 'ord_1007:3'))).toEqual({
      orderId: 'ord_1007',
      number: 3,
      sessionId: 'sess_rules',
      createdAt: '2026-11-25T10:01:30Z',
      userId: 'usr_ana',
      changes: [{ kind: 'field', field: 'invoiceFooterText', before: null, after: 'Gracias.' }],
    });
  });

  it('changes are listed in application order: items, fields, currency, requirements, status', async () => {
    const res = await api.patch(
      'ord_1002',
      mutation('ord_1002', {
        status: 'ready',
        requirementUpdates: [{ id: 'req_123', status: 'approved', reason: 'PO signed.' }],
        actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'USD' } },
        ownerId: 'usr_ana',
        reorderedItems: [{ id: 'item_paint', parentId: null }],
        newItems: [{ id: 'item_note', type: 'note', text: 'Call before delivery.' }],
        updatedItems: [{ id: 'item_paint', quantity: 25 }],
        removedItems: ['item_shipping'],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.revision.changes.map((c: { kind: string }) => c.kind)).toEqual([
      'items.removed',
      'items.updated',
      'items.added',
      'field',
      'currency',
      'requirement',
      'status',
    ]);
  });
});

describe('recerc: references and fields', () => {
  it.each([
    ['customerId', { customerId: 'cus_nope' }],
    ['ownerId', { ownerId: 'usr_nope' }],
    ['priceListId', { priceListId: 'pl_nope' }],
    ['customerMembershipId', { customerMembershipId: 'mem_pacifico_mrojas' }],
  ])('an unknown %s answers 422 unknown_reference', async (field, parts) => {
    const res = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', parts)));
    expectError(res, 422, 'unknown_reference', [`/${field}`]);
  });

  it('a membership must belong to the resulting customer', async () => {
    const wrong = await api.expectUnchanged('ord_1001', () => api.patch('ord_1001', mutation('ord_1001', { customerId: 'cus_valdivia', customerMembershipId: 'mem_andes_rsoto' })));
    expectError(wrong, 422, 'unknown_reference', ['/customerMembershipId']);
    const noCustomer = await api.expectUnchanged('ord_1007', () => api.patch('ord_1007', mutation('ord_1007', { customerMembershipId: 'mem_valdivia_aruiz' })));
    expectError(noCustomer, 422, 'unknown_reference', ['/customerMembershipId']);
    expect((await api.patch('ord_1001', mutation('ord_1001', { customerMembershipId: 'mem_andes_rsoto' }))).status).toBe(200);
  });

  it('changing the customer without a membership clears the membership (recorded as a field change)', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { customerId: 'cus_pacifico' }));
    expect(res.body.revision.changes).toEqual([
      { kind: 'field', field: 'customerId', before: 'cus_andes', after: 'cus_pacifico' },
      { kind: 'field', field: 'customerMembershipId', before: 'mem_andes_jperez', after: null },
    ]);
    expect(await api.order('ord_1001')).toMatchObject({ customerId: 'cus_pacifico', customerMembershipId: null });
    const detach = await api.patch('ord_1002', mutation('ord_1002', { customerId: null }));
    expect(detach.body.order).toMatchObject({ customerId: null, customerMembershipId: null });
  });

  it('customFields replaces the object; data is shallow-merged and null deletes a key', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { customFields: { requested_delivery_date: '2026-12-22' }, data: { quoteVisibility: 'shared', deliveryAddress: null, source: 'crm' } }));
    expect(res.status).toBe(200);
    const order = await api.order('ord_1001');
    expect(order.customFields).toEqual({ requested_delivery_date: '2026-12-22' });
    expect(order.data).toEqual({ quoteVisibility: 'shared', source: 'crm' });
  });

  it('`currency` alone relabels without converting; an unknown one answers 422 unknown_currency', async () => {
    const res = await api.patch('ord_1007', mutation('ord_1007', { currency: 'USD' }));
    expect(res.body.revision.changes).toEqual([{ kind: 'field', field: 'currency', before: 'CLP', after: 'USD' }]);
    const order = await api.order('ord_1007');
    expect(order.currency).toBe('USD');
    expect(prices(order)).toEqual({ item_kit_quote: 4590000, item_site_visit: 65000 });
    const unknown = await api.expectUnchanged('ord_1007', () => api.patch('ord_1007', mutation('ord_1007', { currency: 'JPY' })));
    expectError(unknown, 422, 'unknown_currency', ['/currency']);
  });

  it('a new priceListId does not reprice existing items', async () => {
    const res = await api.patch('ord_1006', mutation('ord_1006', { priceListId: 'pl_wholesale' }));
    expect(res.body.order.priceListId).toBe('pl_wholesale');
    expect(res.body.order.totals.total).toBe(1722549);
  });
});

describe('recerc: actions.changeCurrency', () => {
  it('converts prices and amount adjustments with the stored rate; percentages and originalPrice stay', async () => {
    const res = await api.patch('ord_1002', mutation('ord_1002', { actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'EUR' } }, currency: 'EUR' }));
    expect(res.body.revision.changes).toEqual([{ kind: 'currency', before: 'CLP', after: 'EUR', rate: 0.00098 }]);
    const order = await api.order('ord_1002');
    // CLP has 0 decimals, EUR 2: 9990 * 0.00098 * 100 = 979.02 → 979 cents.
    expect(prices(order)).toEqual({ item_drywall: 979, item_paint: 1567, item_shipping: 4410 });
    expect(order.items.find((i: { id: string }) => i.id === 'item_project_discount').amount).toBe(-4900);
    expect(order.items[0].originalPrice).toEqual({ priceListId: 'pl_retail', price: 9990, currency: 'CLP', timestamp: '2026-11-10T16:20:00Z' });
    // 120 x 979 + 30 x 1567 + 4410; IVA 22321 + 8932 + 838 - 931
    expect(order.totals).toEqual({ subtotal: 168900, adjustmentsTotal: -4900, taxTotal: 31160, total: 195160 });
    const ord1001 = await api.patch('ord_1001', mutation('ord_1001', { actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'USD' } } }));
    expect(ord1001.body.order.items.find((i: { id: string }) => i.id === 'item_volume_discount').amount).toBe(-5);
  });

  it('converts from 2 decimals to 0 (USD → CLP)', async () => {
    const res = await api.patch('ord_1003', mutation('ord_1003', { actions: { changeCurrency: { currentCurrency: 'USD', targetCurrency: 'CLP' } } }));
    expect(prices(res.body.order)).toEqual({ item_solar_kit: 4613226, item_inverter: 891513, item_commissioning: 1179250, item_freight: 169812 });
    expect(res.body.order.currency).toBe('CLP');
  });

  it('the same currency on both sides is a no-op revision', async () => {
    const res = await api.patch('ord_1001', mutation('ord_1001', { actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'CLP' } } }));
    expect(res.body.revision.changes).toEqual([]);
    expect(prices(res.body.order).item_cement).toBe(5990);
  });

  it.each([
    ['currentCurrency is not the order currency', { actions: { changeCurrency: { currentCurrency: 'USD', targetCurrency: 'EUR' } } }, 'currency_mismatch', '/actions/changeCurrency/currentCurrency'],
    ['`currency` contradicts targetCurrency', { currency: 'EUR', actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'USD' } } }, 'currency_mismatch', '/currency'],
    ['the target currency is unknown', { actions: { changeCurrency: { currentCurrency: 'CLP', targetCurrency: 'JPY' } } }, 'unknown_currency', '/actions/changeCurrency/targetCurrency'],
  ])('%s → 422 and nothing converts', async (_label, parts, code, path) => {
    const res = await api.expectUnchanged('ord_1007', () => api.patch('ord_1007', mutation('ord_1007', parts)));
    expectError(res, 422, code, [path]);
  });
});

describe('recerc: requirementUpdates', () => {
  it('sets status, reason and updatedAt, one change per requirement', async () => {
    const res = await api.patch('ord_1006', mutation('ord_1006', {
      requirementUpdates: [
        { id: 'req_601', status: 'approved' },
        { id: 'req_602', status: 'rejected', reason: 'Transfer bounced.' },
      ],
    }));
    expect(res.body.revision.changes).toEqual([
      { kind: 'requirement', ids: ['req_601'], before: 'rejected', after: 'approved', reason: null },
      { kind: 'requirement', ids: ['req_602'], before: 'pending', after: 'rejected', reason: 'Transfer bounced.' },
    ]);
    expect((await api.order('ord_1006')).requirements).toEqual([
      { id: 'req_601', name: 'Signed purchase order', status: 'approved', reason: null, updatedAt: NOW },
      { id: 'req_602', name: 'Advance payment 30%', status: 'rejected', reason: 'Transfer bounced.', updatedAt: NOW },
    ]);
  });

  it.each([
    ['an unknown requirement', [{ id: 'req_999', status: 'approved' }], '/requirementUpdates/0/id'],
    ['the same requirement twice', [{ id: 'req_601', status: 'approved' }, { id: 'req_601', status: 'pending' }], '/requirementUpdates/1/id'],
  ])('%s answers 422 unknown_requirement', async (_label, requirementUpdates, path) => {
    const res = await api.expectUnchanged('ord_1006', () => api.patch('ord_1006', mutation('ord_1006', { requirementUpdates })));
    expectError(res, 422, 'unknown_requirement', [path]);
  });
});

describe('recerc: status lifecycle and lock', () => {
  it.each([
    ['ord_1001', 'draft', 'in review'],
    ['ord_1001', 'draft', 'ready'],
    ['ord_1001', 'draft', 'cancelled'],
    ['ord_1002', 'in review', 'draft'],
    ['ord_1002', 'in review', 'ready'],
    ['ord_1002', 'in review', 'cancelled'],
    ['ord_1003', 'ready', 'draft'],
    ['ord_1003', 'ready', 'in review'],
    ['ord_1003', 'ready', 'accepted'],
    ['ord_1003', 'ready', 'cancelled'],
    ['ord_1004', 'accepted', 'cancelled'],
    ['ord_1005', 'cancelled', 'draft'],
  ])('%s: %s → %s is allowed', async (id, before, after) => {
    const res = await api.patch(id, mutation(id, { status: after }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.revision.changes).toEqual([{ kind: 'status', before, after }]);
    expect((await api.order(id)).status).toBe(after);
  });

  it.each([
    ['ord_1001', 'accepted'],
    ['ord_1002', 'accepted'],
    ['ord_1004', 'draft'],
    ['ord_1004', 'ready'],
    ['ord_1005', 'accepted'],
    ['ord_1005', 'in review'],
  ])('%s → %s answers 422 invalid_status_transition', async (id, status) => {
    const res = await api.expectUnchanged(id, () => api.patch(id, mutation(id, { status })));
    expectError(res, 422, 'invalid_status_transition', ['/status']);
  });

  it('the same status is a no-op revision', async () => {
    const res = await api.patch('ord_1004', mutation('ord_1004', { status: 'accepted' }));
    expect(res.status).toBe(200);
    expect(res.body.revision.changes).toEqual([]);
  });

  it('accepting with a requirement not approved answers 422 requirements_not_approved naming them', async () => {
    const res = await api.expectUnchanged('ord_1006', () => api.patch('ord_1006', mutation('ord_1006', { status: 'accepted' })));
    expectError(res, 422, 'requirements_not_approved', ['/status']);
    expect(res.body.error.details[0].message).toBe('req_601 is rejected, req_602 is pending');
  });

  it('acceptance sees the requirement updates of the same request', async () => {
    const approveAll = [
      { id: 'req_601', status: 'approved', reason: 'Corrected PO received.' },
      { id: 'req_602', status: 'approved', reason: 'Advance paid.' },
    ];
    const res = await api.patch('ord_1006', mutation('ord_1006', { requirementUpdates: approveAll, status: 'accepted' }));
    expect(res.status).toBe(200);
    expect((await api.order('ord_1006')).status).toBe('accepted');
  });

  it.each([
    ['ord_1004', { invoiceFooterText: 'Changed.' }, '/invoiceFooterText'],
    ['ord_1004', { status: 'cancelled', newItems: [{ id: 'n', type: 'note', text: 'late' }] }, '/newItems'],
    ['ord_1005', { requirementUpdates: [{ id: 'req_501', status: 'approved' }] }, '/requirementUpdates'],
    ['ord_1005', { actions: { changeCurrency: { currentCurrency: 'EUR', targetCurrency: 'USD' } } }, '/actions'],
  ])('%s is locked: anything but status answers 422 order_locked', async (id, parts, path) => {
    const res = await api.expectUnchanged(id, () => api.patch(id, mutation(id, parts)));
    expectError(res, 422, 'order_locked', [path]);
  });

  it('a reopened order (cancelled → draft) can be edited again', async () => {
    expect((await api.patch('ord_1005', mutation('ord_1005', { status: 'draft' }))).status).toBe(200);
    const res = await api.patch('ord_1005', mutation('ord_1005', { invoicePaymentTerms: '50% advance' }));
    expect(res.status).toBe(200);
    expect((await api.order('ord_1005')).invoicePaymentTerms).toBe('50% advance');
  });
});
