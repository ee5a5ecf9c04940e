import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { accessGuard, type AccessGuardOptions } from '../admin/access-guard.js';
import { ADMIN_PREFIX, adminRoutes } from '../admin/admin-routes.js';
import { systemClock, type Clock } from '../core/clock.js';
import { Journal } from '../core/journal/journal.js';
import type { Exchange, IncomingRequest } from '../core/pipeline/exchange.js';
import { createPipeline, type Pipeline } from '../core/pipeline/pipeline.js';
import type { LoadedApi } from '../core/contract/build-backend.js';
import type { Store } from '../core/store/store.js';
import type { CorsOptions } from '../core/pipeline/cors.js';
import { defaultSpecsDir } from '../paths.js';
import { docsRoutes } from './docs-routes.js';
import { landingPage } from './landing-page.js';
import { logControlPlane, logExchange } from './request-log.js';
import { SpecSources } from './spec-sources.js';

export interface AppOptions {
  apis: LoadedApi[];
  store: Store;
  clock?: Clock;
  journal?: Journal;
  logger?: Logger;
  /** Largest accepted request body in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  strictResponses?: boolean;
  /** CORS on the API routes (default: on, any origin). */
  cors?: CorsOptions;
  /** Who may use the control plane (default: loopback names and IPs, same origin, no token). */
  access?: AccessGuardOptions;
  /** The contracts served under /__ordermock/specs (default: read from the bundled specs). */
  specSources?: SpecSources;
}

export type OrdermockApp = Express & { locals: { journal: Journal; apis: Map<string, LoadedApi> } };

export const VIOLATIONS_HEADER = 'x-ordermock-violations';

/**
 * Builds the HTTP app and never listens (the CLI and `startOrdermock` do), so tests can drive it
 * with supertest against a temporary data file and a fixed clock.
 */
export function createApp(options: AppOptions): OrdermockApp {
  const apis = new Map(options.apis.map((api) => [api.name, api]));
  const journal = options.journal ?? new Journal();
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const pipeline = createPipeline({
    apis,
    store: options.store,
    clock: options.clock ?? systemClock,
    strictResponses: options.strictResponses,
    cors: options.cors,
    onExchange: (ex, ms) => {
      if (!ex.cors?.preflight) journal.record(ex, ms); // a preflight is the browser's question, not API traffic
      if (options.logger) logExchange(options.logger, ex, ms);
    },
  });
  const specs = options.specSources ?? new SpecSources(defaultSpecsDir);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.locals.journal = journal;
  app.locals.apis = apis; // --watch swaps a reloaded contract in here
  // Every control-plane request enters here: logged, then the guard, then whatever the routes are.
  app.use(ADMIN_PREFIX, ...(options.logger ? [logControlPlane(options.logger)] : []), accessGuard(options.access));
  app.use(ADMIN_PREFIX, docsRoutes({ prefix: ADMIN_PREFIX, apis, specs }));
  app.use(ADMIN_PREFIX, express.json(), adminRoutes({ apis, store: options.store, journal }));
  app.get('/', landingPage({ prefix: ADMIN_PREFIX, apis }));
  // Raw bytes for every request: the pipeline decides per operation what a valid body is.
  app.use(express.raw({ type: () => true, limit: bodyLimit }));
  app.use((req: Request, res: Response, next: NextFunction) => serve(pipeline, toIncoming(req), res).catch(next));
  app.use((err: Error & { type?: string; status?: number }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const bodyError = { tooLarge: err.type === 'entity.too.large', limit: bodyLimit, message: err.message };
    serve(pipeline, { ...toIncoming(req), rawBody: undefined, bodyError }, res).catch(next);
  });
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
  const exchange: Exchange = await pipeline(incoming);
  const { status, body, headers, reason } = exchange.response!;
  res.status(status);
  if (reason) res.statusMessage = reason;
  if (headers) res.set(headers);
  if (exchange.cors) res.set(exchange.cors.headers);
  if (exchange.violations.length) res.set(VIOLATIONS_HEADER, JSON.stringify(exchange.violations).slice(0, 4000));
  if (body === undefined) res.end();
  else res.type('application/json').send(JSON.stringify(body));
}
