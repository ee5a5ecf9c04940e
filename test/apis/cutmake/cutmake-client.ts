import { expect } from 'vitest';
import type { Response } from 'supertest';
import { fixedClock } from '../../../src/index.js';
import { useTestMock, type TestMock } from '../../support/harness.js';

/** Fixture bearer tokens (data/seed/cutmake.json). */
export const TOKENS = {
  admin: 'cm-admin-token',
  manager: 'cm-manager-token',
  member: 'cm-member1-token',
  member2: 'cm-member2-token',
  expired: 'cm-expired-token',
} as const;
export type Who = keyof typeof TOKENS;

export const orderPath = (id: string) => `/cutmake/api/v1/orders/${id}`;

/** The Authorization header of a fixture user. */
export const bearer = (who: Who = 'member') => ({ Authorization: `Bearer ${TOKENS[who]}` });

/** Where the mock clock starts, and goes back to after each test. */
export const START = '2026-03-01T10:00:00Z';

export interface CutmakeClient {
  t: TestMock;
  clock: ReturnType<typeof fixedClock>;
  patch(id: string, body: unknown, who?: Who, headers?: Record<string, string>): Promise<Response>;
  get(id: string, who?: Who): Promise<Response>;
  /** The stored order as the store holds it (JSON text). */
  stored(id: string): string;
  /** Runs a request that must be refused and checks the order is byte-for-byte unchanged. */
  refused(id: string, send: () => Promise<Response>, status: number): Promise<Response>;
}

/** useTestMock for cutmake, the clock back at START after each test; a getter for the client (once `beforeAll` ran). */
export function useCutmake(): () => CutmakeClient {
  const clock = fixedClock(START);
  const mock = useTestMock({ apis: ['cutmake'], clock, clockStart: START });
  return () => cutmakeClient(mock(), clock);
}

function cutmakeClient(t: TestMock, clock: ReturnType<typeof fixedClock>): CutmakeClient {
  const get = (id: string, who: Who = 'member') => t.http.get(orderPath(id)).set(bearer(who));
  const stored = (id: string) => t.stored('cutmake', 'orders', id);
  return {
    t,
    clock,
    get,
    stored,
    patch: (id, body, who = 'member', headers = {}) =>
      t.http
        .patch(orderPath(id))
        .set(bearer(who))
        .set(headers)
        .send(body as object),
    refused: async (id, send, status) => {
      const before = stored(id);
      const readBefore = await get(id);
      const res = await send();
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(stored(id)).toBe(before);
      const readAfter = await get(id);
      expect(readAfter.text).toBe(readBefore.text);
      return res;
    },
  };
}

/** The order as the companion GET returns it. */
export async function readOrder(c: CutmakeClient, id: string): Promise<Record<string, any>> {
  const res = await c.get(id);
  expect(res.status).toBe(200);
  return res.body;
}

export function lastVersion(order: Record<string, any>): Record<string, any> {
  return order.versionHistory[order.versionHistory.length - 1];
}
