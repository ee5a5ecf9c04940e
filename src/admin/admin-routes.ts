import express, { type Router } from 'express';
import type { Journal, JournalQuery } from '../core/journal/journal.js';
import { NAMESPACE_HEADER } from '../core/pipeline/select-namespace.js';
import type { LoadedApi } from '../core/contract/build-backend.js';
import type { Store } from '../core/store/store.js';

export const ADMIN_PREFIX = '/__ordermock';

/**
 * The control plane for test suites: reset state, read what was recorded. A namespace comes
 * from the same header the APIs use, or `?namespace=`.
 */
export function adminRoutes(deps: { apis: ReadonlyMap<string, LoadedApi>; store: Store; journal: Journal }): Router {
  const { apis, store, journal } = deps;
  const router = express.Router();
  const namespaceOf = (req: express.Request): string | undefined =>
    (req.query.namespace as string | undefined) ?? (req.header(NAMESPACE_HEADER) || undefined);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', apis: [...apis.keys()] });
  });

  router.get('/apis', (_req, res) => {
    res.json({
      apis: [...apis.values()].map((api) => ({
        name: api.name,
        title: api.module.title,
        prefix: `/${api.name}`,
        operations: [...api.operations.values()].map((op) => ({
          operationId: op.operationId,
          method: op.method.toUpperCase(),
          path: `/${api.name}${op.path}`,
          companion: Boolean((op as { 'x-ordermock-companion'?: boolean })['x-ordermock-companion']),
        })),
      })),
    });
  });

  router.post('/reset', async (req, res) => {
    const namespace = req.query.all === 'true' ? undefined : namespaceOf(req) ?? 'default';
    store.reset(namespace);
    journal.clear(namespace);
    await store.flush();
    res.json({ reset: namespace ?? 'all' });
  });

  router.get('/journal', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const query: JournalQuery = {
      namespace: namespaceOf(req),
      api: q.api,
      operationId: q.operationId,
      method: q.method,
      status: q.status === undefined ? undefined : Number(q.status),
    };
    res.json({ entries: journal.list(query) });
  });

  router.delete('/journal', (req, res) => {
    journal.clear(namespaceOf(req));
    res.status(204).end();
  });

  return router;
}
