import type { HandlerContext } from '../api-module.js';
import { ordermockError } from '../errors/catalogue.js';
import type { Store } from '../store/store.js';
import type { Exchange } from './exchange.js';

/**
 * Stage: the API module's handler for the operation, then the group commit: the answer waits
 * until every change the handler made is fsync'd, so a 2xx always means "on disk".
 */
export function runHandler(store: Store, context: (ex: Exchange) => HandlerContext) {
  return async (ex: Exchange): Promise<void> => {
    const handler = ex.api!.module.handlers[ex.request!.operationId];
    const response = await handler(ex.request!, context(ex));
    try {
      // Reads wait too: an answer never shows a change that is not yet on disk (no dirty reads).
      await store.flush();
    } catch (err) {
      throw ordermockError('ORDERMOCK_ERR_STORE_WRITE', (err as Error).message);
    }
    ex.response = response;
  };
}
