import type { OperationHandler } from '../core/api-module.js';
import { ordermockError } from '../core/errors/catalogue.js';
import type { Doc } from '../core/store/store.js';
import type { AdminHelpers, ControlPlaneDeps } from './control-plane.js';
import { orderErrors, throwIfInvalid } from './order-schemas.js';

type Fixtures = Record<string, Record<string, Record<string, Doc>>>;

/** Health, the APIs served, reset, namespaces, fixtures and stored documents. */
export function stateHandlers(deps: ControlPlaneDeps, h: AdminHelpers): Record<string, OperationHandler> {
  const { apis, store, journal } = deps;
  return {
    health: () => ({ status: 200, body: { status: 'ok', apis: [...apis.keys()] } }),

    listApis: () => ({
      status: 200,
      body: {
        apis: [...apis.values()].map((api) => ({
          name: api.name,
          title: api.module.title,
          prefix: `/${api.name}`,
          operations: [...api.operations.values()].map((op) => ({
            operationId: String(op.operationId),
            method: op.method.toUpperCase(),
            path: `/${api.name}${op.path}`,
            companion: Boolean((op as { 'x-ordermock-companion'?: boolean })['x-ordermock-companion']),
          })),
        })),
      },
    }),

    reset: (req, ctx) => {
      const api = req.query.api === undefined ? undefined : h.knownApi(String(req.query.api), 'query', 'api').name;
      const namespace = req.query.all === 'true' ? undefined : h.namespaceOf(req, ctx);
      store.reset(namespace, api);
      journal.clear(namespace, api);
      return { status: 200, body: { reset: { namespace: namespace ?? null, api: api ?? null } } };
    },

    listNamespaces: () => ({ status: 200, body: { namespaces: store.namespaces() } }),

    deleteNamespace: (req) => {
      const name = req.params.name;
      if (!store.deleteNamespace(name)) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', `Namespace ${name} holds no state`);
      journal.clear(name);
      return { status: 204 };
    },

    loadFixtures: (req, ctx) => {
      const namespace = h.namespaceOf(req, ctx);
      const fixtures = req.body as Fixtures;
      const errors = Object.entries(fixtures).flatMap(([name, collections]) => {
        const api = h.knownApi(name, 'body', name);
        return Object.entries(collections).flatMap(([collection, docs]) =>
          Object.entries(docs).flatMap(([id, doc]) => orderErrors(api, collection, doc, [name, collection, id])),
        );
      });
      throwIfInvalid(errors); // checked whole before anything is stored: a refused set changes nothing
      const replace = req.query.replace !== 'false';
      const loaded: Record<string, Record<string, number>> = {};
      for (const [name, collections] of Object.entries(fixtures)) {
        if (replace) store.reset(namespace, name);
        const data = store.data(namespace, name);
        loaded[name] = {};
        for (const [collection, docs] of Object.entries(collections)) {
          const target = data.collection(collection);
          // Right after the reset the collection holds exactly its seeds, whose ids are known.
          if (replace) for (const seeded of Object.keys(deps.seeds[name]?.[collection] ?? {})) target.delete(seeded);
          for (const [id, doc] of Object.entries(docs)) target.put(id, doc);
          loaded[name][collection] = Object.keys(docs).length;
        }
      }
      return { status: 200, body: { namespace, loaded } };
    },

    getDocument: (req, ctx) => {
      h.knownApi(req.params.api, 'path', 'api');
      const doc = store.data(h.namespaceOf(req, ctx), req.params.api).collection(req.params.collection).get(req.params.id);
      if (doc === undefined) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', `No document ${req.params.id} in ${req.params.api}/${req.params.collection}`);
      return { status: 200, body: doc };
    },

    putDocument: (req, ctx) => {
      const api = h.knownApi(req.params.api, 'path', 'api');
      throwIfInvalid(orderErrors(api, req.params.collection, req.body, []));
      const collection = store.data(h.namespaceOf(req, ctx), api.name).collection(req.params.collection);
      collection.put(req.params.id, req.body as Doc);
      return { status: 200, body: collection.get(req.params.id) };
    },
  };
}

