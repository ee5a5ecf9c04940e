import type { Operation } from 'openapi-backend';
import type { ApiRequest, ApiResponse, RequestHeaders } from '../api-module.js';
import type { OrdermockError } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';

/** A contract violation found in a response the mock produced: data, not a log line. */
export interface Violation {
  location: string;
  message: string;
  /** The JSON Schema keyword or contract rule that failed (`type`, `required`, `status`...). */
  rule?: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** What the HTTP layer hands the pipeline: no express types past this point. */
export interface IncomingRequest {
  method: string;
  /** Path without query string, prefix included, e.g. `/cutmake/api/v1/orders/X`. */
  path: string;
  query: Record<string, string | string[]>;
  headers: RequestHeaders;
  rawBody: Buffer | undefined;
  /** Set when the HTTP layer already refused the body (too large, unreadable). */
  bodyError?: { tooLarge: boolean; limit: number; message: string };
}

/** One request's trip through the stages; each stage reads and fills in part of it. */
export interface Exchange {
  id: string;
  receivedAt: Date;
  incoming: IncomingRequest;
  namespace: string;
  api?: LoadedApi;
  /** The vendor's real path: `incoming.path` without the API prefix. */
  apiPath?: string;
  operation?: Operation;
  request?: ApiRequest;
  response?: ApiResponse;
  error?: OrdermockError;
  violations: Violation[];
}

export type Stage = (exchange: Exchange) => void | Promise<void>;
