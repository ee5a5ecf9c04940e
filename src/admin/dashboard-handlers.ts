import type { OperationHandler } from '../core/api-module.js';
import { ordermockError } from '../core/errors/catalogue.js';
import type { AdminHelpers, ControlPlaneDeps } from './control-plane.js';
import { ORDER_VIEWS, orderRow, pick, type OrderView } from './order-views.js';

/** What the dashboard reads: lifecycles (the API modules' own state-machine data), orders and their timelines. */
export function dashboardHandlers(deps: ControlPlaneDeps, h: AdminHelpers): Record<string, OperationHandler> {
  const viewOf = (name: string): OrderView => ORDER_VIEWS[h.knownApi(name, 'path', 'api').name];
  return {
    getLifecycle: (req) => {
      const view = viewOf(req.params.api);
      return { status: 200, body: { api: req.params.api, stateField: view.state, enforced: view.lifecycle !== null, lifecycle: view.lifecycle } };
    },
    listOrders: (req, ctx) => {
      deps.live?.history.activate();
      const view = viewOf(req.params.api);
      const namespace = h.namespaceOf(req, ctx);
      const orders = deps.store.data(namespace, req.params.api).collection(view.collection).list().map((doc) => orderRow(view, doc));
      return { status: 200, body: { api: req.params.api, namespace, fields: { id: view.id, state: view.state, version: view.version, total: view.total, tenant: view.tenant }, orders } };
    },
    // Served by the event-stream route in front of the pipeline; reached only by an app built without it.
    streamEvents: () => {
      throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', 'This app serves no live feed');
    },
    getOrderHistory: (req, ctx) => {
      deps.live?.history.activate();
      const view = viewOf(req.params.api);
      const namespace = h.namespaceOf(req, ctx);
      const id = req.params.id;
      const doc = deps.store.data(namespace, req.params.api).collection(view.collection).list().find((d) => String(pick(d, view.id)) === id);
      if (!doc) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', `No order ${id} in ${req.params.api} (namespace ${namespace})`);
      const steps = deps.live?.history.list(namespace, req.params.api, id) ?? [];
      return { status: 200, body: { api: req.params.api, namespace, order: orderRow(view, doc), steps } };
    },
  };
}
