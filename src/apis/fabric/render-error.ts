import type { ApiResponse } from '../../core/api-module.js';
import type { OrdermockError } from '../../core/errors/catalogue.js';

/**
 * fabric's error body is `{"message": "..."}` for every status. ordermock's messages already
 * name each field (`body.items[0].sku is required`), so they are passed through; only the
 * server-side failures get fabric's fixed wording in front.
 */
export function renderError(err: OrdermockError): ApiResponse {
  switch (err.code) {
    case 'ORDERMOCK_ERR_INTERNAL':
    case 'ORDERMOCK_ERR_STORE_WRITE':
    case 'ORDERMOCK_ERR_RESPONSE_VALIDATION':
      return { status: err.status, body: { message: `Internal Server Error: ${err.message}` } };
    case 'ORDERMOCK_ERR_ROUTE_NOT_FOUND':
      return { status: err.status, body: { message: `Not Found: ${err.message}` } };
    default:
      return { status: err.status, body: { message: err.message } };
  }
}
