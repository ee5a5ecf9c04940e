import { expect } from 'vitest';
import type { TestMock } from '../../support/harness.js';

export const ORDERS = '/recerc/api/unstable/orders';
export const DEMO_KEY = 'rk_live_demo_key';
export const SALES_KEY = 'rk_live_sales_key';
export const READONLY_KEY = 'rk_live_readonly_key';
export const REVOKED_KEY = 'rk_live_revoked_key';
export const EXPIRED_KEY = 'rk_live_expired_key';
/** After every fixture timestamp and after the expired key's expiry (2026-06-30). */
export const NOW = '2026-11-25T10:00:00Z';

/** Thin helpers over supertest for recerc's two operations. */
export function recerc(t: TestMock) {
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  return {
    patch: (id: string, body: Record<string, unknown>, options: { key?: string; ifMatch?: string } = {}) => {
      const req = t.http.patch(`${ORDERS}/${id}`).set(auth(options.key ?? DEMO_KEY));
      if (options.ifMatch !== undefined) req.set('If-Match', options.ifMatch);
      return req.send(body);
    },
    get: (id: string, key = DEMO_KEY) => t.http.get(`${ORDERS}/${id}`).set(auth(key)),
    /** The order as the companion GET returns it (asserting 200). */
    order: async (id: string) => {
      const res = await t.http.get(`${ORDERS}/${id}`).set(auth(DEMO_KEY));
      expect(res.status).toBe(200);
      return res.body;
    },
    /**
     * Runs `refusal` and asserts it changed nothing: the stored document is byte-for-byte the
     * same and the GET returns the same order. Returns the refusal's response.
     */
    expectUnchanged: async <R>(id: string, refusal: () => PromiseLike<R>): Promise<R> => {
      const storedBefore = t.stored('recerc', 'orders', id);
      const readBefore = (await t.http.get(`${ORDERS}/${id}`).set(auth(DEMO_KEY))).body;
      const revisionsBefore = JSON.stringify(t.mock.store.data('default', 'recerc').collection('revisions').list());
      const res = await refusal();
      expect(t.stored('recerc', 'orders', id)).toBe(storedBefore);
      expect((await t.http.get(`${ORDERS}/${id}`).set(auth(DEMO_KEY))).body).toEqual(readBefore);
      expect(JSON.stringify(t.mock.store.data('default', 'recerc').collection('revisions').list())).toBe(revisionsBefore);
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
