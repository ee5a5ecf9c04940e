import type { OrdermockError } from './errors/catalogue.js';
import type { ApiData } from './store/store.js';
import type { Clock } from './clock.js';

/** Headers as the mock sees them: lower-cased names. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The request as an API module sees it: plain data, no express. */
export interface ApiRequest {
  method: string;
  /** The path below the API's prefix, i.e. the vendor's real path. */
  path: string;
  operationId: string;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: RequestHeaders;
  body: unknown;
  /** Whatever `authenticate` returned; undefined on operations without security. */
  principal: unknown;
}

/** What a handler answers; the pipeline validates it against the spec, then sends it. */
export interface ApiResponse {
  status: number;
  /** HTTP reason phrase, where the real API sends a non-standard one (e.g. "Invalid token"). */
  reason?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Text sent as it is instead of `body` as JSON (an export, a deliberately malformed body). */
  raw?: string;
}

export interface HandlerContext {
  /** The collections of this API in the request's namespace. */
  data: ApiData;
  clock: Clock;
  namespace: string;
}

export type OperationHandler = (req: ApiRequest, ctx: HandlerContext) => ApiResponse | Promise<ApiResponse>;

/**
 * Checks an operation's credentials. `schemes` are the security scheme names the operation
 * requires (any one of them). Returns the principal or throws an OrdermockError.
 */
export type Authenticator = (req: ApiRequest, ctx: HandlerContext, schemes: string[]) => unknown;

/** Everything that makes one vendor API: adding a sixth API means writing one of these. */
export interface ApiModule {
  /** URL prefix, spec file (`<name>.yaml`) and seed file (`<name>.json`) all derive from it. */
  name: string;
  title: string;
  authenticate: Authenticator;
  handlers: Record<string, OperationHandler>;
  /**
   * Renders any ordermock error in the API's own error shape. `operationId` is set once routing
   * succeeded (a token endpoint may answer in OAuth's shape rather than the API's).
   */
  renderError: (err: OrdermockError, where: { operationId?: string }) => ApiResponse;
}
