import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/core/journal/journal.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';

interface Made {
  api?: string;
  operationId?: string;
  method?: string;
  status?: number;
  namespace?: string;
  headers?: Record<string, string>;
}

let counter = 0;
/** A finished exchange as the pipeline hands it to the journal (only the fields the journal reads). */
function exchange({ api = 'cutmake', operationId = 'getOrder', method = 'GET', status = 200, namespace = 'default', headers = {} }: Made = {}): Exchange {
  counter += 1;
  return {
    id: `ex-${counter}`,
    receivedAt: new Date(Date.UTC(2026, 2, 1, 10, 0, counter)),
    incoming: { method, path: `/${api}/x`, query: {}, headers, rawBody: undefined },
    namespace,
    api: { name: api } as Exchange['api'],
    operation: { operationId } as Exchange['operation'],
    response: { status, body: { n: counter } },
    violations: [],
  };
}

describe('journal', () => {
  const filled = () => {
    const journal = new Journal();
    journal.record(exchange({ api: 'cutmake', operationId: 'getOrder', method: 'GET', status: 200 }), 1);
    journal.record(exchange({ api: 'cutmake', operationId: 'updateOrder', method: 'PATCH', status: 409, namespace: 'job-1' }), 1);
    journal.record(exchange({ api: 'jtl', operationId: 'updateSalesOrder', method: 'PATCH', status: 200, namespace: 'job-1' }), 1);
    journal.record(exchange({ api: 'jtl', operationId: 'getSalesOrder', method: 'GET', status: 404 }), 1);
    return journal;
  };
  const ids = (entries: { operationId: string | null }[]) => entries.map((e) => e.operationId);

  it('lists everything in arrival order without a filter', () => {
    expect(ids(filled().list())).toEqual(['getOrder', 'updateOrder', 'updateSalesOrder', 'getSalesOrder']);
  });

  it.each([
    [{ api: 'jtl' }, ['updateSalesOrder', 'getSalesOrder']],
    [{ namespace: 'job-1' }, ['updateOrder', 'updateSalesOrder']],
    [{ operationId: 'updateOrder' }, ['updateOrder']],
    [{ method: 'patch' }, ['updateOrder', 'updateSalesOrder']],
    [{ status: 200 }, ['getOrder', 'updateSalesOrder']],
    [{ api: 'cutmake', status: 409, namespace: 'job-1', method: 'PATCH' }, ['updateOrder']],
    [{ api: 'cutmake', status: 200, namespace: 'job-1' }, []],
  ])('filters by %j', (query, expected) => {
    expect(ids(filled().list(query))).toEqual(expected);
  });

  it('keeps the newest entries up to its capacity', () => {
    const journal = new Journal(2);
    for (const status of [200, 201, 202]) journal.record(exchange({ status }), 1);
    expect(journal.list().map((e) => e.response.status)).toEqual([201, 202]);
  });

  it('clears one namespace or all', () => {
    const journal = filled();
    journal.clear('job-1');
    expect(ids(journal.list())).toEqual(['getOrder', 'getSalesOrder']);
    journal.clear();
    expect(journal.list()).toEqual([]);
  });

  it('keeps the scheme of the Authorization header but never the credential', () => {
    const journal = new Journal();
    const entry = journal.record(exchange({ headers: { authorization: 'Bearer cm-admin-token', 'x-user-id': 'u-1' } }), 1.23456);
    expect(entry.request.headers).toEqual({ authorization: 'Bearer [redacted]', 'x-user-id': 'u-1' });
    expect(JSON.stringify(journal.list())).not.toContain('cm-admin-token');
    const basic = journal.record(exchange({ headers: { authorization: 'Basic Y2xpZW50OnNlY3JldA==' } }), 1);
    expect(basic.request.headers.authorization).toBe('Basic [redacted]');
  });

  it('records what a test asserts on: api, operation, status, body, error code, duration', () => {
    const journal = new Journal();
    const ex = exchange({ api: 'fabric', operationId: 'getOrder', status: 200, namespace: 'ns' });
    const entry = journal.record(ex, 1.23456);
    expect(entry).toMatchObject({
      id: ex.id,
      receivedAt: ex.receivedAt.toISOString(),
      durationMs: 1.235,
      namespace: 'ns',
      api: 'fabric',
      operationId: 'getOrder',
      method: 'GET',
      path: '/fabric/x',
      response: { status: 200, body: ex.response!.body },
      errorCode: null,
      violations: [],
    });
  });
});
