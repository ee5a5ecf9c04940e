import type { Authenticator } from '../../core/api-module.js';
import { ordermockError } from '../../core/errors/catalogue.js';
import { lookUpBearer } from '../shared/credentials.js';
import { parseSiteContext, unknownAccount } from './site-context.js';
import type { FabricAccount, FabricPrincipal, FabricToken } from './types.js';

/** The scope each operation needs (docs/apis/fabric.md, "Auth and headers"). */
const REQUIRED_SCOPE: Record<string, string> = {
  getOrder: 'orders:read',
  updateOrder: 'orders:write',
};

const UNAUTHORIZED = {
  missing: 'Unauthorized: bearer token required',
  unknown: 'Unauthorized: unknown token',
  expired: 'Token expired',
} as const;

/**
 * Checks, in this order: the bearer token (401), the `x-site-context` header (400), that the
 * header's account is the token's (401), then the operation's scope (403).
 */
export const authenticate: Authenticator = (req, ctx) => {
  const lookup = lookUpBearer<FabricToken>(req.headers, ctx.data, ctx.clock);
  if (!lookup.ok) throw ordermockError('ORDERMOCK_ERR_UNAUTHORIZED', UNAUTHORIZED[lookup.reason]);
  const token = lookup.record;

  const site = parseSiteContext(req.headers);
  if (!ctx.data.collection<FabricAccount>('accounts').has(site.account)) throw unknownAccount(site.account);
  if (site.account !== token.account) {
    throw ordermockError('ORDERMOCK_ERR_UNAUTHORIZED', `Unauthorized: token is not valid for account ${site.account}`);
  }

  // Fails closed: an operation with no scope listed here is refused, not let through.
  const scope = REQUIRED_SCOPE[req.operationId];
  if (!scope) throw ordermockError('ORDERMOCK_ERR_FORBIDDEN', `Forbidden: no scope grants ${req.operationId}`);
  if (!token.scopes.includes(scope)) throw ordermockError('ORDERMOCK_ERR_FORBIDDEN', `Forbidden: scope ${scope} required`);

  const principal: FabricPrincipal = { userId: token.userId, account: token.account, scopes: [...token.scopes] };
  return principal;
};
