import { randomUUID } from 'node:crypto';
import type { ApiResponse, HandlerContext } from '../api-module.js';
import type { Clock } from '../clock.js';
import { boundError } from '../errors/bound-error.js';
import { OrdermockError, isOrdermockError, ordermockError } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';
import { DEFAULT_NAMESPACE, type Store } from '../store/store.js';
import { authenticate } from './authenticate.js';
import type { Exchange, IncomingRequest, Stage } from './exchange.js';
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
  /** Called once per request with the finished exchange: the journal, logs, live views. */
  onExchange?: (exchange: Exchange, durationMs: number) => void;
}

export type Pipeline = (incoming: IncomingRequest) => Promise<Exchange>;

/**
 * The one road every API request takes:
 * resolve API → route → namespace → security → body → request validation → handler (+ commit)
 * → response validation. A stage either fills in the exchange or throws an OrdermockError,
 * which the API's own renderer turns into its native error body.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { store, clock } = options;
  const context = (ex: Exchange): HandlerContext => ({ data: store.data(ex.namespace, ex.api!.name), clock, namespace: ex.namespace });
  const stages: Stage[] = [
    resolveApi(options.apis),
    route,
    selectNamespace,
    authenticate(context),
    readBody,
    validateRequest,
    runHandler(store, context),
  ];

  return async (incoming) => {
    const started = performance.now();
    const exchange: Exchange = { id: randomUUID(), receivedAt: clock.now(), incoming, namespace: DEFAULT_NAMESPACE, violations: [] };
    try {
      for (const stage of stages) await stage(exchange);
    } catch (err) {
      exchange.error = isOrdermockError(err) ? err : ordermockError('ORDERMOCK_ERR_INTERNAL', (err as Error).message ?? String(err));
      exchange.response = renderError(exchange, exchange.error);
    }
    validateResponse(exchange);
    if (options.strictResponses && exchange.violations.length) {
      const summary = exchange.violations.map((v) => `${v.location} ${v.message}`).join('; ');
      exchange.error = ordermockError('ORDERMOCK_ERR_RESPONSE_VALIDATION', summary);
      exchange.response = renderError(exchange, exchange.error);
    }
    options.onExchange?.(exchange, performance.now() - started);
    return exchange;
  };
}

function renderError(ex: Exchange, error: OrdermockError): ApiResponse {
  const err = boundError(error);
  const rendered = ex.api ? ex.api.module.renderError(err, { operationId: ex.operation?.operationId }) : { status: err.status, body: { error: { code: err.code, message: err.message } } };
  return { ...rendered, headers: { ...err.headers, ...rendered.headers } };
}
