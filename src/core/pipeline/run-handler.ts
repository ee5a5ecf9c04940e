import type { HandlerContext } from '../api-module.js';
import { isOrdermockError, ordermockError } from '../errors/catalogue.js';
import type { Store, StoreTransaction } from '../store/store.js';
import type { Exchange } from './exchange.js';

/**
 * Stage: the API module's handler for the operation inside one store transaction (the request
 * boundary: its changes become one atomic log record, and a handler that throws leaves none),
 * then the group commit: the answer waits until the changes are fsync'd, so a 2xx means "on disk".
 *
 * With a store of this process alone the commit is left running in `ex.committing`: the pipeline
 * checks and serializes the answer while the fdatasync is under way and sends nothing before it
 * settles. A store with its own `transact` (Redis: a commit may be refused and the work re-run)
 * settles here, before the answer is known.
 */
export function runHandler(store: Store, context: (ex: Exchange) => HandlerContext) {
  return async (ex: Exchange): Promise<void> => {
    const handler = ex.api!.module.handlers[ex.request!.operationId];
    const work = async (transaction: StoreTransaction) => handler(ex.request!, { ...context(ex), data: transaction.data(ex.namespace, ex.api!.name) });
    if (store.transact) {
      ex.response = await store.transact(ex.namespace, ex.api!.name, work);
      return;
    }
    const transaction = store.begin();
    ex.response = await work(transaction);
    ex.committing = commit(transaction);
  };
}

async function commit(transaction: StoreTransaction): Promise<void> {
  try {
    // Reads wait too: an answer never shows a change that is not yet on disk (no dirty reads).
    await transaction.commit();
  } catch (err) {
    if (isOrdermockError(err)) throw err; // e.g. the namespace limit: nothing was applied
    throw ordermockError('ORDERMOCK_ERR_STORE_WRITE', (err as Error).message);
  }
}
