import type { RequestHeaders } from '../../core/api-module.js';
import type { Clock } from '../../core/clock.js';
import type { ApiData } from '../../core/store/store.js';

export function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(headers: RequestHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  return match?.[1];
}

/** `Authorization: Basic base64(id:secret)`, decoded. */
export function basicCredentials(headers: RequestHeaders): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export interface TokenRecord {
  expiresAt?: string | null;
  [key: string]: unknown;
}

export type TokenLookup<T extends TokenRecord> =
  | { ok: true; token: string; record: T }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

/** Looks a bearer token up in the API's `tokens` collection and checks its expiry against the clock. */
export function lookUpBearer<T extends TokenRecord = TokenRecord>(headers: RequestHeaders, data: ApiData, clock: Clock, collection = 'tokens'): TokenLookup<T> {
  const token = bearerToken(headers);
  if (!token) return { ok: false, reason: 'missing' };
  const record = data.collection<T>(collection).get(token);
  if (!record) return { ok: false, reason: 'unknown' };
  if (record.expiresAt && Date.parse(record.expiresAt) <= clock.now().getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, token, record };
}
