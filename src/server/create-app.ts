import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { accessGuard, type AccessGuardOptions } from '../admin/access-guard.js';
import type { AdminSessions } from '../admin/admin-sessions.js';
import { ADMIN_PREFIX } from '../admin/control-plane.js';
import type { LiveViews } from '../admin/live/live-views.js';
import { uiRoutes } from '../admin/live/ui-routes.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { FaultRules } from '../core/faults/fault-rules.js';
import { VIOLATIONS_HEADER } from '../core/header-names.js';
import { Journal } from '../core/journal/journal.js';
import { responseJson, type Exchange, type IncomingRequest } from '../core/pipeline/exchange.js';
import { createPipeline, type Pipeline } from '../core/pipeline/pipeline.js';
import type { LoadedApi } from '../core/contract/build-backend.js';
import type { Store } from '../core/store/store.js';
import type { OrdermockLogger } from './logger.js';
import type { CorsOptions } from '../core/pipeline/cors.js';
import { defaultSpecsDir } from '../paths.js';
import { docsRoutes } from './docs-routes.js';
import { routeApiDirectly } from './direct-api-route.js';
import { landingPage } from './landing-page.js';
import { logControlPlane, logExchange } from './request-log.js';
import { SpecSources } from './spec-sources.js';

export interface AppOptions {
  /** The APIs served; a Map is used as it is (so --watch and the control plane see one set). */
  apis: LoadedApi[] | Map<string, LoadedApi>;
  store: Store;
  clock?: Clock;
  journal?: Journal;
  logger?: OrdermockLogger;
  /** Fault rules applied to every API request. */
  faults?: FaultRules;
  /** The control plane (src/admin/), served through the same pipeline; its requests are not journaled. */
  controlPlane?: LoadedApi;
  /** Largest accepted request body in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  strictResponses?: boolean;
  /** CORS on the API routes (default: on, any origin). */
  cors?: CorsOptions;
  /** Who may use the control plane (default: loopback names and IPs, same origin, no token). */
  access?: AccessGuardOptions;
  /** The dashboard's logins (`POST /__ordermock/session`), accepted by the guard besides the bearer token; the control plane must hold the same. */
  sessions?: AdminSessions;
  /** The contracts served under /__ordermock/specs (default: read from the bundled specs). */
  specSources?: SpecSources;
  /** The dashboard's live feed and order timelines (/__ordermock/ui, /__ordermock/events). */
  live?: LiveViews;
}

export { VIOLATIONS_HEADER };

export type OrdermockApp = Express & { locals: { journal: Journal; apis: Map<string, LoadedApi> } };

/**
 * Builds the HTTP app and never listens (the CLI and `startOrdermock` do), so tests can drive it
 * with supertest against a temporary data file and a fixed clock.
 */
export function createApp(options: AppOptions): OrdermockApp {
  const apis = options.apis instanceof Map ? options.apis : new Map(options.apis.map((api) => [api.name, api]));
  const journal = options.journal ?? new Journal();
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const pipeline = createPipeline({
    apis,
    store: options.store,
    clock: options.clock ?? systemClock,
    strictResponses: options.strictResponses,
    cors: options.cors,
    faults: options.faults,
    controlPlane: options.controlPlane,
    onExchange: (ex, ms) => {
      // Control-plane calls are not traffic, and are logged where they enter (guard refusals too);
      // a preflight is the browser's question, not API traffic.
      if (options.controlPlane && ex.api === options.controlPlane) return void options.live?.controlPlaneExchange(ex);
      if (!ex.cors?.preflight) {
        const entry = journal.record(ex, ms);
        options.live?.apiExchange(ex, entry);
      }
      if (options.logger) logExchange(options.logger, ex, ms);
    },
  });
  const specs = options.specSources ?? new SpecSources(defaultSpecsDir);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.locals.journal = journal;
  app.locals.apis = apis; // --watch swaps a reloaded contract in here
  // Every control-plane request enters here: logged, then the guard, then the pipeline (below).
  app.use(ADMIN_PREFIX, ...(options.logger ? [logControlPlane(options.logger)] : []), accessGuard(options.access, options.sessions));
  app.use(ADMIN_PREFIX, docsRoutes({ prefix: ADMIN_PREFIX, apis, specs }));
  if (options.live) app.use(ADMIN_PREFIX, uiRoutes(options.live));
  app.get('/', landingPage({ prefix: ADMIN_PREFIX, apis }));
  // Raw bytes for every request: the pipeline decides per operation what a valid body is.
  const api = {
    readBody: express.raw({ type: () => true, limit: bodyLimit }),
    serve: (req: Request, res: Response, next: NextFunction) => void serve(pipeline, toIncoming(req), res).catch(next),
    onError: (err: Error & { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      const bodyError = { tooLarge: err.type === 'entity.too.large', limit: bodyLimit, message: err.message };
      serve(pipeline, { ...toIncoming(req), rawBody: undefined, bodyError }, res).catch(next);
    },
  };
  app.use(api.readBody, api.serve, api.onError);
  routeApiDirectly(app, (pathname) => pathname === '/' || pathname.toLowerCase().startsWith(ADMIN_PREFIX), api);
  return app as OrdermockApp;
}

function toIncoming(req: Request): IncomingRequest {
  return {
    method: req.method,
    path: req.path,
    query: req.query as Record<string, string | string[]>,
    headers: req.headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : undefined,
  };
}

async function serve(pipeline: Pipeline, incoming: IncomingRequest, res: Response): Promise<void> {
  await pipeline(incoming, (exchange) => send(exchange, res));
}

function send(exchange: Exchange, res: Response): void {
  if (exchange.drop) {
    res.socket?.destroy(); // a fault: the client sees the connection close with no answer
    return;
  }
  const response = exchange.response!;
  const { status, body, headers, reason, raw } = response;
  res.status(status);
  if (reason) res.statusMessage = reason;
  if (headers) res.set(headers);
  if (exchange.cors) res.set(exchange.cors.headers);
  if (exchange.violations.length) res.set(VIOLATIONS_HEADER, JSON.stringify(exchange.violations).slice(0, 4000));
  if (raw !== undefined) res.send(raw);
  else if (body === undefined) res.end();
  else res.type('application/json').send(responseJson(response));
}
