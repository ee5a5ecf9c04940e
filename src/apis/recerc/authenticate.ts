import type { ApiRequest, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { lookUpBearer } from '../shared/credentials.js';
import type { ApiKey, Principal } from './types.js';

/** Scope each operation needs (ordermock's choice; the page names none). */
const OPERATION_SCOPES: Record<string, string> = {
  getOrder: 'orders:read',
  updateOrder: 'orders:write',
};
/** Needed on top of orders:write by a mutation with `requirementUpdates`. */
export const REVIEW_SCOPE = 'requirements:review';

function forbidden(code: 'invalid_api_key' | 'insufficient_scope', message: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_FORBIDDEN', [message], { meta: { code } });
}

/**
 * `Authorization: Bearer <key>` looked up in `apiKeys`: no key → 401; unknown, revoked or
 * expired (injected clock) → 403 invalid_api_key; missing scope → 403 insufficient_scope.
 */
export function authenticateRecerc(req: ApiRequest, ctx: HandlerContext): Principal {
  const found = lookUpBearer<ApiKey>(req.headers, ctx.data, ctx.clock, 'apiKeys');
  if (!found.ok && found.reason === 'missing') {
    throw new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', ['Missing API key. Send Authorization Bearer <API key>.'], {
      headers: { 'www-authenticate': 'Bearer realm="recerc"' },
    });
  }
  if (!found.ok) throw forbidden('invalid_api_key', 'The API key is invalid or has expired.');
  // A recorded revocation counts at once, whatever its timestamp (the fixtures' revokedAt is a record).
  if (found.record.revokedAt) throw forbidden('invalid_api_key', 'The API key is invalid or has been revoked.');
  const principal: Principal = { keyId: found.record.id, userId: found.record.userId, scopes: found.record.scopes ?? [] };
  requireScope(principal, OPERATION_SCOPES[req.operationId]);
  return principal;
}

/** 403 insufficient_scope unless the key has `scope`. Body-dependent scopes are checked by the handler (auth runs before the body is read). */
export function requireScope(principal: Principal, scope: string | undefined): void {
  if (scope && !principal.scopes.includes(scope)) throw forbidden('insufficient_scope', `This API key lacks the ${scope} scope.`);
}
