import type { Operation } from 'openapi-backend';
import { OrdermockError } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';
import type { Exchange } from './exchange.js';
import { NAMESPACE_HEADER } from './select-namespace.js';
import type { CorsOptions } from './cors-options.js';

export type { CorsOptions };


/** Headers the mock itself reads on every API, whatever the contract says. */
const MOCK_REQUEST_HEADERS = [NAMESPACE_HEADER, 'prefer'];
const MOCK_RESPONSE_HEADERS = ['x-ordermock-violations'];
const PREFLIGHT_MAX_AGE = '60';

type Parameter = { in?: string; name?: string };
type SecurityScheme = { type?: string; in?: string; name?: string };

/**
 * Stage (after the API is known, before routing): answers a browser preflight with what the
 * contract declares for that path, and lists the CORS headers every other answer carries.
 */
export function cors(options: CorsOptions = {}) {
  if (options.enabled === false) return (): void => undefined;
  const allowed = options.origins?.filter((o) => o !== '*') ?? [];
  const anyOrigin = allowed.length === 0 || options.origins!.includes('*');
  return (ex: Exchange): void => {
    const origin = header(ex, 'origin');
    if (origin === undefined) return;
    const isPreflight = ex.incoming.method === 'OPTIONS' && header(ex, 'access-control-request-method') !== undefined;
    const methods = isPreflight ? ex.api!.router.allowedMethods(ex.apiPath!) : [];
    // A preflight for a path the contract does not have falls through to routing's 404.
    if (isPreflight && methods.length === 0) return;
    if (!anyOrigin && !allowed.includes(origin)) {
      // No CORS header: the browser refuses. Every write needs a JSON body or credentials, so a preflight first.
      ex.cors = { preflight: isPreflight, headers: { vary: 'Origin' } };
      if (!isPreflight) return;
      // The mock's own answer, not the vendor's: OPTIONS is in no contract.
      ex.error = new OrdermockError('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', [origin, 'to call this API (see --cors-origins)']);
      ex.response = { status: 403, body: { error: { code: ex.error.code, message: ex.error.message } } };
      return;
    }
    const headers: Record<string, string> = {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    };
    if (!isPreflight) {
      headers['access-control-expose-headers'] = exposedHeaders(ex.api!).join(', ');
      ex.cors = { preflight: false, headers };
      return;
    }
    const operations = methods.map((m) => ex.api!.router.match(m, ex.apiPath!)!.operation);
    headers['access-control-allow-methods'] = methods.join(', ');
    headers['access-control-allow-headers'] = requestHeaders(ex.api!, operations).join(', ');
    headers['access-control-max-age'] = PREFLIGHT_MAX_AGE;
    ex.cors = { preflight: true, headers };
    ex.response = { status: 204 };
  };
}

function header(ex: Exchange, name: string): string | undefined {
  const raw = ex.incoming.headers[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

/** Request headers the operations on one path declare: header parameters, credentials, Content-Type. */
function requestHeaders(api: LoadedApi, operations: Operation[]): string[] {
  const schemes = (api.document.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const names = new Set(MOCK_REQUEST_HEADERS);
  for (const op of operations) {
    for (const p of (op.parameters ?? []) as Parameter[]) if (p.in === 'header' && p.name) names.add(p.name.toLowerCase());
    if (op.requestBody) names.add('content-type');
    const requirements = (op.security ?? api.document.security ?? []) as Record<string, string[]>[];
    for (const name of requirements.flatMap((r) => Object.keys(r))) {
      const scheme = schemes[name];
      if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.name) names.add(scheme.name.toLowerCase());
      else if (scheme && scheme.type !== 'apiKey') names.add('authorization');
    }
  }
  return [...names];
}

const exposedCache = new WeakMap<LoadedApi, string[]>();

/** Every response header the contract declares anywhere (a reloaded contract is a new LoadedApi). */
function exposedHeaders(api: LoadedApi): string[] {
  let names = exposedCache.get(api);
  if (names) return names;
  const found = new Set(MOCK_RESPONSE_HEADERS);
  for (const op of api.operations.values()) {
    for (const response of Object.values(op.responses ?? {}) as { headers?: Record<string, unknown> }[]) {
      for (const name of Object.keys(response?.headers ?? {})) found.add(name.toLowerCase());
    }
  }
  names = [...found];
  exposedCache.set(api, names);
  return names;
}
