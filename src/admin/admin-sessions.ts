import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The dashboard's session cookie: a random id, never the admin token. */
export const SESSION_COOKIE = 'ordermock_session';

export interface SessionLimits {
  /** Sessions kept at once; a login beyond it ends the oldest (default 32). */
  max?: number;
  /** A session ends this long after its login, whatever happens in between (default 12 h). */
  ttlMs?: number;
  /** Wall-clock time, not the mock's clock: `POST /clock` must not extend or end a session. */
  now?: () => number;
  /** The cookie's Path: the control plane's prefix, so API routes never receive it. */
  path?: string;
}

export interface OpenedSession {
  /** The Set-Cookie value that carries the new session id. */
  cookie: string;
  expiresAt: Date;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Compares in constant time whatever the given text: both sides are hashed first, so not even the length leaks. */
export function tokenMatcher(token: string): (given: string) => boolean {
  const expected = digest(token);
  return (given) => timingSafeEqual(digest(given), expected);
}
// 32 random bytes in base64url: anything else in the cookie is not one of ours and is not looked up.
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Logins of the demo dashboard (a browser tab cannot send `Authorization` with a page load or an
 * EventSource). Bounded and expiring, so repeated logins cannot fill memory; ids are kept only
 * as SHA-256 digests, so the memory holds no cookie that would let someone in.
 */
export class AdminSessions {
  readonly tokenMatches: (given: string) => boolean;
  private readonly sessions = new Map<string, number>(); // digest (hex) → expiry (ms), oldest login first
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly path: string;

  constructor(token: string, limits: SessionLimits = {}) {
    this.tokenMatches = tokenMatcher(token);
    this.max = limits.max ?? 32;
    this.ttlMs = limits.ttlMs ?? 12 * 60 * 60 * 1000;
    this.now = limits.now ?? Date.now;
    this.path = limits.path ?? '/__ordermock';
  }

  /** A new session for the right token; undefined (and nothing stored) for a wrong one. */
  open(given: string): OpenedSession | undefined {
    if (!this.tokenMatches(given)) return undefined;
    this.prune();
    while (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    const expires = this.now() + this.ttlMs;
    this.sessions.set(key(id), expires);
    const maxAge = Math.floor(this.ttlMs / 1000);
    return { cookie: `${SESSION_COOKIE}=${id}; Path=${this.path}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict`, expiresAt: new Date(expires) };
  }

  /** When the session named by the request's `Cookie` header ends; undefined if it names none that is live. */
  expiry(cookieHeader: string | string[] | undefined): Date | undefined {
    for (const id of sessionIds(cookieHeader)) {
      const k = key(id);
      const expires = this.sessions.get(k);
      if (expires === undefined) continue;
      if (expires > this.now()) return new Date(expires);
      this.sessions.delete(k);
    }
    return undefined;
  }

  valid(cookieHeader: string | string[] | undefined): boolean {
    return this.expiry(cookieHeader) !== undefined;
  }

  /** Ends the sessions the header names (logout); returns the Set-Cookie value that removes the cookie. */
  close(cookieHeader: string | string[] | undefined): string {
    for (const id of sessionIds(cookieHeader)) this.sessions.delete(key(id));
    return `${SESSION_COOKIE}=; Path=${this.path}; Max-Age=0; HttpOnly; SameSite=Strict`;
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [k, expires] of this.sessions) if (expires <= now) this.sessions.delete(k);
  }
}

const key = (id: string): string => digest(id).toString('hex');

/** Whether the header carries our cookie at all (to say "expired" rather than "none given"). */
export const hasSessionCookie = (header: string | string[] | undefined): boolean => sessionIds(header).length > 0;

/** Our cookie's values in a `Cookie` header (a browser may send several with the same name). */
function sessionIds(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const ids: string[] = [];
  for (const part of [header].flat().join(';').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (ID_SHAPE.test(value)) ids.push(value);
  }
  return ids;
}
