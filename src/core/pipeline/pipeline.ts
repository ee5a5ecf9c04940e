import { randomUUID } from 'node:crypto';
import type { ApiResponse, HandlerContext } from '../api-module.js';
import type { Clock } from '../clock.js';
import { boundError } from '../errors/bound-error.js';
import { OrdermockError, isOrdermockError, ordermockError } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';
import { DEFAULT_NAMESPACE, type Store } from '../store/store.js';
import { authenticate } from './authenticate.js';
import { cors, type CorsOptions } from './cors.js';
import { responseJson, type Exchange, type IncomingRequest, type Stage } from './exchange.js';
import type { FaultRules } from '../faults/fault-rules.js';
import { injectFault } from './inject-fault.js';
import { preferExample } from './prefer-example.js';
import { readBody } from './read-body.js';
import { resolveApi } from './resolve-api.js';
import { route } from './route.js';
import { runHandler } from './run-handler.js';
import { selectNamespace } from './select-namespace.js';
import { validateRequest } from './validate-request.js';
import { validateResponse } from './validate-response.js';

export interface PipelineOptions {
  apis: ReadonlyMap<string, LoadedApi>;
  store: Store;
  clock: Clock;
  /** Answer 500 instead of a response that breaks the contract (violations are recorded either way). */
  strictResponses?: boolean;
  /** Fault rules matched against every API request (never the control plane). */
  faults?: FaultRules;
  /** Served like an API under its own prefix, but without Prefer and faults (see src/admin/). */
  controlPlane?: LoadedApi;
  /** Called once per request with the finished exchange: the journal, logs, live views. */
  onExchange?: (exchange: Exchange, durationMs: number) => void;
  cors?: CorsOptions;
}

/**
 * Runs one request. `deliver`, when given, sends the answer: it is called once the answer is final
 * and durable, before `onExchange`, so the journal and logs are written after the client has it.
 */
export type Pipeline = (incoming: IncomingRequest, deliver?: (exchange: Exchange) => void) => Promise<Exchange>;

/**
 * The one road every API request takes:
 * resolve API → route → namespace → security → body → faults → Prefer → request validation
 * → handler (+ commit) → response validation. A stage either fills in the exchange, answers
 * (sets `response`: the rest is skipped) or throws an OrdermockError, which the API's own
 * renderer turns into its native error body.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { store, clock } = options;
  const context = (ex: Exchange): HandlerContext => ({ data: store.data(ex.namespace, ex.api!.name), clock, namespace: ex.namespace });
  // A lookup, not a copy: --watch swaps reloaded contracts into options.apis.
  const cp = options.controlPlane;
  const apis = { get: (name: string) => (cp && name === cp.name ? cp : options.apis.get(name)) };
  // Prefer and faults shape the vendor APIs' answers; the control plane always answers for real.
  const apisOnly = (stage: Stage): Stage => (ex) => (ex.api === options.controlPlane ? undefined : stage(ex));
  const stages: Stage[] = [
    resolveApi(apis),
    apisOnly(cors(options.cors)), // CORS is for the API routes; the control plane has its guard
    route,
    selectNamespace,
    authenticate(context),
    readBody,
    ...(options.faults ? [apisOnly(injectFault(options.faults))] : []),
    apisOnly(preferExample),
    validateRequest,
    runHandler(store, context),
  ];

  const fail = (exchange: Exchange, err: unknown) => {
    exchange.error = isOrdermockError(err) ? err : ordermockError('ORDERMOCK_ERR_INTERNAL', (err as Error).message ?? String(err));
    exchange.response = renderError(exchange, exchange.error);
  };
  const check = (exchange: Exchange) => {
    validateResponse(exchange);
    if (options.strictResponses && exchange.violations.length) {
      const summary = exchange.violations.map((v) => `${v.location} ${v.message}`).join('; ');
      exchange.error = ordermockError('ORDERMOCK_ERR_RESPONSE_VALIDATION', summary);
      exchange.response = renderError(exchange, exchange.error);
    }
  };

  return async (incoming, deliver) => {
    const started = performance.now();
    const exchange: Exchange = { id: randomUUID(), receivedAt: clock.now(), incoming, namespace: DEFAULT_NAMESPACE, violations: [] };
    try {
      for (const stage of stages) {
        const pending = stage(exchange);
        if (pending) await pending; // most stages are synchronous: no microtask hop for them
        if (exchange.response) break; // a stage that answers by itself (a CORS preflight) ends the trip
      }
    } catch (err) {
      fail(exchange, err);
    }
    check(exchange);
    if (exchange.committing) {
      // Checked (above) and serialized while the fdatasync runs: the log write was queued before
      // this continuation, so the sync is already under way. Nothing leaves before it settles.
      const { response } = exchange;
      if (response?.body !== undefined && response.raw === undefined) responseJson(response);
      try {
        await exchange.committing;
      } catch (err) {
        fail(exchange, err); // the change was undone: the answer checked above is never sent
        exchange.violations = [];
        check(exchange);
      }
    }
    try {
      deliver?.(exchange);
    } finally {
      options.onExchange?.(exchange, performance.now() - started); // recorded even if sending failed
    }
    return exchange;
  };
}

function renderError(ex: Exchange, error: OrdermockError): ApiResponse {
  const err = boundError(error);
  const rendered = ex.api ? ex.api.module.renderError(err, { operationId: ex.operation?.operationId }) : { status: err.status, body: { error: { code: err.code, message: err.message } } };
  return { ...rendered, headers: { ...err.headers, ...rendered.headers } };
}
