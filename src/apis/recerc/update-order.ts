import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { header } from '../shared/credentials.js';
import { applyItemMutations } from './apply-items.js';
import { REVIEW_SCOPE, requireScope } from './authenticate.js';
import { applyOrderFields } from './apply-order-fields.js';
import { changeCurrency } from './change-currency.js';
import { recomputeTotals } from './recompute-totals.js';
import { orderNotFound, refuse, revisionConflict } from './refusals.js';
import { applyRequirementUpdates, applyStatus, checkLock } from './state-machine.js';
import type { Order, OrderMutation, Principal, Revision } from './types.js';

/** ISO timestamp without zero milliseconds, like the fixtures ('2026-11-24T15:31:09Z'). */
export function timestamp(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

export function etag(order: Order): string {
  return `"${order.revision}"`;
}

/** Optional stale-edit check: `If-Match: "7"` (quotes and W/ optional, `*` = any) must name the current revision. */
function checkIfMatch(value: string | undefined, order: Order): void {
  if (value === undefined || value.trim() === '*') return;
  const sent = /^(?:W\/)?"?([0-9]+)"?$/.exec(value.trim())?.[1];
  if (sent === undefined || Number(sent) !== order.revision) throw revisionConflict(order.id, order.revision, sent ?? value);
}

export function getOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const order = ctx.data.collection<Order>('orders').get(req.params.id);
  if (!order) throw orderNotFound(req.params.id);
  return { status: 200, body: order, headers: { etag: etag(order) } };
}

/**
 * PATCH /api/unstable/orders/{id}: every check and change runs on a private copy of the order,
 * in the contract's order; only a mutation that passes them all is stored, as a new revision.
 */
export function updateOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const body = req.body as OrderMutation;
  const principal = req.principal as Principal;
  if (body.requirementUpdates) requireScope(principal, REVIEW_SCOPE);
  const orders = ctx.data.collection<Order>('orders');
  const order = orders.get(req.params.id);
  if (!order) throw orderNotFound(req.params.id);
  if (body.id !== order.id) {
    throw refuse('id_mismatch', `Body id ${body.id} does not match the path id ${order.id}.`, ['id'], `must equal the path id ${order.id}`);
  }
  checkIfMatch(header(req.headers, 'if-match'), order);
  checkLock(order, body);

  const now = timestamp(ctx.clock.now());
  const changes = [
    ...applyItemMutations(order, body, ctx.data.collection('products')),
    ...applyOrderFields(order, body, ctx.data),
    ...(body.actions?.changeCurrency ? changeCurrency(order, body.actions.changeCurrency, body.currency, ctx.data) : []),
    ...applyRequirementUpdates(order, body.requirementUpdates ?? [], now),
    ...applyStatus(order, body.status),
  ];
  order.totals = recomputeTotals(order.items);
  order.revision += 1;
  order.updatedAt = now;
  const revision: Revision = { number: order.revision, sessionId: body.sessionId, createdAt: now, changes };

  // put stores the document as it is now: the answer below may share its objects.
  orders.put(order.id, order);
  ctx.data.collection('revisions').put(`${order.id}:${revision.number}`, {
    orderId: order.id,
    number: revision.number,
    sessionId: revision.sessionId,
    createdAt: revision.createdAt,
    userId: principal.userId,
    changes,
  });
  return { status: 200, body: { revision, order }, headers: { etag: etag(order) } };
}
