/** The stored order (the spec's `Order` schema), trimmed to what the handlers touch. */
export const ADDRESS_FIELDS = [
  'FirstName', 'MiddleName', 'LastName', 'ZipCode', 'City', 'Country', 'Business',
  'AddressLine1', 'AddressLine2', 'Fax', 'Region', 'State', 'Phone',
] as const;

export type StoredAddress = Record<(typeof ADDRESS_FIELDS)[number], string | null>;

export interface OrderDetails {
  CompanyId: number;
  CustomerID: number;
  CustomerEmail: string | null;
  OrderSource: string;
  OrderSourceOrderId: string | null;
  OrderSubType: string;
  SalesRep1: number | null;
  CurrencyCode: string;
  DisableInventoryCount: boolean;
  OrderDate: string;
  CreatedOn: string;
  LastUpdated: string;
  [key: string]: unknown;
}

export interface StoredOrder {
  OrderID: number;
  OrderDetails: OrderDetails;
  ShippingAddress: StoredAddress;
  BillingAddress: StoredAddress;
  [key: string]: unknown;
}

/** The update body (schema-valid by the time a handler sees it; unknown keys may be present). */
export interface UpdateOrderBody {
  CompanyId?: number | null;
  CustomerId?: number | null;
  OrderSource?: string | number | null;
  OrderSubType?: string | number | null;
  SalesRep1?: number | null;
  CurrencyCode?: string | number | null;
  DisableInventoryCount?: boolean | null;
  ShippingAddress?: Record<string, unknown> | null;
  BillingAddress?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** A full address replaces the stored one whole: every field not sent becomes null, unknown keys are dropped. */
export function toStoredAddress(sent: Record<string, unknown>): StoredAddress {
  const out = {} as StoredAddress;
  for (const field of ADDRESS_FIELDS) {
    const value = Object.prototype.hasOwnProperty.call(sent, field) ? sent[field] : null;
    out[field] = typeof value === 'string' ? value : null;
  }
  return out;
}
