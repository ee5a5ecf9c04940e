import { randomUUID } from 'node:crypto';
import type { HandlerContext } from '../../core/api-module.js';
import { applyFields } from '../shared/apply-fields.js';
import type { ResolvedLine, ResolvedUpdate } from './check-references.js';
import { isoSeconds } from './iso-seconds.js';
import { recomputeOrder } from './recompute-amounts.js';
import { ADDRESS_FIELDS, type Address, type SalesOrder, type SalesOrderLine, type TaxClass, type TaxCode, type UpdateInput } from './types.js';

// Plain line fields a request sets as given; ids (item, tax class, tax code) go through their lookups.
const LINE_FIELDS = ['name', 'note', 'quantity', 'salesUnit', 'salesPriceNet', 'discountPercent', 'taxRate'] as const;

/** Applies an already-checked update to `order` (a private copy) and recomputes its amounts. */
export function applyUpdate(ctx: HandlerContext, order: SalesOrder, body: UpdateInput, resolved: ResolvedUpdate): SalesOrder {
  for (const [field, id] of Object.entries(resolved.refs)) order[field] = id;
  if (body.billingAddress) order.billingAddress = fullAddress(body.billingAddress);
  if (body.shipmentAddress) order.shipmentAddress = fullAddress(body.shipmentAddress);
  const rates = taxRates(ctx, order.tenantId);
  for (const line of resolved.lines) {
    if (line.existing) patchLine(line.existing, line, rates);
    else order.lineItems.push(newLine(line, rates));
  }
  recomputeOrder(order);
  order.updatedAt = isoSeconds(ctx.clock.now());
  return order;
}

/** An address replaces the stored one whole: all 18 keys, the ones left out as null. */
function fullAddress(input: Partial<Address>): Address {
  const out = {} as Address;
  for (const field of ADDRESS_FIELDS) out[field] = Object.prototype.hasOwnProperty.call(input, field) ? (input[field] ?? null) : null;
  return out;
}

/** Fields present replace; a changed item brings its master data unless the line gives it too. */
function patchLine(line: SalesOrderLine, resolved: ResolvedLine, rates: TaxRates): void {
  const { input, item } = resolved;
  const itemChanged = item !== undefined && item.itemId !== line.itemId;
  if (itemChanged) {
    line.itemId = item.itemId;
    line.sku = item.sku;
    line.name = item.name;
    line.salesUnit = item.salesUnit;
    line.salesPriceNet = item.salesPriceNet;
    line.taxClassId = item.taxClassId ?? rates.defaultClassId;
  }
  applyFields(line as unknown as Record<string, unknown>, input as Record<string, unknown>, LINE_FIELDS, { nullMeans: 'clear' });
  setTaxIds(line, resolved);
  const taxChanged = itemChanged || input.taxClassId !== undefined || input.taxCodeId !== undefined;
  if (input.taxRate === undefined && taxChanged) line.taxRate = rates.rateOf(line);
}

/** A new line: item lines take the item's master data, other kinds what they give (price 0, tenant's default tax class). */
function newLine(resolved: ResolvedLine, rates: TaxRates): SalesOrderLine {
  const { input } = resolved;
  const item = input.type === 1 ? resolved.item : undefined;
  const line: SalesOrderLine = {
    salesOrderLineItemId: randomUUID(),
    type: input.type as number,
    itemId: item?.itemId ?? null,
    sku: item?.sku ?? null,
    name: item?.name ?? '',
    note: null,
    quantity: input.quantity as number,
    salesUnit: item?.salesUnit ?? null,
    salesPriceNet: item?.salesPriceNet ?? 0,
    discountPercent: 0,
    taxClassId: item?.taxClassId ?? rates.defaultClassId,
    taxCodeId: null,
    taxRate: 0,
    netAmount: 0,
    discountAmount: 0,
    taxAmount: 0,
    grossAmount: 0,
  };
  applyFields(line as unknown as Record<string, unknown>, input as Record<string, unknown>, LINE_FIELDS, { nullMeans: 'clear' });
  setTaxIds(line, resolved);
  if (input.taxRate === undefined) line.taxRate = rates.rateOf(line);
  return line;
}

function setTaxIds(line: SalesOrderLine, resolved: ResolvedLine): void {
  if (resolved.taxClass) line.taxClassId = resolved.taxClass.taxClassId;
  if (resolved.taxCode !== undefined) line.taxCodeId = resolved.taxCode?.taxCodeId ?? null;
}

interface TaxRates {
  defaultClassId: string | null;
  /** The tax code's rate when the line has one, else its tax class's rate. */
  rateOf(line: SalesOrderLine): number;
}

function taxRates(ctx: HandlerContext, tenantId: string): TaxRates {
  const classes = ctx.data.collection<TaxClass>('taxClasses');
  const codes = ctx.data.collection<TaxCode>('taxCodes');
  const defaultClass = classes.list().find((c) => c.tenantId === tenantId && c.isDefault);
  return {
    defaultClassId: defaultClass?.taxClassId ?? null,
    rateOf: (line) => {
      if (line.taxCodeId) return codes.get(line.taxCodeId)?.taxRate ?? 0;
      if (line.taxClassId) return classes.get(line.taxClassId)?.taxRate ?? 0;
      return 0;
    },
  };
}
