import type { ApiRequest, HandlerContext, OperationHandler } from '../../core/api-module.js';
import { OrdermockError, describeField, ordermockError, type FieldIssue } from '../../core/errors/catalogue.js';
import { checkTotals } from './check-totals.js';
import { checkIdentity, checkShipTo, replaceOrder } from './replace-order.js';
import type { FabricOrder, FabricPrincipal } from './types.js';

const ORDER_NOT_FOUND = 'Order not found';

const orders = (ctx: HandlerContext) => ctx.data.collection<FabricOrder>('orders');

/** `GET /order/?orderNumber=&orderId=`: either id (or both, naming the same order). */
export const getOrder: OperationHandler = (req, ctx) => {
  const orderNumber = queryValue(req, 'orderNumber');
  const orderId = queryValue(req, 'orderId');
  if (orderNumber === undefined && orderId === undefined) {
    const issue: FieldIssue = { in: 'query', path: ['orderNumber'], rule: 'required', message: 'or query.orderId is required' };
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [`${describeField(issue)} ${issue.message}`], { issues: [issue] });
  }
  const byNumber = orderNumber === undefined ? undefined : orders(ctx).get(orderNumber);
  const byId = orderId === undefined ? undefined : orders(ctx).list().find((o) => o.orderId === orderId);
  const found = orderNumber !== undefined ? byNumber : byId;
  // Both given: they must name the same order.
  if (!found || (orderId !== undefined && found.orderId !== orderId)) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', ORDER_NOT_FOUND);
  return { status: 200, body: found };
};

/**
 * `PUT /order/{orderNumber}`: full replacement. Checks run before anything is written:
 * 404 unknown order, 400 identity / shipTo / totals (all issues at once), 409 stale version.
 */
export const updateOrder: OperationHandler = (req, ctx) => {
  const orderNumber = req.params.orderNumber;
  const stored = orders(ctx).get(orderNumber);
  if (!stored) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', ORDER_NOT_FOUND);
  const body = req.body as FabricOrder;

  const issues = [...checkIdentity(orderNumber, stored, body), ...checkShipTo(body), ...checkTotals(body)];
  if (issues.length) {
    const text = issues.map((i) => `${describeField(i)} ${i.message}`).join('; ');
    throw new OrdermockError('ORDERMOCK_ERR_BUSINESS_RULE', [`Invalid order: ${text}`], { issues, status: 400 });
  }

  const current = stored.version ?? 0;
  if (typeof body.version === 'number' && body.version < current) {
    throw new OrdermockError(
      'ORDERMOCK_ERR_CONFLICT',
      [`Version conflict: order ${orderNumber} is at version ${current}, request has version ${body.version}`],
      { meta: { storedVersion: current, requestVersion: body.version } },
    );
  }

  const principal = req.principal as FabricPrincipal;
  const next = replaceOrder(stored, body, { now: ctx.clock.now().toISOString(), userId: principal.userId });
  orders(ctx).put(orderNumber, next);
  return { status: 200, body: orders(ctx).get(orderNumber) };
};

function queryValue(req: ApiRequest, name: string): string | undefined {
  const value = req.query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}
