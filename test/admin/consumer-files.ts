/** Files of the separate project that installs the packed package (test/admin/packed-package.test.ts). */

/** Uses every published name with `strict` and `skipLibCheck: false`: fails to compile if a dependency type leaks. */
export const typesCheck = `
import {
  startOrdermock, fixedClock, systemClock, controlledClock, apiModules, errorCatalogue, OrdermockError, LowdbStore, loadSeeds,
  NAMESPACE_HEADER, VIOLATIONS_HEADER,
  type RunningOrdermock, type OrdermockOptions, type ResetOptions, type JournalEntry, type JournalFilter, type FaultRule,
  type FaultRuleState, type ClockState, type ErrorCode, type ApiModule, type Store, type OrdermockLogger,
} from 'ordermock';

const logger: OrdermockLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const options: OrdermockOptions = { port: 0, clock: fixedClock('2026-01-01T00:00:00Z'), logger, journalCapacity: 10 };
export async function use(): Promise<number> {
  const mock: RunningOrdermock = await startOrdermock(options);
  const scope: ResetOptions = { namespace: 'a', api: 'cutmake' };
  await mock.reset(scope);
  const filter: JournalFilter = { api: 'cutmake', status: '4xx', bodyPath: '$.action', bodyEquals: 'confirm' };
  const entries: JournalEntry[] = mock.requests(filter);
  const rule: FaultRule = { api: 'cutmake', delayMs: [1, 2], seed: 1, times: 1 };
  const added: FaultRuleState = mock.faults.add(rule);
  const state: ClockState = mock.clock.advance(1000);
  const code: ErrorCode = 'ORDERMOCK_ERR_FAULT_INJECTED';
  const modules: ApiModule[] = apiModules;
  const store: Store = mock.store;
  const err = new OrdermockError(code, [500, added.id], { status: 503 });
  await mock.close();
  return entries.length + modules.length + store.namespaces().length + err.status + state.offsetMs + Object.keys(errorCatalogue).length +
    systemClock.now().getTime() + controlledClock().now().getTime() + NAMESPACE_HEADER.length + VIOLATIONS_HEADER.length +
    (typeof LowdbStore.open === 'function' ? 1 : 0) + (typeof loadSeeds === 'function' ? 1 : 0);
}
`;

