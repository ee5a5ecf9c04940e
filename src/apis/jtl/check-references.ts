import type { HandlerContext } from '../../core/api-module.js';
import { OrdermockError, type FieldIssue } from '../../core/errors/catalogue.js';
import type { Item, LineInput, SalesOrder, SalesOrderLine, TaxClass, TaxCode, TenantDoc, UpdateInput } from './types.js';

/** One request line with everything it names looked up. */
export interface ResolvedLine {
  input: LineInput;
  /** The order's line it patches; undefined = a new line. */
  existing?: SalesOrderLine;
  /** The item named by `itemId` and/or `sku`. */
  item?: Item;
  taxClass?: TaxClass;
  /** null when the request clears the tax code. */
  taxCode?: TaxCode | null;
}

/** Top-level references by their stored (canonical) id, and the resolved lines. */
export interface ResolvedUpdate {
  refs: Partial<Record<'companyId' | 'customerId' | 'shippingMethodId' | 'paymentMethodId', string>>;
  lines: ResolvedLine[];
}

const TOP_LEVEL = [
  { field: 'companyId', collection: 'companies', label: 'Company' },
  { field: 'customerId', collection: 'customers', label: 'Customer' },
  { field: 'shippingMethodId', collection: 'shippingMethods', label: 'Shipping method' },
  { field: 'paymentMethodId', collection: 'paymentMethods', label: 'Payment method' },
] as const;

/** 400 when a `salesOrderLineItemId` is listed twice: two patches of one line have no defined order. */
export function assertUniqueLineIds(body: UpdateInput): void {
  const seen = new Map<string, number>();
  const issues: FieldIssue[] = [];
  (body.lineItems ?? []).forEach((line, i) => {
    if (!line.salesOrderLineItemId) return;
    const id = line.salesOrderLineItemId.toLowerCase();
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else issues.push({ in: 'body', path: ['lineItems', i, 'salesOrderLineItemId'], message: `is listed more than once (also lineItems[${first}])`, rule: 'uniqueItems' });
  });
  if (issues.length) {
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', ['a salesOrderLineItemId is listed more than once'], { issues });
  }
}

/**
 * Looks up every id the update names, in the order's tenant. Collects every broken reference and
 * refuses them all at once (422), so a client fixes its request in one round trip.
 */
export function resolveReferences(ctx: HandlerContext, order: SalesOrder, body: UpdateInput): ResolvedUpdate {
  const tenantId = order.tenantId;
  const issues: FieldIssue[] = [];
  const broken = (path: (string | number)[], message: string) => issues.push({ in: 'body', path, message, rule: 'reference' });
  const refs: ResolvedUpdate['refs'] = {};

  for (const { field, collection, label } of TOP_LEVEL) {
    const id = body[field];
    if (id === undefined) continue;
    const doc = inTenant<TenantDoc>(ctx, collection, id, tenantId);
    if (doc) refs[field] = String(doc[field]);
    else broken([field], `${label} ${id} does not exist in this tenant.`);
  }

  const lines = (body.lineItems ?? []).map((input, i): ResolvedLine => {
    const at = (field: string) => ['lineItems', i, field];
    const resolved: ResolvedLine = { input };
    if (input.salesOrderLineItemId !== undefined) {
      const wanted = input.salesOrderLineItemId.toLowerCase();
      resolved.existing = order.lineItems.find((l) => l.salesOrderLineItemId.toLowerCase() === wanted);
      if (!resolved.existing) broken(at('salesOrderLineItemId'), `Line item ${input.salesOrderLineItemId} is not part of sales order ${order.number}.`);
      else if (input.type !== undefined && input.type !== resolved.existing.type) {
        broken(at('type'), `Line item ${input.salesOrderLineItemId} has type ${resolved.existing.type}; the type of a line cannot be changed.`);
      }
    }
    const type = input.type ?? resolved.existing?.type;
    if ((input.itemId !== undefined || input.sku !== undefined) && type !== undefined && type !== 1) {
      broken(at(input.itemId !== undefined ? 'itemId' : 'sku'), `Only item lines (type 1) name an item; this line has type ${type}.`);
    } else {
      resolved.item = resolveItem(ctx, input, tenantId, (field, message) => broken(at(field), message));
    }
    if (input.taxClassId !== undefined) {
      resolved.taxClass = inTenant<TaxClass>(ctx, 'taxClasses', input.taxClassId, tenantId);
      if (!resolved.taxClass) broken(at('taxClassId'), `Tax class ${input.taxClassId} does not exist in this tenant.`);
    }
    if (input.taxCodeId === null) resolved.taxCode = null;
    else if (input.taxCodeId !== undefined) {
      resolved.taxCode = inTenant<TaxCode>(ctx, 'taxCodes', input.taxCodeId, tenantId);
      if (!resolved.taxCode) broken(at('taxCodeId'), `Tax code ${input.taxCodeId} does not exist in this tenant.`);
    }
    return resolved;
  });

  if (issues.length) {
    throw new OrdermockError('ORDERMOCK_ERR_BUSINESS_RULE', ['The sales order could not be modified.'], { issues });
  }
  return { refs, lines };
}

/** `itemId` and `sku` each name an item of the tenant; given together, the same one. */
function resolveItem(ctx: HandlerContext, input: LineInput, tenantId: string, broken: (field: string, message: string) => void): Item | undefined {
  const byId = input.itemId !== undefined ? inTenant<Item>(ctx, 'items', input.itemId, tenantId) : undefined;
  if (input.itemId !== undefined && !byId) broken('itemId', `Item ${input.itemId} does not exist in this tenant.`);
  let bySku: Item | undefined;
  if (input.sku !== undefined) {
    bySku = ctx.data.collection<Item>('items').list().find((item) => item.tenantId === tenantId && item.sku === input.sku);
    if (!bySku) broken('sku', `No item with SKU '${input.sku}' exists in this tenant.`);
  }
  if (byId && bySku && byId.itemId !== bySku.itemId) {
    broken('sku', `SKU '${input.sku}' names item ${bySku.itemId}, not item ${byId.itemId}.`);
    return undefined;
  }
  return byId ?? bySku;
}

/** A document of the tenant by id (uuids compare case-insensitively, as .NET Guids do). */
export function inTenant<T extends { tenantId: string }>(ctx: HandlerContext, collection: string, id: string, tenantId: string): T | undefined {
  const doc = ctx.data.collection<T>(collection).get(id.toLowerCase());
  return doc && doc.tenantId === tenantId ? doc : undefined;
}
