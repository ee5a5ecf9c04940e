import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/core/journal/journal-filter.js';
import type { JournalEntry } from '../../src/core/journal/journal-entry.js';
import { deepEqual, parseJsonPath, valueAt } from '../../src/core/journal/json-path.js';
import { boundBody, MAX_BODY_DEPTH } from '../../src/core/journal/bound-body.js';

const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: '1',
  receivedAt: '2026-03-01T10:00:00.000Z',
  durationMs: 1,
  namespace: 'default',
  api: 'cutmake',
  operationId: 'updateOrder',
  method: 'PATCH',
  path: '/cutmake/api/v1/orders/SO-1',
  request: { headers: {}, query: {}, body: { action: 'confirm', lineItems: [{ sku: 'A', qty: 2 }], tags: ['x', 3], 'odd key': true } },
  response: { status: 200, body: {} },
  errorCode: null,
  violations: [],
  fault: null,
  prefer: null,
  ...over,
});

describe('JSON paths', () => {
  it('parses dotted, indexed and quoted segments, and nothing else', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.lineItems[0].sku')).toEqual(['lineItems', 0, 'sku']);
    expect(parseJsonPath(`$['odd key']["a\\"b"]`)).toEqual(['odd key', 'a"b']);
    for (const bad of ['action', '$.', '$[x]', '$.a[', '$..a']) expect(parseJsonPath(bad), bad).toBeUndefined();
  });

  it('reads only own values, arrays by index', () => {
    const body = entry().request.body;
    expect(valueAt(body, ['lineItems', 0, 'qty'])).toBe(2);
    expect(valueAt(body, ['lineItems', 'length'])).toBeUndefined();
    expect(valueAt(body, ['action', 'length'])).toBeUndefined();
    expect(valueAt(body, ['toString'])).toBeUndefined();
    expect(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});

describe('journal filters', () => {
  it('match body values as JSON or text, strings by substring, arrays by element', () => {
    const matches = (filter: Parameters<typeof compileFilter>[0]) => compileFilter(filter)(entry());
    expect(matches({ bodyPath: '$.action', bodyEquals: 'confirm' })).toBe(true);
    expect(matches({ bodyPath: '$.lineItems[0].qty', bodyEquals: '2' })).toBe(true);
    expect(matches({ bodyPath: '$.lineItems[0]', bodyEquals: '{"qty":2,"sku":"A"}' })).toBe(true);
    expect(matches({ bodyPath: '$.action', bodyEquals: 'reject' })).toBe(false);
    expect(matches({ bodyPath: '$.action', bodyContains: 'onf' })).toBe(true);
    expect(matches({ bodyPath: '$.tags', bodyContains: '3' })).toBe(true);
    expect(matches({ bodyPath: '$.tags', bodyContains: 'y' })).toBe(false);
    expect(matches({ bodyPath: `$['odd key']` })).toBe(true);
    expect(matches({ bodyPath: '$.missing' })).toBe(false);
  });

  it('match status classes, path globs, methods in any case and time edges', () => {
    const m = (filter: Parameters<typeof compileFilter>[0], over?: Partial<JournalEntry>) => compileFilter(filter)(entry(over));
    expect(m({ status: '2xx' })).toBe(true);
    expect(m({ status: 200 })).toBe(true);
    expect(m({ status: '4XX' })).toBe(false);
    expect(m({ status: 0 }, { response: { status: 0, body: undefined } })).toBe(true);
    expect(m({ path: '/cutmake/*/SO-1' })).toBe(true);
    expect(m({ path: '/cutmake/api/v1/orders/SO-1.' })).toBe(false);
    expect(m({ method: 'patch' })).toBe(true);
    expect(m({ since: '2026-03-01T10:00:00Z', until: new Date('2026-03-01T10:00:00Z') })).toBe(true);
    expect(m({ since: '2026-03-01T10:00:00.001Z' })).toBe(false);
    expect(m({ faulted: false })).toBe(true);
    expect(m({ faulted: true })).toBe(false);
  });

  it('refuse what cannot mean anything, naming every bad field at once', () => {
    try {
      compileFilter({ status: 'abc', since: 'soon', bodyEquals: 'x', api: 'shop', nope: 1 } as never, ['cutmake']);
      expect.unreachable();
    } catch (err) {
      const fields = (err as { issues: { path: string[] }[] }).issues.map((i) => i.path[0]).sort();
      expect(fields).toEqual(['api', 'bodyEquals', 'nope', 'since', 'status']);
    }
  });
});

describe('bounded bodies', () => {
  it('keeps a body within both limits as it is and marks the others', () => {
    expect(boundBody({ a: 'x' }, 100)).toEqual({ body: { a: 'x' }, bytes: 9 });
    expect(boundBody('y'.repeat(10), 5).body).toEqual({ 'ordermock:truncated': { reason: "over the journal's body limit of 5 bytes", bytes: 10, head: 'yyyyyyyyyy' } });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH; i++) deep = [deep];
    expect(boundBody(deep, 1e6).body).toBe(deep);
    expect((boundBody([deep], 1e6).body as Record<string, { reason: string }>)['ordermock:truncated'].reason).toMatch(/deeper than 64/);
  });
});
