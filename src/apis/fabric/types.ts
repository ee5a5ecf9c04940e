/** Shapes of the fabric documents as `data/seed/fabric.json` stores them (only what the rules read). */

export interface FabricToken {
  token: string;
  userId: string;
  /** The 24-character tenant account the token is bound to. */
  account: string;
  scopes: string[];
  expiresAt?: string | null;
  [key: string]: unknown;
}

export interface FabricAccount {
  account: string;
  name?: string;
  stage?: string;
  channels?: Record<string, string>;
}

/** What `authenticate` hands the handlers. */
export interface FabricPrincipal {
  userId: string;
  account: string;
  scopes: string[];
}

export interface Money {
  value: number;
  [key: string]: unknown;
}

export interface OrderItem {
  shipToId: string;
  sku: string;
  quantities: { orderedQuantity: number; [key: string]: unknown };
  itemUnitPrice: number;
  itemSubTotal?: number;
  itemTaxTotal?: number;
  itemTotal?: number;
  discounts?: Money[];
  fees?: Money[];
  [key: string]: unknown;
}

export interface ShipInfo {
  shipToId: string;
  shipToPrice?: number;
  shipToTaxTotal?: number;
  [key: string]: unknown;
}

export interface AuditLog {
  auditId?: string;
  auditType: string;
  updatedBy?: string;
  updatedAt: string;
  description?: string;
  source?: string;
  [key: string]: unknown;
}

/** The order document (request body `Order`, stored as `StoredOrder`). */
export interface FabricOrder {
  version?: number;
  orderId?: string;
  orderNumber: string;
  orderDate?: string;
  items: OrderItem[];
  shipInfo: ShipInfo[];
  fees?: Money[];
  discounts?: Money[];
  appeasements?: Money[];
  auditLogs?: AuditLog[];
  createdAt?: string;
  updatedAt?: string;
  [key: string]: unknown;
}
