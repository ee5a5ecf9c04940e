import { OrdermockError } from '../errors/catalogue.js';
import type { Exchange } from './exchange.js';
import { documentedStatuses, exampleNames, exampleResponse } from './example-response.js';

/**
 * Stage, as in Prism: `Prefer: code=409` answers the contract's example for that status and
 * `Prefer: example=NAME` the named example; the handler never runs, so no state changes.
 */
export function preferExample(ex: Exchange): void {
  const raw = ex.incoming.headers.prefer;
  const header = Array.isArray(raw) ? raw.join(',') : raw;
  if (!header) return;
  const prefs = parsePrefer(header);
  if (prefs.code === undefined && prefs.example === undefined) return;
  const operation = ex.operation!;
  const operationId = String(operation.operationId);
  let response;
  if (prefs.code !== undefined) {
    const code = Number(prefs.code);
    const documented = documentedStatuses(operation);
    if (!documented.includes(code)) throw new OrdermockError('ORDERMOCK_ERR_PREFER_UNDOCUMENTED', [`code=${prefs.code}`, operationId, documented.join(', ')]);
    response = exampleResponse(operation, code, prefs.example);
    if (!response) throw new OrdermockError('ORDERMOCK_ERR_PREFER_UNDOCUMENTED', [`example=${prefs.example}`, `${operationId} ${code}`, namesFor(ex, code)]);
  } else {
    const found = exampleNames(operation).find((e) => e.name === prefs.example);
    if (!found) throw new OrdermockError('ORDERMOCK_ERR_PREFER_UNDOCUMENTED', [`example=${prefs.example}`, operationId, namesFor(ex)]);
    response = exampleResponse(operation, found.status, found.name);
  }
  ex.prefer = header;
  ex.response = response;
}

function namesFor(ex: Exchange, status?: number): string {
  return exampleNames(ex.operation!)
    .filter((e) => status === undefined || e.status === status)
    .map((e) => `${e.name} (${e.status})`)
    .join(', ');
}

/** `code=409, example=conflict` (RFC 7240 preferences; `;` parameters are ignored). */
function parsePrefer(header: string): { code?: string; example?: string } {
  const out: { code?: string; example?: string } = {};
  for (const part of header.split(/[,;]/)) {
    const [key, ...rest] = part.split('=');
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    const name = key.trim().toLowerCase();
    if (name === 'code' || name === 'example') out[name] = value;
  }
  return out;
}
