import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { OrdermockError, type FieldIssue } from '../../core/errors/catalogue.js';
import { applyFields } from '../shared/apply-fields.js';
import { enumName } from './enums.js';
import { toStoredAddress, type StoredOrder, type UpdateOrderBody } from './order-types.js';

interface Customer {
  CustomerId: number;
  Email: string | null;
}

interface SalesRep {
  SalesRepId: number;
  Active: boolean;
}

/** `GET /rest/api/Orders/{id}`: the stored order is exactly the read's shape. */
export function getOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  return { status: 200, body: findOrder(req, ctx) };
}

/**
 * `PUT /rest/api/Orders/{id}`: absent or null fields stay as they are, a given address replaces
 * the stored one whole. Every check runs before the single `put`, so a refusal changes nothing.
 */
export function updateOrder(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const order = findOrder(req, ctx);
  const body = req.body as UpdateOrderBody;
  const customer = checkReferences(body, ctx);

  const details: Record<string, unknown> = order.OrderDetails;
  const patch: Record<string, unknown> = {
    CompanyId: body.CompanyId,
    CustomerID: body.CustomerId,
    SalesRep1: body.SalesRep1,
    DisableInventoryCount: body.DisableInventoryCount,
    OrderSource: body.OrderSource == null ? null : enumName('OrderSource', body.OrderSource),
    OrderSubType: body.OrderSubType == null ? null : enumName('OrderSubType', body.OrderSubType),
    CurrencyCode: body.CurrencyCode == null ? null : enumName('CurrencyCode', body.CurrencyCode),
  };
  applyFields(details, patch, Object.keys(patch), { nullMeans: 'unchanged' });
  // The order's email follows its customer record (ordermock rule), even to null.
  if (customer) order.OrderDetails.CustomerEmail = customer.Email ?? null;
  if (body.ShippingAddress) order.ShippingAddress = toStoredAddress(body.ShippingAddress);
  if (body.BillingAddress) order.BillingAddress = toStoredAddress(body.BillingAddress);
  // Every accepted update stamps the order, even `{}` (Sellercloud saves the order either way).
  order.OrderDetails.LastUpdated = isoSeconds(ctx.clock.now());

  ctx.data.collection<StoredOrder>('orders').put(String(order.OrderID), order);
  return { status: 200, body: true };
}

// ASP.NET Web API binds an int route value with Int32.Parse(NumberStyles.Integer): blanks around,
// a sign and leading zeros pass ("+5001", "05001"); a decimal point or exponent ("5.001e3") does not.
const ASP_NET_INT32 = /^\s*[+-]?\d+\s*$/;

function findOrder(req: ApiRequest, ctx: HandlerContext): StoredOrder {
  const raw = String(req.params.id);
  if (!ASP_NET_INT32.test(raw)) {
    const issue: FieldIssue = { in: 'path', path: ['id'], message: 'must be an integer', rule: 'type', value: raw };
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [`path.id ${issue.message}`], { issues: [issue] });
  }
  // Schema-valid int32 written as ASP.NET accepts it: look it up by its number.
  const id = String(Number(raw));
  const order = ctx.data.collection<StoredOrder>('orders').get(id);
  if (!order) throw new OrdermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', [`Order ${id} not found`]);
  return order;
}

/** ordermock's rule: ids in the body must name existing records (and an active sales rep). */
function checkReferences(body: UpdateOrderBody, ctx: HandlerContext): Customer | undefined {
  const issues: FieldIssue[] = [];
  const refuse = (field: string, message: string) => issues.push({ in: 'body', path: [field], message, rule: 'reference' });

  if (body.CompanyId != null && !ctx.data.collection('companies').has(String(body.CompanyId))) {
    refuse('CompanyId', `Company ${body.CompanyId} does not exist.`);
  }
  let customer: Customer | undefined;
  if (body.CustomerId != null) {
    customer = ctx.data.collection<Customer>('customers').get(String(body.CustomerId));
    if (!customer) refuse('CustomerId', `Customer ${body.CustomerId} does not exist.`);
  }
  if (body.SalesRep1 != null) {
    const rep = ctx.data.collection<SalesRep>('salesReps').get(String(body.SalesRep1));
    if (!rep?.Active) refuse('SalesRep1', `Sales rep ${body.SalesRep1} does not exist or is inactive.`);
  }
  if (issues.length) {
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [issues.map((i) => i.message).join(' ')], { issues });
  }
  return customer;
}

/** `2026-03-01T10:00:00Z`: the seconds precision of every stored date. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
