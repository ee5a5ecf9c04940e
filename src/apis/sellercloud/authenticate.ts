import type { ApiRequest, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { lookUpBearer } from '../shared/credentials.js';

/** A token as stored in the `tokens` collection (fixtures and tokens issued by `createToken`). */
export interface SellercloudToken {
  token: string;
  userId: string;
  username: string;
  roles: string[];
  scopes: string[];
  issuedAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

export interface SellercloudPrincipal {
  userId: string;
  username: string;
  scopes: string[];
}

/** The scope each secured operation needs (the spec's bearer scheme carries no scopes). */
const REQUIRED_SCOPE: Record<string, string> = {
  updateOrder: 'orders.write',
  getOrder: 'orders.read',
};

export const NOT_VALID_TOKEN = 'Not Valid Token';
export const ACCESS_DENIED = 'Authorization has been denied for this request.';

/** Missing, unknown and expired tokens all get the same 401 (the real service does not tell them apart). */
export function authenticate(req: ApiRequest, ctx: HandlerContext): SellercloudPrincipal {
  const found = lookUpBearer<SellercloudToken>(req.headers, ctx.data, ctx.clock);
  if (!found.ok) {
    throw new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', [NOT_VALID_TOKEN], { headers: { 'www-authenticate': 'Bearer' }, meta: { reason: found.reason } });
  }
  const { record } = found;
  const needed = REQUIRED_SCOPE[req.operationId];
  if (needed && !record.scopes.includes(needed)) {
    throw new OrdermockError('ORDERMOCK_ERR_FORBIDDEN', [ACCESS_DENIED], { meta: { needed } });
  }
  return { userId: record.userId, username: record.username, scopes: [...record.scopes] };
}
