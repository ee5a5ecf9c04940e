import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiModule } from '../../src/core/api-module.js';
import { buildBackend } from '../../src/core/contract/build-backend.js';
import type { OpenApiDocument } from '../../src/core/contract/load-spec.js';
import { FaultRules } from '../../src/core/faults/fault-rules.js';
import { controlledClock, fixedClock, OrdermockError, startOrdermock, type FaultRule } from '../../src/index.js';
import { startTestMock, useTestMock, type TestMock } from '../support/harness.js';

const getT = useTestMock();
const SC = { authorization: 'Bearer sc-demo-token' };
const ORDER = '/sellercloud/rest/api/Orders/5001';
const JTL_UPDATE = '/jtl/erp/v2/salesorder/update';
const JTL = { authorization: 'Bearer jtl-demo-token', 'x-appid': 'ordermock-tests/1.0.0', 'x-appversion': '1.0.0', 'x-tenant-id': '7e000000-0000-4000-8000-00000000000a' };
const JTL_ORDER = '50000000-0000-4000-8000-0000000000a1';
const ALL_APIS = 'cutmake, sellercloud, fabric, recerc, jtl';

/** The error `mock.faults.add` refuses a rule with (fails the test when the rule is accepted). */
function refusal(t: TestMock, rule: unknown): OrdermockError {
  try {
    t.mock.faults.add(rule as FaultRule);
  } catch (err) {
    expect(err).toBeInstanceOf(OrdermockError);
    return err as OrdermockError;
  }
  throw new Error(`accepted: ${JSON.stringify(rule)}`);
}

/** Which of `count` getOrder requests (in namespace `ns`) a fault rule answered. */
async function firedOn(t: TestMock, count: number, ns = 'default'): Promise<number[]> {
  const fired: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await t.http.get(ORDER).set({ ...SC, 'x-ordermock-namespace': ns });
    if (res.status === 500) fired.push(i);
    else expect(res.status).toBe(200);
  }
  return fired;
}

