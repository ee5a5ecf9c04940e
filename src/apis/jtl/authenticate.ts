import type { ApiRequest, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { header, lookUpBearer } from '../shared/credentials.js';
import { countRequest } from './rate-limit.js';
import { OPERATION_SCOPES, UUID_PATTERN, type Client, type JtlPrincipal, type TokenDoc } from './types.js';

const BEARER_CHALLENGE = {
  missing: 'Bearer realm="api.jtl-cloud.com"',
  unknown: 'Bearer error="invalid_token", error_description="The access token is invalid"',
  expired: 'Bearer error="invalid_token", error_description="The token has expired"',
} as const;

const TOKEN_MESSAGES = {
  missing: 'No access token was sent (Authorization: Bearer <token>).',
  unknown: 'The access token is invalid.',
  expired: 'The access token has expired.',
} as const;

/**
 * Steps that run before request validation, in this order: Bearer token (401), `x-tenant-id`
 * present (401, as the real service answers) and granted to the token's client (403), the
 * client's rate limit (429), the operation's scope (403).
 */
export function authenticateJtl(req: ApiRequest, ctx: HandlerContext): JtlPrincipal {
  const found = lookUpBearer<TokenDoc>(req.headers, ctx.data, ctx.clock);
  if (!found.ok) throw unauthorized(TOKEN_MESSAGES[found.reason], BEARER_CHALLENGE[found.reason]);
  const client = ctx.data.collection<Client>('clients').get(found.record.clientId);
  if (!client) throw unauthorized(TOKEN_MESSAGES.unknown, BEARER_CHALLENGE.unknown);

  const tenantHeader = header(req.headers, 'x-tenant-id')?.trim();
  if (!tenantHeader) throw unauthorized("The header 'x-tenant-id' is required.");
  if (!UUID_PATTERN.test(tenantHeader)) {
    // Same answer request validation would give, but it must come before the tenant check.
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', ['header.x-tenant-id must match format "uuid"'], {
      issues: [{ in: 'header', path: ['x-tenant-id'], message: 'must match format "uuid"', rule: 'format' }],
    });
  }
  const tenantId = tenantHeader.toLowerCase();
  if (!client.tenantIds.includes(tenantId) || !ctx.data.collection('tenants').has(tenantId)) {
    throw new OrdermockError('ORDERMOCK_ERR_FORBIDDEN', [`The client '${client.clientId}' has no access to tenant ${tenantId}.`]);
  }

  countRequest(ctx, client.clientId, client.rateLimitPerMinute);

  const needed = OPERATION_SCOPES[req.operationId] ?? [];
  const scopes = found.record.scopes ?? [];
  if (needed.length && !needed.some((s) => scopes.includes(s))) {
    throw new OrdermockError('ORDERMOCK_ERR_FORBIDDEN', [`The access token lacks the scope '${needed[0]}'.`]);
  }
  return { token: found.token, clientId: client.clientId, scopes, tenantId };
}

function unauthorized(message: string, challenge?: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', [message], challenge ? { headers: { 'www-authenticate': challenge } } : {});
}
