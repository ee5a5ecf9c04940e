import type { HandlerContext } from '../api-module.js';
import { isOrdermockError, ordermockError } from '../errors/catalogue.js';
import type { Store } from '../store/store.js';
import type { Exchange } from './exchange.js';

/**
 * Stage: the API module's handler for the operation inside one store transaction (the request
 * boundary: its changes become one atomic log record, and a handler that throws leaves none),
 * then the group commit: the answer waits until the changes are fsync'd, so a 2xx means "on disk".
 */
export function runHandler(store: Store, context: (ex: Exchange) => HandlerContext) {
  return async (ex: Exchange): Promise<void> => {
    const handler = ex.api!.module.handlers[ex.request!.operationId];
    const transact = store.transact?.bind(store) ?? commitOnce(store);
    ex.response = await transact(ex.namespace, ex.api!.name, async (transaction) =>
      handler(ex.request!, { ...context(ex), data: transaction.data(ex.namespace, ex.api!.name) }),
    );
  };
}

/** One run in one transaction: the store is this process's alone, so nothing can conflict. */
function commitOnce(store: Store): NonNullable<Store['transact']> {
  return async (_namespace, _api, work) => {
    const transaction = store.begin();
    const result = await work(transaction);
    try {
      // Reads wait too: an answer never shows a change that is not yet on disk (no dirty reads).
      await transaction.commit();
    } catch (err) {
      if (isOrdermockError(err)) throw err; // e.g. the namespace limit: nothing was applied
      throw ordermockError('ORDERMOCK_ERR_STORE_WRITE', (err as Error).message);
    }
    return result;
  };
}
