import type { FieldIssue } from '../../core/errors/catalogue.js';
import { applyFields } from '../shared/apply-fields.js';
import type { AuditLog, FabricOrder } from './types.js';

/** The `Order` schema's properties, in the contract's order (the stored document keeps it). */
const ORDER_FIELDS = [
  'version', 'orderId', 'orderNumber', 'orderDate', 'cancellationDate', 'allocationDate', 'channelId', 'cartId',
  'type', 'subType', 'processName', 'employeeId', 'retail', 'orderSubTotal', 'originalSubTotal', 'orderDiscount',
  'originalDiscounts', 'feeTotal', 'originalFeeTotal', 'taxTotal', 'appeasementTotal', 'originalTaxTotal',
  'returnTotal', 'cancelTotal', 'invoiceTotal', 'orderTotal', 'originalOrderTotal', 'currency', 'statusCode',
  'statusDescription', 'attributes', 'fees', 'appeasements', 'discounts', 'customer', 'payments', 'items', 'shipInfo',
  'auditLogs', 'notes', 'orderReleaseTimestamp', 'createdAt', 'updatedAt',
] as const;

/** Fields the server decides, whatever the body says. */
const SERVER_OWNED = new Set<string>(['version', 'orderId', 'orderNumber', 'orderDate', 'auditLogs', 'createdAt', 'updatedAt']);
const CLIENT_FIELDS = ORDER_FIELDS.filter((f) => !SERVER_OWNED.has(f));
const DECLARED = new Set<string>(ORDER_FIELDS);
// The body parser already drops these; refusing them here too keeps this module safe on its own.
const POISONED = new Set(['__proto__', 'constructor', 'prototype']);

/** Body-versus-path and body-versus-store identity rules (400 when broken). */
export function checkIdentity(pathOrderNumber: string, stored: FabricOrder, body: FabricOrder): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (body.orderNumber !== pathOrderNumber) {
    issues.push({ in: 'body', path: ['orderNumber'], rule: 'matchesPath', message: `must equal the path's orderNumber (${pathOrderNumber}), got ${body.orderNumber}` });
  }
  if (body.orderId !== undefined && body.orderId !== stored.orderId) {
    issues.push({ in: 'body', path: ['orderId'], rule: 'serverOwned', message: `must equal the stored orderId (${String(stored.orderId)}) or be omitted, got ${body.orderId}` });
  }
  return issues;
}

/** Every item's `shipToId` names a `shipInfo` entry (the schema cannot say so). */
export function checkShipTo(body: FabricOrder): FieldIssue[] {
  const known = new Set(body.shipInfo.map((s) => s.shipToId));
  return body.items.flatMap((item, i) =>
    known.has(item.shipToId)
      ? []
      : [{ in: 'body' as const, path: ['items', i, 'shipToId'], rule: 'reference', message: `names no shipInfo entry (${item.shipToId}); known: ${[...known].join(', ')}` }],
  );
}

export interface Replacement {
  now: string;
  userId: string;
}

/**
 * The stored document after a PUT: the body replaces the order (omitted fields are gone,
 * unknown keys are kept), except the server-owned fields: version + 1, the stored orderId and
 * createdAt, orderDate kept when omitted, updatedAt = now, and one ORDER_UPDATED audit entry.
 */
export function replaceOrder(stored: FabricOrder, body: FabricOrder, by: Replacement): FabricOrder {
  const from = stored.version ?? 0;
  const to = from + 1;
  const next: Record<string, unknown> = {};
  applyFields(next, body as Record<string, unknown>, CLIENT_FIELDS, { nullMeans: 'clear' });
  const extras = Object.keys(body).filter((key) => !DECLARED.has(key) && !POISONED.has(key));
  applyFields(next, body as Record<string, unknown>, extras, { nullMeans: 'clear' });

  const auditLogs = structuredClone(body.auditLogs ?? stored.auditLogs ?? []);
  auditLogs.push({
    auditId: nextAuditId(stored.orderNumber, auditLogs),
    auditType: 'ORDER_UPDATED',
    updatedBy: by.userId,
    updatedAt: by.now,
    description: `Order updated via PUT /order/${stored.orderNumber} (version ${from} -> ${to})`,
    source: 'API',
  });
  next.version = to;
  next.orderId = stored.orderId;
  next.orderNumber = stored.orderNumber;
  next.orderDate = body.orderDate ?? stored.orderDate;
  next.auditLogs = auditLogs;
  next.createdAt = stored.createdAt;
  next.updatedAt = by.now;
  return inContractOrder(next) as FabricOrder;
}

/** `aud-<orderNumber>-<n>`, n one past the list's length, skipping ids the list already uses. */
function nextAuditId(orderNumber: string, logs: AuditLog[]): string {
  const used = new Set(logs.map((l) => l.auditId));
  let n = logs.length + 1;
  while (used.has(`aud-${orderNumber}-${n}`)) n++;
  return `aud-${orderNumber}-${n}`;
}

function inContractOrder(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ORDER_FIELDS) if (doc[key] !== undefined) out[key] = doc[key];
  for (const key of Object.keys(doc)) if (!DECLARED.has(key)) out[key] = doc[key];
  return out;
}
