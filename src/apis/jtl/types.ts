/** Shapes of the jtl documents as `data/seed/jtl.json` stores them, and of the update body. */

export const ADDRESS_FIELDS = [
  'salutation',
  'title',
  'firstName',
  'lastName',
  'company',
  'additionalCompanyLine',
  'street',
  'additionalAddressLine',
  'city',
  'postalCode',
  'state',
  'countryIso',
  'postId',
  'emailAddress',
  'phoneNumber',
  'mobilePhoneNumber',
  'fax',
  'vatId',
] as const;

export type Address = Record<(typeof ADDRESS_FIELDS)[number], string | null>;

export interface SalesOrderLine {
  salesOrderLineItemId: string;
  type: number;
  itemId: string | null;
  sku: string | null;
  name: string;
  note: string | null;
  quantity: number;
  salesUnit: string | null;
  salesPriceNet: number;
  discountPercent: number;
  taxClassId: string | null;
  taxCodeId: string | null;
  taxRate: number;
  netAmount: number;
  discountAmount: number;
  taxAmount: number;
  grossAmount: number;
}

export interface SalesOrder {
  salesOrderId: string;
  tenantId: string;
  number: string;
  companyId: string;
  customerId: string;
  status: string;
  currency: string;
  billingAddress: Address;
  shipmentAddress: Address;
  shippingMethodId: string;
  paymentMethodId: string;
  lineItems: SalesOrderLine[];
  totals: { netTotal: number; taxTotal: number; grossTotal: number };
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** One line of an update body (already schema-valid). */
export interface LineInput {
  salesOrderLineItemId?: string;
  type?: number;
  itemId?: string;
  sku?: string;
  name?: string;
  note?: string | null;
  quantity?: number;
  salesUnit?: string;
  salesPriceNet?: number;
  discountPercent?: number;
  taxClassId?: string;
  taxCodeId?: string | null;
  taxRate?: number;
}

export interface UpdateInput {
  salesOrderId: string;
  companyId?: string;
  customerId?: string;
  billingAddress?: Partial<Address>;
  shipmentAddress?: Partial<Address>;
  shippingMethodId?: string;
  paymentMethodId?: string;
  lineItems?: LineInput[];
}

export interface Item {
  itemId: string;
  tenantId: string;
  sku: string;
  name: string;
  salesUnit: string | null;
  salesPriceNet: number;
  taxClassId: string | null;
  active?: boolean;
}

export interface TaxClass {
  taxClassId: string;
  tenantId: string;
  taxRate: number;
  isDefault?: boolean;
}

export interface TaxCode {
  taxCodeId: string;
  tenantId: string;
  taxRate: number;
}

export interface Client {
  clientId: string;
  clientSecret: string;
  allowedScopes: string[];
  tenantIds: string[];
  rateLimitPerMinute?: number;
}

export interface TokenDoc {
  token: string;
  clientId: string;
  scopes: string[];
  issuedAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

export interface User {
  userId: string;
  legacyId: number;
  tenantId: string;
  roles: string[];
  active: boolean;
}

export interface Role {
  role: string;
  permissions: string[];
}

export interface Company {
  companyId: string;
  legacyId: number;
  tenantId: string;
}

export interface Session {
  sessionId: string;
  tenantId: string;
  expiresAt: string;
  lockedSalesOrderIds: string[];
}

/** Any tenant-owned reference document (customer, shipping method, ...). */
export interface TenantDoc {
  tenantId: string;
  [key: string]: unknown;
}

/** What `authenticate` hands the handlers. */
export interface JtlPrincipal {
  token: string;
  clientId: string;
  scopes: string[];
  tenantId: string;
}

export const SCOPE_READ = 'orders.read';
export const SCOPE_WRITE = 'orders.write';
export const SCOPE_RUN_AS = 'Application.RunAs';

/** Any one of these scopes lets a token (or an x-runas user's role) run the operation. */
export const OPERATION_SCOPES: Record<string, string[]> = {
  getSalesOrder: [SCOPE_READ, SCOPE_WRITE],
  updateSalesOrder: [SCOPE_WRITE],
};

/** Statuses this operation can no longer modify (409). */
export const FINAL_STATUSES = new Set(['shipped', 'completed', 'cancelled']);

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
