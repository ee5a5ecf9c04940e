import { LIFECYCLE as CUTMAKE_LIFECYCLE } from '../apis/cutmake/state-machine.js';
import { LIFECYCLE as RECERC_LIFECYCLE } from '../apis/recerc/state-machine.js';
import type { Doc } from '../core/store/store.js';

/** A lifecycle as data: the states and the transitions the API module enforces. */
export interface Lifecycle {
  stateField: string;
  /** The request field that names the transition (cutmake's `action`), or null. */
  actionField: string | null;
  states: readonly string[];
  transitions: readonly { name: string; from: string; to: string; roles: readonly string[] | null }[];
}

/** Where an API keeps its orders and which of their fields the dashboard shows (dotted paths). */
export interface OrderView {
  collection: string;
  id: string;
  state: string;
  version: string | null;
  total: string;
  tenant: string;
  /** null: the API enforces no state machine (any state the contract allows is accepted). */
  lifecycle: Lifecycle | null;
}

export const ORDER_VIEWS: Readonly<Record<string, OrderView>> = {
  cutmake: { collection: 'orders', id: 'id', state: 'status', version: 'versionNumber', total: 'estimatedCost', tenant: 'clientName', lifecycle: CUTMAKE_LIFECYCLE },
  recerc: { collection: 'orders', id: 'id', state: 'status', version: 'revision', total: 'totals.total', tenant: 'customerId', lifecycle: RECERC_LIFECYCLE },
  fabric: { collection: 'orders', id: 'orderNumber', state: 'statusCode', version: 'version', total: 'orderTotal', tenant: 'channelId', lifecycle: null },
  jtl: { collection: 'orders', id: 'salesOrderId', state: 'status', version: null, total: 'totals.grossTotal', tenant: 'tenantId', lifecycle: null },
  sellercloud: { collection: 'orders', id: 'OrderID', state: 'Statuses.OrderStatus', version: null, total: 'TotalInfo.GrandTotal', tenant: 'OrderDetails.CompanyId', lifecycle: null },
};

export const pick = (doc: Doc, path: string | null): unknown => (path === null ? null : path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Doc)[k] : undefined), doc) ?? null);

/** One row of the dashboard's order table. */
export function orderRow(view: OrderView, doc: Doc) {
  return { id: String(pick(doc, view.id)), state: pick(doc, view.state), version: pick(doc, view.version), total: pick(doc, view.total), tenant: pick(doc, view.tenant) };
}
