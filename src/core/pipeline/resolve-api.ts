import { ordermockError } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';
import type { Exchange } from './exchange.js';

/** Stage: the first path segment names the API; the rest is the vendor's real path. */
export function resolveApi(apis: Pick<ReadonlyMap<string, LoadedApi>, 'get'>) {
  return (ex: Exchange): void => {
    const { path, method } = ex.incoming;
    const slash = path.indexOf('/', 1);
    const prefix = slash === -1 ? path.slice(1) : path.slice(1, slash);
    const api = apis.get(prefix);
    if (!api) throw ordermockError('ORDERMOCK_ERR_ROUTE_NOT_FOUND', method, path);
    ex.api = api;
    ex.apiPath = slash === -1 ? '/' : path.slice(slash);
  };
}