describe('fault rules in code: what is refused, and how the refusal reads', () => {
  it('a rule that is not an object is refused as such (null and a string alike)', () => {
    const t = getT();
    for (const rule of [null, 'sellercloud']) {
      const err = refusal(t, rule);
      expect(err.code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
      expect(err.issues).toEqual([{ in: 'body', path: [], message: 'must be an object', rule: 'type' }]);
    }
  });

  it('each broken field is one issue (in body, rule fault, with the value); the message joins them with "; "', () => {
    const t = getT();
    const err = refusal(t, { api: 'shopify', operationId: 'getOrder', bogus: 1, status: 500 });
    expect(err.issues).toEqual([
      { in: 'body', path: ['bogus'], message: 'is not allowed: unknown property', rule: 'fault', value: undefined },
      { in: 'body', path: ['api'], message: `must be one of: ${ALL_APIS}`, rule: 'fault', value: 'shopify' },
    ]);
    expect(err.message).toBe(`Request does not match the contract: bogus is not allowed: unknown property; api must be one of: ${ALL_APIS}`);
    expect(t.mock.faults.list()).toEqual([]);
  });

  it('an unknown operation lists the operations of the API', () => {
    const err = refusal(getT(), { api: 'cutmake', operationId: 'deleteOrder', status: 500 });
    expect(err.issues).toEqual([{ in: 'body', path: ['operationId'], message: 'must be an operation of cutmake: login, getOrder, updateOrder', rule: 'fault', value: 'deleteOrder' }]);
  });

  it.each([
    ['times', [0, 1.5, -1], 'must be a whole number, 1 or more'],
    ['probability', [-0.5, 1.5, '0.5'], 'must be a number from 0 to 1'],
    ['seed', [1.5, '7'], 'must be an integer'],
    ['header', ['x-test', null, { 'x-test': 1 }, { a: 'ok', b: 2 }], 'must map header names to string values'],
    ['orderId', [5001], 'must be a string'],
    ['namespace', [7], 'must be a string'],
    ['malformed', ['yes'], 'must be true or false'],
    ['drop', [1], 'must be true or false'],
  ] as [keyof FaultRule, unknown[], string][])('%s: each of %j is refused: "%s"', (field, values, message) => {
    const t = getT();
    for (const value of values) {
      const effect = field === 'drop' || field === 'malformed' ? {} : { delayMs: 1 };
      const err = refusal(t, { api: 'sellercloud', ...effect, [field]: value });
      expect(err.issues, JSON.stringify(value)).toEqual([{ in: 'body', path: [field], message, rule: 'fault', value }]);
    }
  });

  it('delayMs must be whole milliseconds 0-600000, or a [min, max] range of those with min <= max', () => {
    const t = getT();
    for (const delayMs of [-1, 1.5, 600_001, [1, 2, 3], [-1, 5], [2, 600_001], [5, 1.5], [50, 10], 'slow']) {
      const err = refusal(t, { api: 'sellercloud', delayMs });
      expect(err.issues, JSON.stringify(delayMs)).toEqual([{ in: 'body', path: ['delayMs'], message: 'must be milliseconds (0-600000) or a range [min, max]', rule: 'fault', value: delayMs }]);
    }
    for (const delayMs of [0, 600_000, [5, 5], [0, 600_000]]) expect(t.mock.faults.add({ api: 'sellercloud', delayMs: delayMs as number }).delayMs).toEqual(delayMs);
  });

  it('the edges are accepted: times 1, probability 0 and 1, a seed, string headers, booleans', () => {
    const t = getT();
    for (const rule of [
      { times: 1 },
      { probability: 0 },
      { probability: 1 },
      { seed: -3 },
      { header: { 'X-Test': 'a' } },
      { orderId: '5001', namespace: 'ns' },
      { malformed: false, drop: false },
    ]) expect(t.mock.faults.add({ api: 'sellercloud', status: 500, ...rule })).toMatchObject(rule);
  });

  it('drop cannot go with status or malformed', () => {
    const t = getT();
    for (const rule of [{ drop: true, status: 500 }, { drop: true, malformed: true }]) {
      const err = refusal(t, { api: 'sellercloud', ...rule });
      expect(err.issues).toEqual([{ in: 'body', path: ['drop'], message: 'sends no answer: it cannot go with status or malformed', rule: 'fault', value: undefined }]);
    }
  });

  it('status: 100-599; a status the operation does not document is refused listing the documented ones, ascending', () => {
    const t = getT();
    for (const status of [99, 600, 99.5]) {
      expect(refusal(t, { api: 'cutmake', status }).issues, String(status)).toEqual([{ in: 'body', path: ['status'], message: 'must be an HTTP status (100-599)', rule: 'fault', value: status }]);
    }
    expect(refusal(t, { api: 'cutmake', status: 100 }).issues).toEqual([
      { in: 'body', path: ['status'], message: 'is not documented by cutmake; documented: 200, 401, 403, 404, 409, 422', rule: 'fault', value: 100 },
    ]);
    expect(refusal(t, { api: 'cutmake', operationId: 'getOrder', status: 302 }).issues).toEqual([
      { in: 'body', path: ['status'], message: 'is not documented by cutmake.getOrder; documented: 200, 401, 404', rule: 'fault', value: 302 },
    ]);
    // A documented status, and any error status the operation's `default` response covers.
    for (const status of [200, 400, 500, 599]) expect(t.mock.faults.add({ api: 'cutmake', operationId: 'getOrder', status }).status).toBe(status);
  });

  it('an unknown API with an operationId is one issue on api (the operation is not looked up)', () => {
    const err = refusal(getT(), { api: 'shopify', operationId: 'getOrder', status: 500 });
    expect(err.issues.map((i) => i.path)).toEqual([['api']]);
  });
});

describe('fault rules on a contract of your own', () => {
  // Two operations that document different statuses, one without `default`, one without responses at all.
  const document = {
    openapi: '3.1.0',
    info: { title: 'demo', version: '1' },
    paths: {
      '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' }, '404': { description: 'gone' } } } },
      '/b': { get: { operationId: 'getB', responses: { '201': { description: 'made' }, '200': { description: 'ok' } } } },
      '/c': { get: { operationId: 'getC' } },
    },
  } as unknown as OpenApiDocument;
  const demo: ApiModule = { name: 'demo', title: 'demo', authenticate: () => undefined, handlers: { getA: () => ({ status: 200 }), getB: () => ({ status: 200 }), getC: () => ({ status: 200 }) } } as unknown as ApiModule;
  const rules = async () => new FaultRules(new Map([['demo', await buildBackend(demo, document)]]));

  it('a status one operation documents is accepted for the whole API; an error status no operation covers is refused', async () => {
    const faults = await rules();
    expect(faults.add({ api: 'demo', status: 201 }).status).toBe(201);
    expect(() => faults.add({ api: 'demo', operationId: 'getA', status: 500 })).toThrow('status is not documented by demo.getA; documented: 200, 404');
    expect(() => faults.add({ api: 'demo', operationId: 'getC', status: 500 })).toThrow('status is not documented by demo.getC; documented: ');
    expect(() => faults.add({ api: 'demo', status: 302 })).toThrow('status is not documented by demo; documented: 200, 201, 404');
  });
});

