import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { applyUpdate } from './apply-update.js';
import { assertUniqueLineIds, resolveReferences } from './check-references.js';
import { assertModifiable, findOrder, resolveRequestScope } from './request-scope.js';
import type { SalesOrder, UpdateInput } from './types.js';

/** GET /erp/v2/salesOrders/{salesOrderId}: the order as stored, if visible to the request. */
export function getSalesOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const scope = resolveRequestScope(req, ctx);
  return { status: 200, body: findOrder(ctx, scope, req.params.salesOrderId) };
}

/**
 * PATCH /erp/v2/salesorder/update. Every check runs before anything is stored, in the order
 * docs/apis/jtl.md gives: headers (403/412), order (404), lock and status (409), duplicate
 * lines (400), references (422); then one put.
 */
export function updateSalesOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const body = req.body as UpdateInput;
  const scope = resolveRequestScope(req, ctx);
  const order = findOrder(ctx, scope, body.salesOrderId);
  assertModifiable(ctx, scope, order);
  assertUniqueLineIds(body);
  const resolved = resolveReferences(ctx, order, body);
  const updated: SalesOrder = applyUpdate(ctx, order, body, resolved);
  ctx.data.collection<SalesOrder>('orders').put(updated.salesOrderId, structuredClone(updated));
  return { status: 200, body: updated };
}
