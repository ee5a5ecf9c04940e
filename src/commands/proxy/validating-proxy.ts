import { randomUUID } from 'node:crypto';
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
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
  const { api, journal, logger } = options;
  const upstream = new URL(options.upstream);
  return createServer((req, res) => {
    handle(req, res).catch((err) => {
      logger.error({ err }, 'proxy failure');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname.startsWith('/__ordermock/')) return controlPlane(req, res, url, journal, { api: api.name, upstream: upstream.href });
    const raw = await readAll(req);
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
      answer = await forward(upstream, req, raw);
    } catch (err) {
      ex.error = ordermockError('ORDERMOCK_ERR_UPSTREAM_UNREACHABLE', upstream.origin, (err as Error).message);
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

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<UpstreamResponse> {
  const target = new URL(upstream.pathname.replace(/\/+$/, '') + (req.url ?? '/'), upstream.origin);
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
  for (const name of Object.keys(headers)) if (HOP_BY_HOP.has(name)) delete headers[name];
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const out = send(target, { method: req.method, headers }, (answer) => {
      readAll(answer).then(
        (raw) => done({ status: answer.statusCode ?? 502, reason: answer.statusMessage ?? '', headers: answer.headers, rawHeaders: answer.rawHeaders, raw }),
        fail,
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

function controlPlane(req: IncomingMessage, res: ServerResponse, url: URL, journal: Journal, about: { api: string; upstream: string }): void {
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (url.pathname === '/__ordermock/health' && req.method === 'GET') return json(200, { status: 'ok', apis: [about.api], upstream: about.upstream });
  if (url.pathname === '/__ordermock/journal' && req.method === 'GET') {
    const entries = journal.list();
    if (url.searchParams.get('format') !== 'ndjson') return json(200, { entries });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return;
  }
  if (url.pathname === '/__ordermock/journal' && req.method === 'DELETE') {
    journal.clear();
    res.writeHead(204).end();
    return;
  }
  json(404, { error: `no control-plane route ${req.method} ${url.pathname} on the proxy (journal and health only)` });
}

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const seen = out[k];
    out[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  return out;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => done(Buffer.concat(chunks)));
    stream.once('error', fail);
  });
}
