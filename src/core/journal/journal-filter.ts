import { OrdermockError, type FieldIssue } from '../errors/catalogue.js';
import type { JournalEntry } from './journal-entry.js';
import { deepEqual, parseJsonPath, valueAt } from './json-path.js';

/** Which recorded requests to list or count. Every field given must match. */
export interface JournalFilter {
  namespace?: string;
  api?: string;
  operationId?: string;
  /** Any case. */
  method?: string;
  /** A status (409), or a class as text ('4xx'); 0 is a connection dropped by a fault. */
  status?: number | string;
  /** The request path with the API prefix; `*` matches any characters. */
  path?: string;
  /** Received at or after (ISO date-time or Date). */
  since?: string | Date;
  /** Received at or before. */
  until?: string | Date;
  /** A JSON path into the request body, e.g. `$.action`; with `bodyEquals` or `bodyContains`. */
  bodyPath?: string;
  /** The value at `bodyPath` equals this (a JSON value, or a string compared as text). */
  bodyEquals?: unknown;
  /** The string at `bodyPath` contains this, or the array there holds it. */
  bodyContains?: unknown;
  /** Only requests a fault rule changed (true), or only the others (false). */
  faulted?: boolean;
}

export type EntryPredicate = (entry: JournalEntry) => boolean;

const NAMES = ['namespace', 'api', 'operationId', 'method', 'status', 'path', 'since', 'until', 'bodyPath', 'bodyEquals', 'bodyContains', 'faulted'];

/**
 * Checks a filter and compiles it once. A filter that cannot mean anything (a status `abc`, a
 * path that is not JSONPath, an unknown field) is refused naming the field, never matched as `[]`.
 */
export function compileFilter(filter: JournalFilter = {}, knownApis?: readonly string[]): EntryPredicate {
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string, value?: unknown) => issues.push({ in: 'query', path: [field], message, rule: 'filter', value });
  for (const key of Object.keys(filter)) if (!NAMES.includes(key)) bad(key, `is not a journal filter; known: ${NAMES.join(', ')}`);
  const tests: EntryPredicate[] = [];
  const f = filter;
  if (f.namespace !== undefined) tests.push((e) => e.namespace === f.namespace);
  if (f.api !== undefined) {
    if (knownApis && !knownApis.includes(f.api)) bad('api', `must be one of: ${knownApis.join(', ')}`, f.api);
    tests.push((e) => e.api === f.api);
  }
  if (f.operationId !== undefined) tests.push((e) => e.operationId === f.operationId);
  if (f.method !== undefined) {
    const method = String(f.method).toUpperCase();
    tests.push((e) => e.method === method);
  }
  if (f.status !== undefined) {
    const status = statusTest(f.status);
    if (!status) bad('status', 'must be a status code (409), a class (4xx) or 0', f.status);
    else tests.push((e) => status(e.response.status));
  }
  if (f.path !== undefined) {
    const pattern = new RegExp(`^${String(f.path).split('*').map(escapeRegex).join('.*')}$`);
    tests.push((e) => pattern.test(e.path));
  }
  for (const edge of ['since', 'until'] as const) {
    if (f[edge] === undefined) continue;
    const at = new Date(f[edge]!).getTime();
    if (Number.isNaN(at)) bad(edge, 'must be a date-time', String(f[edge]));
    else tests.push(edge === 'since' ? (e) => Date.parse(e.receivedAt) >= at : (e) => Date.parse(e.receivedAt) <= at);
  }
  bodyTest(f, bad, tests);
  if (f.faulted !== undefined) tests.push((e) => (e.fault !== null) === f.faulted);
  if (issues.length) {
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [issues.map((i) => `${i.path[0]} ${i.message}`).join('; ')], { issues });
  }
  return (entry) => tests.every((test) => test(entry));
}

function bodyTest(f: JournalFilter, bad: (field: string, message: string, value?: unknown) => void, tests: EntryPredicate[]): void {
  const wantsValue = f.bodyEquals !== undefined || f.bodyContains !== undefined;
  if (f.bodyPath === undefined) {
    if (wantsValue) bad(f.bodyEquals !== undefined ? 'bodyEquals' : 'bodyContains', 'needs bodyPath (where in the body to look)');
    return;
  }
  const segments = parseJsonPath(String(f.bodyPath));
  if (!segments) return bad('bodyPath', 'must be a JSON path like $.action or $.lineItems[0].sku', f.bodyPath);
  const present = (e: JournalEntry) => valueAt(e.request.body, segments) !== undefined;
  tests.push(present);
  if (f.bodyEquals !== undefined) {
    const expected = f.bodyEquals;
    const parsed = typeof expected === 'string' ? parseLoose(expected) : expected;
    tests.push((e) => {
      const value = valueAt(e.request.body, segments);
      return deepEqual(value, parsed) || (typeof value === 'string' && value === expected);
    });
  }
  if (f.bodyContains !== undefined) {
    const needle = f.bodyContains;
    const parsed = typeof needle === 'string' ? parseLoose(needle) : needle;
    tests.push((e) => {
      const value = valueAt(e.request.body, segments);
      if (typeof value === 'string') return value.includes(String(needle));
      if (Array.isArray(value)) return value.some((item) => deepEqual(item, parsed) || item === needle);
      return false;
    });
  }
}

function statusTest(status: number | string): ((s: number) => boolean) | undefined {
  const text = String(status);
  if (/^(0|[1-5]\d\d)$/.test(text)) return (s) => s === Number(text);
  if (/^[1-5]xx$/i.test(text)) return (s) => Math.floor(s / 100) === Number(text[0]);
  return undefined;
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
