import { randomUUID } from 'node:crypto';
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import express from 'express';
import type { Logger } from 'pino';
import { accessGuard, type AccessGuardOptions } from '../../admin/access-guard.js';
import { safeUrl } from '../../core/store/redis/redis-url.js';
import type { LoadedApi } from '../../core/contract/build-backend.js';
import { ordermockError } from '../../core/errors/catalogue.js';
import type { Journal } from '../../core/journal/journal.js';
import type { Exchange, Violation } from '../../core/pipeline/exchange.js';
import { checkForwardedExchange } from '../shared/check-exchange.js';
import { REDACTED, isSecretName, redactSecrets } from './redact-secrets.js';

export interface ValidatingProxyOptions {
  api: LoadedApi;
  /** Base URL of the real server, e.g. `https://staging.cutmake.ai` (a path prefix is kept). */
  upstream: string;
  journal: Journal;
  logger: Logger;
  /** Largest request body forwarded (413 in the API's error shape beyond it); default 1 MiB, as `serve`. */
  bodyLimit?: number;
  /** Largest upstream answer relayed (502 beyond it); default 64 MiB. */
  upstreamBodyLimit?: number;
  /** Who may read and clear the proxy's journal: the same guard as the mock's control plane. */
  access?: AccessGuardOptions;
}

interface UpstreamResponse {
  status: number;
  reason: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  raw: Buffer;
}

// Hop-by-hop headers belong to one connection, not to the message (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * A server (not listening: the command listens) that forwards every request to the upstream
 * unchanged, answers with the upstream's response unchanged, and only then checks both against
 * the contract, so validation never alters or delays the traffic it watches.
 */
export function createValidatingProxy(options: ValidatingProxyOptions): Server {
  const { api, journal, logger, bodyLimit = 1024 * 1024, upstreamBodyLimit = 64 * 1024 * 1024 } = options;
  const upstream = new URL(options.upstream);
  const admin = controlPlane(journal, { api: api.name, upstream: safeUrl(upstream.href) }, options.access); // a password in the URL stays out
  return createServer((req, res) => {
    handle(req, res).catch((err) => {
      logger.error({ err }, 'proxy failure');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname.startsWith('/__ordermock/')) return void admin(req, res);
    // Buffered to check it afterwards, so bounded: a client cannot make the proxy hold more than the limit.
    const raw = await readAll(req, bodyLimit).catch((err: unknown) => {
      if (!(err instanceof BodyTooLarge)) throw err;
      const error = ordermockError('ORDERMOCK_ERR_PAYLOAD_TOO_LARGE', bodyLimit);
      const answer = api.module.renderError(error, {});
      res.writeHead(answer.status, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(answer.body));
      logger.warn({ api: api.name, code: error.code, limit: bodyLimit }, `${req.method} ${url.pathname}: ${error.message}`);
      return undefined;
    });
    if (!raw) return;
    const started = performance.now();
    const ex: Exchange = {
      id: randomUUID(),
      receivedAt: new Date(),
      incoming: { method: req.method ?? 'GET', path: url.pathname, query: queryOf(url), headers: req.headers, rawBody: raw.length ? raw : undefined },
      namespace: 'default',
      api,
      violations: [],
    };
    let answer: UpstreamResponse;
    try {
      answer = await forward(upstream, req, raw, upstreamBodyLimit);
    } catch (err) {
      ex.error =
        err instanceof BodyTooLarge
          ? ordermockError('ORDERMOCK_ERR_UPSTREAM_TOO_LARGE', upstream.origin, upstreamBodyLimit)
          : ordermockError('ORDERMOCK_ERR_UPSTREAM_UNREACHABLE', upstream.origin, (err as Error).message);
      ex.response = api.module.renderError(ex.error, {});
      res.writeHead(ex.response.status, { 'content-type': 'application/json' }).end(JSON.stringify(ex.response.body));
      logger.error({ api: api.name, code: ex.error.code }, ex.error.message);
      journal.record(redacted(ex), performance.now() - started);
      return;
    }
    res.writeHead(answer.status, answer.reason, answer.rawHeaders.filter((_, i, all) => !HOP_BY_HOP.has(all[i - (i % 2)].toLowerCase())));
    res.end(answer.raw);
    checkForwardedExchange(api, ex, answer);
    const ms = performance.now() - started;
    const entry = journal.record(redacted(ex), ms);
    logger.info({ api: api.name, operationId: entry.operationId, status: answer.status, ms: Math.round(ms * 10) / 10, violations: entry.violations.length }, `${ex.incoming.method} ${ex.incoming.path}`);
    for (const v of entry.violations) {
      logger.warn({ api: api.name, operationId: entry.operationId, method: entry.method, path: entry.path, status: answer.status, field: v.location, rule: v.rule, value: v.value }, `contract mismatch: ${v.location} ${v.message}`);
    }
  }
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer, limit: number): Promise<UpstreamResponse> {
  const target = new URL(upstream.pathname.replace(/\/+$/, '') + (req.url ?? '/'), upstream.origin);
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
  for (const name of Object.keys(headers)) if (HOP_BY_HOP.has(name)) delete headers[name];
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const out = send(target, { method: req.method, headers }, (answer) => {
      readAll(answer, limit).then(
        (raw) => done({ status: answer.statusCode ?? 502, reason: answer.statusMessage ?? '', headers: answer.headers, rawHeaders: answer.rawHeaders, raw }),
        (err) => {
          out.destroy(); // the rest of an oversized answer is not read
          fail(err);
        },
      );
    });
    out.setTimeout(30_000, () => out.destroy(new Error('no answer within 30 s')));
    out.once('error', fail);
    out.end(body.length ? body : undefined);
  });
}

/** What the journal and the logs keep: no credential, password, secret or token in clear. */
function redacted(ex: Exchange): Exchange {
  const hideValue = (v: Violation): Violation => (v.value !== undefined && isSecretName(v.location.split(/[.[]/).pop() ?? '') ? { ...v, value: REDACTED } : v);
  return {
    ...ex,
    incoming: { ...ex.incoming, headers: redactSecrets(ex.incoming.headers) },
    request: ex.request && { ...ex.request, body: redactSecrets(ex.request.body) },
    response: ex.response && { ...ex.response, body: redactSecrets(ex.response.body) },
    violations: ex.violations.map(hideValue),
  };
}

/** The proxy's control plane (health, journal) behind the mock's access guard: no foreign page or rebound host name reads or clears it. */
function controlPlane(journal: Journal, about: { api: string; upstream: string }, access: AccessGuardOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/__ordermock', accessGuard(access));
  app.get('/__ordermock/health', (_req, res) => void res.json({ status: 'ok', apis: [about.api], upstream: about.upstream }));
  app.get('/__ordermock/journal', (req, res) => {
    const entries = journal.list();
    if (req.query.format !== 'ndjson') return void res.json({ entries });
    res.type('application/x-ndjson').send(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  });
  app.delete('/__ordermock/journal', (_req, res) => {
    journal.clear();
    res.status(204).end();
  });
  app.use((req, res) => void res.status(404).json({ error: `no control-plane route ${req.method} ${req.path} on the proxy (journal and health only)` }));
  return app;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const seen = out[k];
    out[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  return out;
}

class BodyTooLarge extends Error {}

/** The whole body, or a BodyTooLarge rejection (and the stream no longer read) once it passes `limit` bytes. */
function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      stream.removeListener('data', onData);
      stream.pause();
      fail(new BodyTooLarge());
    };
    stream.on('data', onData);
    stream.once('end', () => done(Buffer.concat(chunks)));
    stream.once('error', fail);
  });
}
