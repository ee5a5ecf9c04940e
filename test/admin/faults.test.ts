import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestMock, useTestMock } from '../support/harness.js';

const getT = useTestMock();
const SC = { authorization: 'Bearer sc-demo-token' };
const ORDER = '/sellercloud/rest/api/Orders/5001';

describe('fault rules over HTTP', () => {
  it('"next 2 requests" fires exactly twice, with the status example in the API native shape, and is listed with its counts', async () => {
    const t = getT();
    const add = await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', operationId: 'getOrder', status: 500, times: 2 });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ api: 'sellercloud', status: 500, times: 2, fired: 0 });
    const statuses: number[] = [];
    const bodies: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.http.get(ORDER).set(SC);
      statuses.push(res.status);
      bodies.push(res.body);
    }
    expect(statuses).toEqual([500, 500, 200, 200, 200]);
    expect(bodies[0]).toEqual({ Message: 'An error has occurred.' }); // sellercloud's documented 500 example
    const listed = (await t.http.get('/__ordermock/faults')).body.faults;
    expect(listed).toEqual([expect.objectContaining({ id: add.body.id, fired: 2, matched: 2 })]);
    const marked = (await t.http.get('/__ordermock/journal?faulted=true')).body.entries;
    expect(marked.map((e: { fault: unknown }) => e.fault)).toEqual([
      { ruleId: add.body.id, effects: ['status'] },
      { ruleId: add.body.id, effects: ['status'] },
    ]);
    expect(marked[0].errorCode).toBe('ORDERMOCK_ERR_FAULT_INJECTED');
  });

  it('matches by order id, namespace and header; other requests pass untouched', async () => {
    const t = getT();
    await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', orderId: '5002', namespace: 'flaky', header: { 'X-Test-Case': 'retry' }, status: 429 });
    const hit = await t.http.get('/sellercloud/rest/api/Orders/5002').set({ ...SC, 'x-ordermock-namespace': 'flaky', 'x-test-case': 'retry' });
    expect(hit.status).toBe(429);
    expect(hit.headers['retry-after']).toBeDefined();
    for (const headers of [
      { ...SC, 'x-ordermock-namespace': 'flaky', 'x-test-case': 'other' },
      { ...SC, 'x-test-case': 'retry' },
    ]) expect((await t.http.get('/sellercloud/rest/api/Orders/5002').set(headers)).status).toBe(200);
    expect((await t.http.get(ORDER).set({ ...SC, 'x-ordermock-namespace': 'flaky', 'x-test-case': 'retry' })).status).toBe(200);
  });

  it('an order id in the body matches too (jtl sends it there); the order is unchanged', async () => {
    const t = getT();
    const id = '50000000-0000-4000-8000-0000000000a1';
    await t.http.post('/__ordermock/faults').send({ api: 'jtl', orderId: id, status: 409, times: 1 });
    const before = t.stored('jtl', 'orders', id);
    const headers = { authorization: 'Bearer jtl-demo-token', 'x-appid': 'ordermock-tests/1.0.0', 'x-appversion': '1.0.0', 'x-tenant-id': '7e000000-0000-4000-8000-00000000000a' };
    const res = await t.http.patch('/jtl/erp/v2/salesorder/update').set(headers).send({ salesOrderId: id, customerComment: 'x' });
    expect(res.status).toBe(409);
    expect(t.stored('jtl', 'orders', id)).toBe(before);
  });

  it('a malformed body is truncated JSON; a dropped connection gets no answer; both are marked in the journal', async () => {
    const t = getT();
    await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', operationId: 'getOrder', malformed: true, times: 1 });
    const res = await fetch(`${t.mock.url}${ORDER}`, { headers: SC });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.length).toBeGreaterThan(0);

    await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', operationId: 'getOrder', drop: true, times: 1 });
    const error = await new Promise<Error>((done) => {
      const req = httpRequest(`${t.mock.url}${ORDER}`, { headers: SC }, () => done(new Error('answered')));
      req.on('error', done);
      req.end();
    });
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    const faulted = t.mock.requests({ faulted: true });
    expect(faulted.map((e) => [e.response.status, e.fault?.effects])).toEqual([
      [200, ['malformed']],
      [0, ['drop']],
    ]);
  });

  it('a delay is applied (then the request is served) and recorded', async () => {
    const t = getT();
    await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', delayMs: [40, 60], seed: 3, times: 1 });
    const sent = performance.now();
    expect((await t.http.get(ORDER).set(SC)).status).toBe(200);
    const roundTrip = performance.now() - sent;
    const [entry] = t.mock.requests({ faulted: true });
    expect(entry.fault?.effects).toEqual(['delay']);
    expect(entry.durationMs).toBeLessThanOrEqual(roundTrip); // the time the server spent, not a clock reading
    expect(entry.fault?.delayMs).toBeGreaterThanOrEqual(40);
    expect(entry.fault?.delayMs).toBeLessThanOrEqual(60);
    expect(entry.durationMs).toBeGreaterThanOrEqual(entry.fault!.delayMs! - 1);
  });

  it('an invalid rule is a 400 naming each field, and nothing is added', async () => {
    const t = getT();
    const cases: [Record<string, unknown>, string][] = [
      [{ api: 'shopify', status: 500 }, 'api'],
      [{ api: 'cutmake', operationId: 'deleteOrder', status: 500 }, 'operationId'],
      [{ api: 'cutmake', operationId: 'getOrder', status: 302 }, 'status'],
      [{ api: 'cutmake', times: 0, status: 500 }, 'times'],
      [{ api: 'cutmake', probability: 2, status: 500 }, 'probability'],
      [{ api: 'cutmake', delayMs: [50, 10] }, 'delayMs'],
      [{ api: 'cutmake', drop: true, status: 500 }, 'drop'],
      [{ api: 'cutmake', bogus: 1, status: 500 }, 'bogus'],
    ];
    for (const [rule, field] of cases) {
      const res = await t.http.post('/__ordermock/faults').send(rule);
      expect(res.status, JSON.stringify(rule)).toBe(400);
      expect(JSON.stringify(res.body.error.issues), JSON.stringify(rule)).toContain(field);
    }
    const noEffect = await t.http.post('/__ordermock/faults').send({ api: 'cutmake' });
    expect(noEffect.status).toBe(400);
    expect(noEffect.body.error.message).toMatch(/needs an effect/);
    expect((await t.http.get('/__ordermock/faults')).body.faults).toEqual([]);
  });

  it('rules are deleted one by one or all at once', async () => {
    const t = getT();
    const a = (await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', status: 500 })).body;
    await t.http.post('/__ordermock/faults').send({ api: 'cutmake', status: 500 });
    expect((await t.http.delete(`/__ordermock/faults/${a.id}`)).status).toBe(204);
    expect((await t.http.delete(`/__ordermock/faults/${a.id}`)).status).toBe(404);
    expect((await t.http.get(ORDER).set(SC)).status).toBe(200);
    expect((await t.http.delete('/__ordermock/faults')).status).toBe(204);
    expect((await t.http.get('/__ordermock/faults')).body.faults).toEqual([]);
  });
});

