/** Shapes of the cutmake documents as `data/seed/cutmake.json` stores them. */

export type OrderStatus =
  | 'draft'
  | 'pending_review'
  | 'confirmed'
  | 'rejected'
  | 'in_procurement'
  | 'in_production'
  | 'partially_delivered'
  | 'delivered';

export type OrderAction =
  | 'draft'
  | 'submit_for_review'
  | 'confirm'
  | 'reject'
  | 'mark_in_procurement'
  | 'mark_in_production'
  | 'mark_partially_delivered'
  | 'mark_delivered';

export interface LineItem {
  id: string;
  styleSkuId: string;
  orderQuantity: number;
  clientTolerance: number;
  requestedDeliveryDate: string | null;
  requestedBulkReadyDate: string | null;
  status: string;
}

/** One line of an update body (already schema-valid). */
export interface LineItemInput {
  styleSkuId: string;
  orderQuantity: number;
  id?: string | null;
  clientTolerance?: number;
  requestedDeliveryDate?: string | null;
  requestedBulkReadyDate?: string | null;
  status?: string | null;
}

export interface OrderVersion {
  versionNumber: number;
  action: OrderAction | null;
  status: OrderStatus;
  changeDescription: string | null;
  changedFields: string[];
  changedBy: string;
  changedAt: string;
}

export interface SalesOrder {
  id: string;
  salesOrderId: string;
  versionNumber: number;
  updatedAt: string;
  updatedBy: string;
  clientId: string | null;
  clientName: string | null;
  styleId: string | null;
  styleCode: string | null;
  status: OrderStatus;
  budgetApproved: boolean;
  timelineApproved: boolean;
  totalQuantity: number;
  lineItems: LineItem[];
  /** The fixtures' history; versions the mock makes are in the `versions` collection (see version-history.ts). */
  versionHistory: OrderVersion[];
  [field: string]: unknown;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'member';
  password: string;
}

export interface CutmakeToken {
  token: string;
  userId: string;
  issuedAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

/** What `authenticate` hands the handlers. */
export interface CutmakePrincipal {
  userId: string;
  role: User['role'];
}

/** The update body fields that are plain order fields (FastAPI `exclude_unset`: null clears). */
export const ORDER_FIELDS = [
  'clientId',
  'styleId',
  'etd',
  'shippingTerm',
  'paymentTerm',
  'estimatedCost',
  'budgetAllowableTolerance',
  'requestedDeliveryDate',
  'requestedBulkReadyDate',
  'notes',
] as const;

/** Fields still editable once an order is confirmed (besides line statuses and changeDescription). */
export const FIELDS_EDITABLE_WHEN_LOCKED: readonly string[] = ['notes'];
