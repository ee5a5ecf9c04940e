import { expect } from 'vitest';
import { fixedClock } from '../../../src/index.js';
import { useTestMock, type TestMock } from '../../support/harness.js';

export const ORDERS = '/recerc/api/unstable/orders';
export const DEMO_KEY = 'rk_live_demo_key';
export const SALES_KEY = 'rk_live_sales_key';
export const READONLY_KEY = 'rk_live_readonly_key';
export const REVOKED_KEY = 'rk_live_revoked_key';
export const EXPIRED_KEY = 'rk_live_expired_key';
/** After every fixture timestamp and after the expired key's expiry (2026-06-30). */
export const NOW = '2026-11-25T10:00:00Z';

/** The Authorization header for an API key. */
export const auth = (key = DEMO_KEY) => ({ Authorization: `Bearer ${key}` });

/**
 * A recerc mock for the file with the usual lifecycle (useTestMock): its clock starts at NOW and
 * goes back to NOW after each test, as do the seeds. `reset: false` keeps the state between the
 * tests of a step-by-step scenario. `mock` is a getter: the mock exists once `beforeAll` ran.
 */
export function useRecerc(options: { reset?: boolean } = {}) {
  const clock = fixedClock(NOW);
  const mock = useTestMock({ apis: ['recerc'], clock, clockStart: NOW, reset: options.reset });
  return { clock, mock, api: recerc(mock) };
}

/** Thin helpers over supertest for recerc's two operations, on the mock the getter returns. */
export function recerc(t: () => TestMock) {
  const get = (id: string, key = DEMO_KEY) => t().http.get(`${ORDERS}/${id}`).set(auth(key));
  const revisions = () => JSON.stringify(t().mock.store.data('default', 'recerc').collection('revisions').list());
  return {
    patch: (id: string, body: Record<string, unknown>, options: { key?: string; ifMatch?: string } = {}) => {
      const req = t().http.patch(`${ORDERS}/${id}`).set(auth(options.key));
      if (options.ifMatch !== undefined) req.set('If-Match', options.ifMatch);
      return req.send(body);
    },
    get,
    /** The order as the companion GET returns it (asserting 200). */
    order: async (id: string) => {
      const res = await get(id);
      expect(res.status).toBe(200);
      return res.body;
    },
    /**
     * Runs `refusal` and asserts it changed nothing: the stored document is byte-for-byte the
     * same and the GET returns the same order. Returns the refusal's response.
     */
    expectUnchanged: async <R>(id: string, refusal: () => PromiseLike<R>): Promise<R> => {
      const storedBefore = t().stored('recerc', 'orders', id);
      const readBefore = (await get(id)).body;
      const revisionsBefore = revisions();
      const res = await refusal();
      expect(t().stored('recerc', 'orders', id)).toBe(storedBefore);
      expect((await get(id)).body).toEqual(readBefore);
      expect(revisions()).toBe(revisionsBefore);
      return res;
    },
  };
}

/** Asserts a recerc error body: its status, code, and (optionally) the detail paths it names. */
export function expectError(res: { status: number; body: any }, status: number, code: string, paths?: string[]): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  if (paths) expect((res.body.error.details ?? []).map((d: { path: string }) => d.path)).toEqual(paths);
}