describe('seeded probability', () => {
  /** Fires a rule with probability 0.5 under a seed on 30 requests; returns which ones failed. */
  async function run(seed: number): Promise<number[]> {
    const t = await startTestMock({ port: 0 });
    try {
      const res = await t.http.post('/__ordermock/faults').send({ api: 'sellercloud', operationId: 'getOrder', probability: 0.5, seed, status: 500 });
      expect(res.status).toBe(201);
      const failed: number[] = [];
      for (let i = 0; i < 30; i++) if ((await t.http.get(ORDER).set(SC)).status === 500) failed.push(i);
      return failed;
    } finally {
      await t.close();
    }
  }

  it('fires on the same requests in two runs, and on others with another seed', async () => {
    const first = await run(42);
    const second = await run(42);
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(30);
    expect(await run(7)).not.toEqual(first);
  });
});

describe('fault rules in code', () => {
  it('mock.faults is the same data: add, list, clear', async () => {
    const t = getT();
    const rule = t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', status: 404, times: 2 });
    expect((await t.http.get('/__ordermock/faults')).body.faults).toEqual([rule]);
    expect((await t.http.get(ORDER).set(SC)).status).toBe(404);
    expect((await t.http.get(ORDER).set(SC)).status).toBe(404);
    expect((await t.http.get(ORDER).set(SC)).status).toBe(200);
    expect(t.mock.faults.list()[0]).toMatchObject({ fired: 2 });
    expect(() => t.mock.faults.add({ api: 'sellercloud', status: 999 })).toThrow(/status/);
    t.mock.faults.clear();
    expect(t.mock.faults.list()).toEqual([]);
  });
});

describe('faulted requests in the logs', () => {
  it('the log line of a faulted request names the rule and its effects; the others carry no fault', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = { info: (o: object) => lines.push(o as Record<string, unknown>), warn: () => undefined, error: () => undefined };
    const t = await startTestMock({ logger });
    try {
      const rule = t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', status: 500, times: 1 });
      await t.http.get(ORDER).set(SC);
      await t.http.get(ORDER).set(SC);
      const requests = lines.filter((l) => l.operationId === 'getOrder');
      expect(requests.map((l) => [l.status, l.fault])).toEqual([
        [500, { ruleId: rule.id, effects: ['status'] }],
        [200, undefined],
      ]);
    } finally {
      await t.close();
    }
  });
});
