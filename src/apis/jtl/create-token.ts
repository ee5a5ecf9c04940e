import { randomUUID } from 'node:crypto';
import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { basicCredentials } from '../shared/credentials.js';
import { isoSeconds } from './iso-seconds.js';
import type { Client, TokenDoc } from './types.js';

const LIFETIME_S = 86_400;

/**
 * POST /oauth2/token, client-credentials grant: HTTP Basic client id and secret, the requested
 * scopes (all the client may have when none are asked for), a new token valid for 24 hours.
 */
export function createToken(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const credentials = basicCredentials(req.headers);
  const client = credentials ? ctx.data.collection<Client>('clients').get(credentials.id) : undefined;
  if (!credentials || !client || client.clientSecret !== credentials.secret) {
    throw new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', ['Client authentication failed.']);
  }
  const form = req.body as { grant_type?: string; scope?: string };
  if (form.grant_type !== 'client_credentials') {
    throw oauthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.', 'grant_type');
  }
  const requested = form.scope === undefined ? client.allowedScopes : [...new Set(form.scope.split(' '))];
  const refused = requested.filter((s) => !client.allowedScopes.includes(s));
  if (refused.length) {
    throw oauthError('invalid_scope', `Client ${client.clientId} may not request scope: ${refused.join(' ')}`, 'scope');
  }
  const now = ctx.clock.now();
  const token = `jtl-at-${randomUUID().replace(/-/g, '')}`;
  const doc: TokenDoc = {
    token,
    clientId: client.clientId,
    scopes: requested,
    issuedAt: isoSeconds(now),
    expiresAt: isoSeconds(new Date(now.getTime() + LIFETIME_S * 1000)),
  };
  ctx.data.collection<TokenDoc>('tokens').put(token, doc);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    body: { access_token: token, token_type: 'Bearer', expires_in: LIFETIME_S, scope: requested.join(' ') },
  };
}

function oauthError(error: string, description: string, field: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [description], {
    issues: [{ in: 'body', path: [field], message: description, rule: error }],
    meta: { oauthError: error, description },
  });
}
