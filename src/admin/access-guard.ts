import { isIP } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { OrdermockError } from '../core/errors/catalogue.js';
import type { AccessGuardOptions } from './access-options.js';
import { hasSessionCookie, tokenMatcher, type AdminSessions } from './admin-sessions.js';

export type { AccessGuardOptions };


/** Reads that reveal no state (docs, liveness, the dashboard's static files): open to a browser tab without the admin token. */
const PUBLIC_READS = /^\/(health|specs|reference|ui)(\/|$)/;
/** Login, logout and "am I logged in": the handlers check the token themselves (specs/ordermock-admin.yaml). */
const SESSION_ROUTE = '/session';

/**
 * The one gate in front of /__ordermock (it can wipe state and shows recorded traffic).
 * A web page can POST text/plain here without a preflight and DNS rebinding can give a
 * foreign name our address, so, as Vite and webpack-dev-server do: refuse a foreign
 * `Origin` (or a cross-site fetch), a `Host` that is not a loopback name or an IP, and,
 * when configured, a request without the admin token or a dashboard session (`sessions`, which
 * holds the same token; without it only the bearer token is accepted).
 */
export function accessGuard(options: AccessGuardOptions = {}, sessions?: AdminSessions) {
  const hosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const origins = new Set(options.origins ?? []);
  const token = options.adminToken === undefined ? undefined : tokenMatcher(options.adminToken);
  return (req: Request, res: Response, next: NextFunction): void => {
    const refusal = check(req);
    if (!refusal) {
      const origin = req.headers.origin;
      if (origin && origins.has(origin)) allowOrigin(req, res, origin);
      if (req.method === 'OPTIONS' && origin && origins.has(origin)) return void res.status(204).end();
      return next();
    }
    res.locals.errorCode = refusal.code;
    res.locals.errorReason = refusal.message;
    res.status(refusal.status).json({ error: { code: refusal.code, message: refusal.message } });
  };

  function check(req: Request): OrdermockError | undefined {
    const host = hostName(req.headers.host);
    if (!hosts.has('all') && !(host !== undefined && (isLoopbackName(host) || isIP(host) !== 0 || hosts.has(host)))) {
      return new OrdermockError('ORDERMOCK_ERR_HOST_NOT_ALLOWED', [JSON.stringify(req.headers.host ?? '')]);
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `${req.protocol}://${req.headers.host}` && !origins.has(origin)) {
      return new OrdermockError('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', [origin, 'to call the control plane (see --admin-origins)']);
    }
    const site = req.headers['sec-fetch-site'];
    if (origin === undefined && (site === 'cross-site' || site === 'same-site')) {
      return new OrdermockError('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', [`of a ${site} request`, 'to call the control plane']);
    }
    if (!token || req.method === 'OPTIONS' || (req.method === 'GET' && PUBLIC_READS.test(req.path))) return undefined;
    // The session cookie is for the page this server serves: a listed --admin-origin sends the bearer token.
    if (sessions && req.path === SESSION_ROUTE) return sameOriginOnly(req, 'to log in to the dashboard');
    if (bearerMatches(req.headers.authorization, token)) return undefined;
    if (sessions?.valid(req.headers.cookie)) return sameOriginOnly(req, 'to use the dashboard session (send the admin token instead)');
    const given = req.headers.authorization ? 'the token given is wrong' : hasSessionCookie(req.headers.cookie) ? 'the dashboard session has expired or was closed' : 'none given';
    return new OrdermockError('ORDERMOCK_ERR_ADMIN_TOKEN', [given]);
  }
}

/**
 * A cookie rides along on any request the browser makes, so it is taken only from the mock's own
 * page: a foreign `Origin` (even one in --admin-origins) is refused, and so is a write that names
 * no origin at all (browsers send `Origin` on every non-GET fetch, same-origin ones included).
 * SameSite=Strict already keeps other sites out; this also keeps out another port of localhost,
 * which is the same site.
 */
function sameOriginOnly(req: Request, what: string): OrdermockError | undefined {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (origin !== undefined && origin !== `${req.protocol}://${req.headers.host}`) return new OrdermockError('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', [origin, what]);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return new OrdermockError('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', [`of a ${site} request`, what]);
  if (origin === undefined && req.method !== 'GET' && req.method !== 'HEAD') return new OrdermockError('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', ['missing (the dashboard page sends one with every write)', what]);
  return undefined;
}

function allowOrigin(req: Request, res: Response, origin: string): void {
  res.set({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' });
  if (req.method !== 'OPTIONS') return;
  res.set({
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
    'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'authorization, content-type'),
  });
}

/** `localhost:4010` → `localhost`, `[::1]:4010` → `::1`. */
function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1].toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

const isLoopbackName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost');

function bearerMatches(header: string | undefined, tokenMatches: (given: string) => boolean): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1];
  return given !== undefined && tokenMatches(given.trim());
}

/** Loopback interfaces: binding anything else exposes the control plane to the network. */
export function isLoopbackHost(host: string): boolean {
  return isLoopbackName(host) || host === '::1' || /^127\./.test(host);
}
