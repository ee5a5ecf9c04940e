import type { LoadedApi } from '../../core/contract/build-backend.js';
import { describeField, isOrdermockError } from '../../core/errors/catalogue.js';
import type { Exchange, Violation } from '../../core/pipeline/exchange.js';
import { readBody } from '../../core/pipeline/read-body.js';
import { checkResponse } from '../../core/pipeline/validate-response.js';
import { requestIssues } from '../../core/pipeline/validate-request.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Routes and checks one forwarded exchange with the pipeline's own pieces: the contract's router,
 * the body reader (media type, JSON/form parsing), the request validators and `checkResponse`.
 * Fills in `operation`, `request` and the violations of both sides; never throws.
 */
export function checkForwardedExchange(api: LoadedApi, ex: Exchange, upstream: { status: number; headers: Record<string, string | string[] | undefined>; raw: Buffer }): void {
  const { method, path, query, headers } = ex.incoming;
  const match = api.router.match(method, path);
  if (!match) {
    ex.violations.push({ location: 'request', rule: 'route', message: `no operation of ${api.name} matches ${method} ${path}` });
  } else {
    ex.operation = match.operation;
    ex.request = { method, path, operationId: match.operation.operationId as string, params: match.params, query, headers, body: undefined, principal: undefined };
    try {
      readBody(ex);
      for (const issue of requestIssues(api, match.operation, ex.request)) {
        ex.violations.push({ location: `request.${describeField(issue)}`, message: issue.message, rule: issue.rule, ...(issue.value === undefined ? {} : { value: issue.value }) });
      }
    } catch (err) {
      if (!isOrdermockError(err)) throw err;
      ex.violations.push({ location: 'request.body', message: err.message, rule: err.code });
    }
  }
  const response = readResponseBody(upstream, ex.violations);
  ex.response = { status: upstream.status, headers: flatHeaders(upstream.headers), body: response.forJournal };
  if (response.checkable) ex.violations.push(...checkResponse(api, ex.operation, { status: upstream.status, headers: upstream.headers, body: response.body }));
}

/** The upstream body as JSON when it says it is JSON; anything else is a violation when the contract wants JSON. */
export function readResponseBody(upstream: { headers: Record<string, string | string[] | undefined>; raw: Buffer }, violations: Violation[]): { body: unknown; forJournal: unknown; checkable: boolean } {
  if (upstream.raw.length === 0) return { body: undefined, forJournal: undefined, checkable: true };
  const type = String(upstream.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const text = upstream.raw.toString('utf8');
  if (!JSON_TYPE.test(type)) {
    violations.push({ location: 'response.header.content-type', rule: 'content-type', message: `is ${type || '(none)'}; the contract's bodies are application/json`, value: type || null });
    return { body: undefined, forJournal: text.slice(0, 2000), checkable: false };
  }
  try {
    const body = JSON.parse(text);
    return { body, forJournal: body, checkable: true };
  } catch (err) {
    violations.push({ location: 'response.body', rule: 'json', message: `is not valid JSON: ${(err as Error).message}` });
    return { body: undefined, forJournal: text.slice(0, 2000), checkable: false };
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])));
}
