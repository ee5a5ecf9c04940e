import { expect } from 'vitest';
import { fixedClock } from '../../../src/index.js';
import { useTestMock, type TestMock } from '../../support/harness.js';

/** Fixture ids and credentials of data/seed/jtl.json (see docs/apis/jtl.md). */
export const TENANT_A = '7e000000-0000-4000-8000-00000000000a';
export const TENANT_B = '7e000000-0000-4000-8000-00000000000b';
export const order = (xx: string) => `50000000-0000-4000-8000-0000000000${xx}`;
export const line = (xxNN: string) => `51000000-0000-4000-8000-00000000${xxNN}`;
export const SESSION_A1 = '5e550000-0000-4000-8000-0000000000a1';
export const SESSION_A2_EXPIRED = '5e550000-0000-4000-8000-0000000000a2';
export const SESSION_B1 = '5e550000-0000-4000-8000-0000000000b1';
export const ITEM = {
  espresso: '17000000-0000-4000-8000-0000000000a1',
  filter: '17000000-0000-4000-8000-0000000000a2',
  tabs: '17000000-0000-4000-8000-0000000000a3',
  grinder: '17000000-0000-4000-8000-0000000000a4',
  cups: '17000000-0000-4000-8000-0000000000a6',
  tentB: '17000000-0000-4000-8000-0000000000b1',
};
export const TAX_CLASS = { a19: '7c000000-0000-4000-8000-0000000000a1', a7: '7c000000-0000-4000-8000-0000000000a2', b20: '7c000000-0000-4000-8000-0000000000b1' };
export const TAX_CODE = { aRC: '7d000000-0000-4000-8000-0000000000a1', bRC: '7d000000-0000-4000-8000-0000000000b1' };
export const UPDATE = '/jtl/erp/v2/salesorder/update';
export const read = (id: string) => `/jtl/erp/v2/salesOrders/${id}`;
/** Where the mock clock starts (and goes back to after each test): every fixture session and token is valid. */
export const START = '2026-11-24T10:15:00Z';

/**
 * A jtl mock for the file (or describe) with the usual lifecycle (useTestMock): after each test
 * every response is checked against the spec, the seeds come back and the clock is at START.
 * `reset: false` keeps the state between the tests of a step-by-step scenario. `mock` is a getter:
 * the mock exists once `beforeAll` ran.
 */
export function useJtl(options: { reset?: boolean } = {}) {
  const clock = fixedClock(START);
  const mock = useTestMock({ apis: ['jtl'], clock, clockStart: START, reset: options.reset });
  return { clock, mock };
}

/** The headers every order request needs, for a token and a tenant. */
export function jtlHeaders(token = 'jtl-demo-token', tenant = TENANT_A): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'x-appid': 'ordermock-tests/1.0.0', 'x-appversion': '1.0.0', 'x-tenant-id': tenant };
}

export function without(headers: Record<string, string>, name: string): Record<string, string> {
  const out = { ...headers };
  delete out[name];
  return out;
}

export function patch(t: TestMock, body: unknown, headers: Record<string, string> = jtlHeaders()) {
  return t.http.patch(UPDATE).set(headers).send(body as object);
}

export function get(t: TestMock, id: string, headers: Record<string, string> = jtlHeaders()) {
  return t.http.get(read(id)).set(headers);
}

/** The JTL error body's five keys, with the code expected. */
export function expectJtlError(body: Record<string, unknown>, errorCode: string): void {
  expect(Object.keys(body).sort()).toEqual(['errorCode', 'errorMessage', 'errors', 'stacktrace', 'validationErrors']);
  expect(body.errorCode).toBe(errorCode);
  expect(body.stacktrace).toBeNull();
}

/**
 * Runs a request that must be refused and checks it changed nothing: the stored order is
 * byte-for-byte the same, and the companion GET answers the same document.
 */
export async function expectRefusedUnchanged<T>(t: TestMock, id: string, attempt: () => Promise<T>, tenant = TENANT_A): Promise<T> {
  const storedBefore = t.stored('jtl', 'orders', id);
  const readBefore = await get(t, id, jtlHeaders('jtl-demo-token', tenant));
  const result = await attempt();
  expect(t.stored('jtl', 'orders', id)).toBe(storedBefore);
  const readAfter = await get(t, id, jtlHeaders('jtl-demo-token', tenant));
  expect(readAfter.status).toBe(readBefore.status);
  expect(readAfter.body).toEqual(readBefore.body);
  return result;
}