describe('which requests a rule changes', () => {
  it('ids are distinct; removing one rule keeps the others', async () => {
    const t = getT();
    const a = t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', status: 500 });
    const b = t.mock.faults.add({ api: 'cutmake', status: 500 });
    expect(a.id).not.toBe(b.id);
    expect((await t.http.delete(`/__ordermock/faults/${a.id}`)).status).toBe(204);
    expect((await t.http.get('/__ordermock/faults')).body.faults).toEqual([b]);
  });

  it('an operationId matcher leaves the other operations of the API alone', async () => {
    const t = getT();
    t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', status: 500 });
    const token = await t.http.post('/sellercloud/rest/api/token').send({ Username: 'demo.admin@ordermock.example.com', Password: 'Demo!2345' });
    expect(token.status).toBe(200);
    expect(t.mock.requests({ faulted: true })).toEqual([]);
  });

  it('probability 1 fires on every matching request, probability 0 on none (yet counts them as matched)', async () => {
    const t = getT();
    const always = t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', namespace: 'always', probability: 1, status: 500 });
    const never = t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', namespace: 'never', probability: 0, seed: 1, status: 500 });
    expect(await firedOn(t, 4, 'always')).toEqual([0, 1, 2, 3]);
    expect(await firedOn(t, 4, 'never')).toEqual([]);
    expect(t.mock.faults.list().map(({ id, fired, matched }) => ({ id, fired, matched }))).toEqual([
      { id: always.id, fired: 4, matched: 4 },
      { id: never.id, fired: 0, matched: 4 },
    ]);
  });

  it('a seed picks the same requests in every version: seed 42 at probability 0.5', async () => {
    const t = getT();
    t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', probability: 0.5, seed: 42, status: 500 });
    expect(await firedOn(t, 12)).toEqual(SEED_42_FIRED);
  });

  it('without a seed the draws are random: two unseeded rules do not fire on the same requests', async () => {
    const t = getT();
    for (const namespace of ['u1', 'u2']) t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', namespace, probability: 0.5, status: 500 });
    const first = await firedOn(t, 32, 'u1');
    const second = await firedOn(t, 32, 'u2');
    expect(second).not.toEqual(first); // equal by chance once in 2^32 runs
  });

  it('a delay range draws whole milliseconds within [min, max], each value possible; [n, n] is n', async () => {
    const t = getT();
    t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', namespace: 'exact', delayMs: [3, 3], times: 2 });
    t.mock.faults.add({ api: 'sellercloud', operationId: 'getOrder', namespace: 'range', delayMs: [1, 4], seed: 5, times: 12 });
    for (const ns of ['exact', 'exact', ...Array(12).fill('range')]) expect((await t.http.get(ORDER).set({ ...SC, 'x-ordermock-namespace': ns })).status).toBe(200);
    const delays = (ns: string) => t.mock.requests({ faulted: true, namespace: ns }).map((e) => e.fault?.delayMs);
    expect(delays('exact')).toEqual([3, 3]);
    expect(new Set(delays('range'))).toEqual(new Set([1, 2, 3, 4]));
  });

  describe('an order id in the body', () => {
    const send = (t: TestMock, body: string) => t.http.patch(JTL_UPDATE).set(JTL).set('content-type', 'application/json').send(body);

    it('a numeric id field matches its digits', async () => {
      const t = getT();
      t.mock.faults.add({ api: 'jtl', orderId: '12345', status: 409 });
      expect((await send(t, JSON.stringify({ salesOrderId: 12345 }))).status).toBe(409);
    });

    it('only id-like fields holding a string or number count: not other fields, not an array', async () => {
      const t = getT();
      t.mock.faults.add({ api: 'jtl', orderId: 'zzz', status: 409 });
      expect((await send(t, JSON.stringify({ salesOrderId: JTL_ORDER, customerComment: 'zzz' }))).status).toBe(400);
      expect((await send(t, JSON.stringify({ salesOrderId: ['zzz'] }))).status).toBe(400);
      expect(t.mock.requests({ faulted: true })).toEqual([]);
    });

    it('a JSON null body is no match (a validation error, not a crash)', async () => {
      const t = getT();
      t.mock.faults.add({ api: 'jtl', orderId: 'zzz', status: 409 });
      const res = await send(t, 'null');
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('VALIDATION_ERROR');
    });
  });
});

const SEED_42_FIRED = [1, 4, 6, 9, 10];

describe('the process clock in code', () => {
  const base = () => controlledClock(fixedClock('2030-01-01T00:00:00Z'));

  it('a running clock moves ahead of its base and stays running', () => {
    const clock = base();
    expect(clock.state()).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: false, offsetMs: 0 });
    expect(clock.advance(90_000)).toEqual({ now: '2030-01-01T00:01:30.000Z', frozen: false, offsetMs: 90_000 });
    expect(clock.now().toISOString()).toBe('2030-01-01T00:01:30.000Z');
  });

  it('set refuses what is not a time, and leaves the clock alone', () => {
    const clock = base();
    expect(() => clock.set('tomorrow')).toThrow(new RangeError('Not a time: tomorrow'));
    expect(clock.state().frozen).toBe(false);
  });
});

describe('choosing the APIs to serve', () => {
  it('only the APIs named are served', async () => {
    const t = await startTestMock({ apis: ['recerc', 'cutmake'] });
    try {
      expect(t.mock.apis.map((a) => a.name)).toEqual(['cutmake', 'recerc']);
      expect((await t.http.get('/sellercloud/rest/api/Orders/5001').set(SC)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('an unknown name is refused, naming it and the known ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-apis-'));
    await expect(startOrdermock({ port: 0, dataFile: join(dir, 'db.json'), apis: ['cutmake', 'shopify', 'ebay'] })).rejects.toThrow(`Unknown API shopify, ebay; known: ${ALL_APIS}`);
  });
});
