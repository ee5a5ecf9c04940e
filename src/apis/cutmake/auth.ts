import { randomUUID } from 'node:crypto';
import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { lookUpBearer } from '../shared/credentials.js';
import type { CutmakePrincipal, CutmakeToken, User } from './types.js';

const TOKEN_LIFETIME_S = 3600;

// FastAPI's HTTPBearer + token check: the three 401 reasons the docs list.
const REASONS = {
  missing: 'Not authenticated',
  unknown: 'Could not validate credentials',
  expired: 'Token has expired',
} as const;

function unauthorized(detail: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', [detail], { headers: { 'www-authenticate': 'Bearer' } });
}

/** Bearer token → the token's user (fixture tokens and tokens issued by the login). */
export function authenticateCutmake(req: ApiRequest, ctx: HandlerContext): CutmakePrincipal {
  const found = lookUpBearer<CutmakeToken>(req.headers, ctx.data, ctx.clock);
  if (!found.ok) throw unauthorized(REASONS[found.reason]);
  const user = ctx.data.collection<User>('users').get(found.record.userId);
  if (!user) throw unauthorized(REASONS.unknown);
  return { userId: user.id, role: user.role };
}

/** POST /auth/login: OAuth2 password form; `username` is the email. */
export function login(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const { username, password } = req.body as { username: string; password: string };
  const user = ctx.data
    .collection<User>('users')
    .list()
    .find((u) => u.email === username);
  if (!user || user.password !== password) {
    throw new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', ['Invalid credentials'], { headers: { 'www-authenticate': 'Bearer' } });
  }
  const now = ctx.clock.now();
  const token = `cm-login-${randomUUID().replace(/-/g, '')}`;
  ctx.data.collection<CutmakeToken>('tokens').put(token, {
    token,
    userId: user.id,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_S * 1000).toISOString(),
  });
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'bearer',
      expires_in: TOKEN_LIFETIME_S,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    },
  };
}
