/** Shapes of the recerc contract (specs/recerc.yaml) as the handler stores and reads them. */

export type OrderStatus = 'draft' | 'in review' | 'ready' | 'accepted' | 'cancelled';
export type RequirementStatus = 'pending' | 'approved' | 'rejected';

export interface Tax {
  name: string;
  rate: number;
  type: string;
  calculation: 'exclusive';
}

export type ItemType = 'product' | 'custom' | 'adjustment' | 'section' | 'shipping' | 'note';

/** One item of any variant; which keys are present depends on `type` (see ITEM_KEYS). */
export interface Item {
  id: string;
  type: ItemType;
  parentId?: string | null;
  productId?: string;
  name?: string;
  text?: string;
  quantity?: number;
  price?: number;
  originalPrice?: Record<string, unknown>;
  amount?: number;
  kind?: 'percentage' | 'amount';
  taxes?: Tax[];
  baseUnit?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Requirement {
  id: string;
  name: string;
  status: RequirementStatus;
  reason: string | null;
  updatedAt: string;
}

export interface Totals {
  subtotal: number;
  adjustmentsTotal: number;
  taxTotal: number;
  total: number;
}

export interface Order {
  id: string;
  number: number;
  status: OrderStatus;
  currency: string;
  customerId: string | null;
  customerMembershipId: string | null;
  ownerId: string | null;
  priceListId: string | null;
  customFields: Record<string, unknown>;
  data: Record<string, unknown>;
  invoiceFooterText: string | null;
  invoicePaymentTerms: string | null;
  items: Item[];
  requirements: Requirement[];
  totals: Totals;
  revision: number;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** The request body, already valid against `OrderMutation`. */
export interface OrderMutation {
  id: string;
  sessionId: string;
  customerId?: string | null;
  customerMembershipId?: string | null;
  items?: Item[];
  newItems?: Item[];
  removedItems?: string[];
  updatedItems?: (Partial<Item> & { id: string })[];
  reorderedItems?: { id: string; parentId: string | null }[];
  status?: OrderStatus;
  customFields?: Record<string, unknown>;
  currency?: string;
  invoiceFooterText?: string;
  invoicePaymentTerms?: string;
  data?: Record<string, unknown>;
  ownerId?: string | null;
  priceListId?: string;
  actions?: { changeCurrency?: { currentCurrency: string; targetCurrency: string } };
  requirementUpdates?: { id: string; status: RequirementStatus; reason?: string | null }[];
  [key: string]: unknown;
}

export type RevisionChange =
  | { kind: 'items.added' | 'items.removed' | 'items.updated' | 'items.replaced' | 'items.reordered'; ids: string[] }
  | { kind: 'field'; field: string; before: unknown; after: unknown }
  | { kind: 'currency'; before: string; after: string; rate: number }
  | { kind: 'requirement'; ids: [string]; before: RequirementStatus; after: RequirementStatus; reason: string | null }
  | { kind: 'status'; before: OrderStatus; after: OrderStatus };

export interface Revision {
  number: number;
  sessionId: string;
  createdAt: string;
  changes: RevisionChange[];
}

export interface ApiKey {
  id: string;
  userId: string;
  scopes: string[];
  expiresAt?: string | null;
  revokedAt?: string | null;
  [key: string]: unknown;
}

export interface Principal {
  keyId: string;
  userId: string;
  scopes: string[];
}
