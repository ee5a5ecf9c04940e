import type { Operation } from 'openapi-backend';
import type { ApiRequest, ApiResponse, RequestHeaders } from '../api-module.js';
import type { OrdermockError } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';

import type { FaultMark, Violation } from '../journal/journal-entry.js';

export type { FaultEffect, FaultMark, Violation } from '../journal/journal-entry.js';

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
  /** Set when a fault rule changed this request (journal and logs show it). */
  fault?: FaultMark;
  /** The `Prefer` header that chose the answer instead of the handler. */
  prefer?: string;
  /** A fault asked to close the connection without an answer. */
  drop?: boolean;
  /** Set by the CORS stage: headers added to whatever is sent; a preflight is not API traffic. */
  cors?: { preflight: boolean; headers: Record<string, string> };
  /** Set by the handler stage: the store's commit, still being made durable. Nothing is sent before it settles. */
  committing?: Promise<void>;
}


export type Stage = (exchange: Exchange) => void | Promise<void>;

const jsonOfResponse = new WeakMap<ApiResponse, string>();

/**
 * The response body as JSON text, made once per response: the journal measures it and the HTTP
 * layer sends it (serializing a whole order twice was a tenth of what a recerc update allocated).
 */
export function responseJson(response: ApiResponse): string {
  let text = jsonOfResponse.get(response);
  if (text === undefined) {
    text = JSON.stringify(response.body);
    jsonOfResponse.set(response, text);
  }
  return text;
}
