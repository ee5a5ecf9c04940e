import { randomBytes } from 'node:crypto';
import type { ApiRequest, ApiResponse, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import type { SellercloudToken } from './authenticate.js';

/** Tokens from `POST /rest/api/token` live 60 minutes, as Sellercloud's do. */
export const TOKEN_LIFETIME_SECONDS = 3600;

interface SellercloudUser {
  userId: string;
  username: string;
  password: string;
  roles: string[];
  scopes: string[];
  active: boolean;
}

/** `POST /rest/api/token`: the body is schema-valid here (non-empty `Username` and `Password`). */
export function createToken(req: ApiRequest, ctx: HandlerContext): ApiResponse {
  const body = req.body as { Username: string; Password: string };
  // Logins are emails, which ASP.NET Identity compares case-insensitively; passwords are exact.
  const wanted = body.Username.toLowerCase();
  const user = ctx.data
    .collection<SellercloudUser>('users')
    .list()
    .find((u) => u.username.toLowerCase() === wanted);
  if (!user || !user.active || user.password !== body.Password) {
    throw new OrdermockError('ORDERMOCK_ERR_UNAUTHORIZED', ['Invalid username or password.']);
  }
  const issued = ctx.clock.now();
  const expires = new Date(issued.getTime() + TOKEN_LIFETIME_SECONDS * 1000);
  const token = randomBytes(16).toString('hex');
  const record: SellercloudToken = {
    token,
    userId: user.userId,
    username: user.username,
    roles: [...user.roles],
    scopes: [...user.scopes],
    issuedAt: issued.toISOString(),
    expiresAt: expires.toISOString(),
  };
  ctx.data.collection<SellercloudToken>('tokens').put(token, record);
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'Bearer',
      username: user.username,
      expires_in: TOKEN_LIFETIME_SECONDS,
      '.issued': issued.toUTCString(),
      '.expires': expires.toUTCString(),
    },
  };
}