/** What the issue asks to be shown through the packed package, written as a consumer would. */
export const mustShow = `
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startOrdermock, type RunningOrdermock } from 'ordermock';

let mock: RunningOrdermock;
beforeAll(async () => { mock = await startOrdermock({ port: 0 }); });
beforeEach(() => mock.reset());
afterAll(() => mock.close());

const SC = { authorization: 'Bearer sc-demo-token', 'content-type': 'application/json' };
const given = (address: Record<string, unknown>) => Object.fromEntries(Object.entries(address).filter(([, v]) => v !== null));
const order = (id = '5001', headers: Record<string, string> = {}) => fetch(mock.baseUrl('sellercloud') + '/rest/api/Orders/' + id, { headers: { ...SC, ...headers } });
const put = async (city: string, namespace: string) => {
  const current = await (await order('5001', { 'x-ordermock-namespace': namespace })).json();
  return fetch(mock.baseUrl('sellercloud') + '/rest/api/Orders/5001', {
    method: 'PUT', headers: { ...SC, 'x-ordermock-namespace': namespace },
    body: JSON.stringify({ ShippingAddress: { ...given(current.ShippingAddress), City: city } }),
  });
};
const city = async (namespace?: string) => (await (await order('5001', namespace ? { 'x-ordermock-namespace': namespace } : {})).json()).ShippingAddress.City;

it('two namespaces changing the same order id concurrently end independent', async () => {
  const results = await Promise.all([put('Tacoma', 'ns-a'), put('Spokane', 'ns-b'), put('Tacoma', 'ns-a'), put('Spokane', 'ns-b')]);
  expect(results.every((r) => r.status === 200)).toBe(true);
  expect(await city('ns-a')).toBe('Tacoma');
  expect(await city('ns-b')).toBe('Spokane');
  expect(['Tacoma', 'Spokane']).not.toContain(await city());
});

it('a fault rule for the next 2 requests fires exactly twice (over HTTP)', async () => {
  const res = await fetch(mock.controlUrl + '/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: 'sellercloud', operationId: 'getOrder', status: 500, times: 2 }) });
  expect(res.status).toBe(201);
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await order()).status);
  expect(statuses).toEqual([500, 500, 200, 200]);
  expect(mock.count({ faulted: true })).toBe(2);
});

it('a seeded probability rule fires on the same requests in two runs', async () => {
  const runOnce = async () => {
    const other = await startOrdermock({ port: 0 });
    try {
      other.faults.add({ api: 'sellercloud', probability: 0.4, seed: 2026, status: 500 });
      const fired = [];
      for (let i = 0; i < 20; i++) {
        const res = await fetch(other.baseUrl('sellercloud') + '/rest/api/Orders/5001', { headers: SC });
        if (res.status === 500) fired.push(i);
      }
      return fired;
    } finally {
      await other.close();
    }
  };
  const first = await runOnce();
  expect(first.length).toBeGreaterThan(0);
  expect(await runOnce()).toEqual(first);
});

it('Prefer answers the documented example and leaves the order unchanged', async () => {
  const before = await (await fetch(mock.controlUrl + '/store/sellercloud/orders/5001')).text();
  const res = await fetch(mock.baseUrl('sellercloud') + '/rest/api/Orders/5001', { method: 'PUT', headers: { ...SC, prefer: 'code=404' }, body: JSON.stringify({ OrderSource: 'Website' }) });
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ Message: 'Order 123 not found' });
  expect(await (await fetch(mock.controlUrl + '/store/sellercloud/orders/5001')).text()).toBe(before);
});

it('a reset of one API leaves the other APIs changes in place', async () => {
  expect((await put('Tacoma', 'default')).status).toBe(200);
  const cutmake = mock.baseUrl('cutmake') + '/api/v1/orders/SO-DOC-1001';
  const auth = { authorization: 'Bearer cm-admin-token', 'content-type': 'application/json' };
  expect((await fetch(cutmake, { method: 'PATCH', headers: auth, body: JSON.stringify({ notes: 'kept' }) })).status).toBe(200);
  expect((await fetch(mock.controlUrl + '/reset?api=sellercloud', { method: 'POST' })).status).toBe(200);
  expect(await city()).not.toBe('Tacoma');
  expect((await (await fetch(cutmake, { headers: auth })).json()).notes).toBe('kept');
});
`;

/** The "tests" the README's shell job runs: a client of the mock at ORDERMOCK_URL. */
export const smokeClient = `
const url = process.env.ORDERMOCK_URL;
const headers = { authorization: 'Bearer sc-demo-token', 'content-type': 'application/json' };
const read = await fetch(url + '/sellercloud/rest/api/Orders/5001', { headers });
if (read.status !== 200) throw new Error('read answered ' + read.status);
const order = await read.json();
const given = (address) => Object.fromEntries(Object.entries(address).filter(([, v]) => v !== null));
const put = await fetch(url + '/sellercloud/rest/api/Orders/5001', { method: 'PUT', headers, body: JSON.stringify({ ShippingAddress: { ...given(order.ShippingAddress), City: 'Tacoma' } }) });
if (put.status !== 200) throw new Error('update answered ' + put.status);
if (process.env.SMOKE_BREAK) {
  // A client that ignores a 500: the job must still fail, from the journal.
  await fetch(url + '/__ordermock/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: 'sellercloud', status: 500, times: 1 }) });
  await fetch(url + '/sellercloud/rest/api/Orders/5001', { headers });
}
console.log('client done');
`;
