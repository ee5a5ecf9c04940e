import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { applyFields, sameJson } from '../shared/apply-fields.js';
import { header } from '../shared/credentials.js';
import { findReferenceErrors } from './check-references.js';
import { changesMoreThanStatus, mergeLineItems, totalQuantity } from './line-items.js';
import { approvalAfter, isLocked, mayPerform, nextStatus } from './state-machine.js';
import { appendVersion } from './version-history.js';
import {
  FIELDS_EDITABLE_WHEN_LOCKED,
  ORDER_FIELDS,
  type CutmakePrincipal,
  type LineItemInput,
  type OrderAction,
  type SalesOrder,
} from './types.js';

/** The update body as the contract admits it (unknown keys are never read). */
interface SalesOrderUpdate {
  action?: OrderAction | null;
  clientId?: string | null;
  styleId?: string | null;
  lineItems?: LineItemInput[] | null;
  changeDescription?: string | null;
  [field: string]: unknown;
}

// Order in which a version lists its changed fields (the fixtures' order: status and flags first,
// each reference followed by the name derived from it, then the plain fields, then the lines).
const TRACKED_FIELDS = [
  'status',
  'budgetApproved',
  'timelineApproved',
  'clientId',
  'clientName',
  'styleId',
  'styleCode',
  ...ORDER_FIELDS.filter((f) => f !== 'clientId' && f !== 'styleId'),
  'lineItems',
  'totalQuantity',
] as const;

/**
 * PATCH /api/v1/orders/{document_id}. Checks, in the documented order, 404 → 403 → 409
 * (transition) → 409 (locked fields) → 422 (references), and only then changes anything:
 * a refused request leaves the stored order untouched.
 */
export function updateOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const principal = req.principal as CutmakePrincipal;
  const body = req.body as SalesOrderUpdate;
  const orders = ctx.data.collection<SalesOrder>('orders');
  const order = orders.get(req.params.document_id);
  if (!order) throw new OrdermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', ['Sales order not found']);

  const action = body.action ?? null;
  const from = order.status;
  if (action && !mayPerform(action, principal.role)) {
    throw new OrdermockError('ORDERMOCK_ERR_FORBIDDEN', [`Only manager or admin users can perform action '${action}'`], {
      meta: { action, role: principal.role },
    });
  }
  const to = action ? nextStatus(from, action) : from;
  if (!to) {
    throw new OrdermockError('ORDERMOCK_ERR_CONFLICT', [`Cannot ${action} an order in status ${from}`], { meta: { action, status: from } });
  }
  const lineInputs = body.lineItems ?? [];
  if (isLocked(from) && (editsLockedField(order, body) || lineInputs.some((line) => changesMoreThanStatus(order.lineItems, line)))) {
    throw new OrdermockError('ORDERMOCK_ERR_CONFLICT', [`Cannot update an order in status ${from}`], { meta: { status: from } });
  }
  const refs = findReferenceErrors(order, body, ctx.data);
  if (refs.issues.length) {
    const summary = refs.issues.map((i) => i.message).join('; ');
    throw new OrdermockError('ORDERMOCK_ERR_BUSINESS_RULE', [summary], { issues: refs.issues, meta: { inputs: refs.inputs } });
  }

  // Everything is valid: apply to the private copy, then store it as the next version.
  // Only the fields a version lists are remembered, not the whole (growing) version history.
  // Every change below assigns a new value (never edits one in place), so a field that is still
  // the same value is unchanged, and only the others need comparing as JSON.
  const before = new Map(TRACKED_FIELDS.map((f) => [f, order[f]]));
  const { clientId: clientBefore, styleId: styleBefore, versionNumber: versionBefore } = order;
  applyFields(order, body, ORDER_FIELDS, { nullMeans: 'clear' });
  if (order.clientId !== clientBefore) {
    order.clientName = order.clientId ? (ctx.data.collection<{ name: string }>('clients').get(order.clientId)?.name ?? null) : null;
  }
  if (order.styleId !== styleBefore) {
    order.styleCode = order.styleId ? (ctx.data.collection<{ styleCode: string }>('styles').get(order.styleId)?.styleCode ?? null) : null;
  }
  if (lineInputs.length) order.lineItems = mergeLineItems(order.lineItems, lineInputs, order.id);
  order.totalQuantity = totalQuantity(order.lineItems);
  order.status = to;
  const approved = action ? approvalAfter(action) : undefined;
  if (approved !== undefined) {
    order.budgetApproved = approved;
    order.timelineApproved = approved;
  }

  const actingUser = header(req.headers, 'x-user-id')?.trim() || principal.userId;
  const now = ctx.clock.now().toISOString();
  order.versionNumber = versionBefore + 1;
  order.updatedAt = now;
  order.updatedBy = actingUser;
  appendVersion(ctx.data, order.id, {
    versionNumber: order.versionNumber,
    action,
    status: to,
    changeDescription: body.changeDescription ?? null,
    changedFields: TRACKED_FIELDS.filter((f) => before.get(f) !== order[f] && !sameJson(before.get(f), order[f])),
    changedBy: actingUser,
    changedAt: now,
  });
  orders.put(order.id, order);

  return {
    status: 200,
    body: {
      success: true,
      message: 'Sales order updated successfully',
      salesOrderId: order.salesOrderId,
      documentId: order.id,
      versionNumber: order.versionNumber,
      status: order.status,
    },
  };
}

/** A sent field whose value differs from the stored one, other than the few a confirmed order allows. */
function editsLockedField(order: SalesOrder, body: SalesOrderUpdate): boolean {
  return ORDER_FIELDS.some(
    (field) =>
      !FIELDS_EDITABLE_WHEN_LOCKED.includes(field) &&
      Object.prototype.hasOwnProperty.call(body, field) &&
      body[field] !== undefined &&
      !sameJson(order[field], body[field]),
  );
}
