import { OrdermockError, ordermockError } from '../errors/catalogue.js';
import type { Exchange } from './exchange.js';

/** Stage: finds the contract's operation; 405 with `Allow` when only the method is wrong. */
export function route(ex: Exchange): void {
  const api = ex.api!;
  const path = ex.apiPath!;
  const { method, headers, query } = ex.incoming;
  const match = api.router.match(method, path);
  if (match) {
    const { operation, params } = match;
    ex.operation = operation;
    ex.request = {
      method,
      path,
      operationId: operation.operationId as string,
      params,
      query,
      headers,
      body: undefined,
      principal: undefined,
    };
    return;
  }
  const allow = api.router.allowedMethods(path);
  if (allow.length) {
    throw new OrdermockError('ORDERMOCK_ERR_METHOD_NOT_ALLOWED', [method, path], { headers: { allow: allow.join(', ') } });
  }
  throw ordermockError('ORDERMOCK_ERR_ROUTE_NOT_FOUND', method, path);
}
