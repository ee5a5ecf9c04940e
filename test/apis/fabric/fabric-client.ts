import { expect } from 'vitest';
import type { Response } from 'supertest';
import { fixedClock } from '../../../src/index.js';
import { useTestMock, type TestMock } from '../../support/harness.js';

/** Fixture bearer tokens (data/seed/fabric.json, docs/apis/fabric.md). */
export const TOKENS = {
  admin: 'fabric-demo-token',
  csr: 'fabric-csr-token',
  readonly: 'fabric-readonly-token',
  expired: 'fabric-expired-token',
} as const;
export type Who = keyof typeof TOKENS;

/** The production account every fixture token is bound to, and the sandbox one no token is. */
export const ACCOUNT = '1234abcd5678efgh9ijklmno';
export const SANDBOX_ACCOUNT = 'abcd1234efgh5678ijklmnop';
export const SITE_CONTEXT = JSON.stringify({ date: '2026-03-01T10:00:00.000Z', channel: 12, account: ACCOUNT, stage: 'production' });

export const START = '2026-03-01T10:00:00.000Z';

export const putPath = (orderNumber: string) => `/fabric/order/${orderNumber}`;
export const getPath = (orderNumber: string) => `/fabric/order/?orderNumber=${encodeURIComponent(orderNumber)}`;

export type Order = Record<string, any>;

export interface RequestOptions {
  who?: Who | null;
  /** `null` leaves the header out. */
  siteContext?: string | null;
}

/** The headers a request carries: the csr's bearer token and SITE_CONTEXT unless told otherwise. */
export function fabricHeaders(options: RequestOptions = {}): Record<string, string> {
  const who = options.who === undefined ? 'csr' : options.who;
  const site = options.siteContext === undefined ? SITE_CONTEXT : options.siteContext;
  const headers: Record<string, string> = {};
  if (who) headers.Authorization = `Bearer ${TOKENS[who]}`;
  if (site !== null) headers['x-site-context'] = site;
  return headers;
}

export interface FabricClient {
  t: TestMock;
  clock: ReturnType<typeof fixedClock>;
  put(orderNumber: string, body: unknown, options?: RequestOptions): Promise<Response>;
  get(orderNumber: string, options?: RequestOptions): Promise<Response>;
  /** The order as the companion GET returns it (asserts 200). */
  read(orderNumber: string): Promise<Order>;
  /** The stored order as the store holds it (JSON text). */
  stored(orderNumber: string): string;
  /** Runs a request that must be refused; checks the order is byte-for-byte unchanged, in the store and through GET. */
  refused(orderNumber: string, send: () => Promise<Response>, status: number): Promise<Response>;
}

/** useTestMock for fabric, the clock back at START after each test; a getter for the client (once `beforeAll` ran). */
export function useFabric(): () => FabricClient {
  const clock = fixedClock(START);
  const mock = useTestMock({ apis: ['fabric'], clock, clockStart: START });
  return () => fabricClient(mock(), clock);
}

function fabricClient(t: TestMock, clock: ReturnType<typeof fixedClock>): FabricClient {
  const get = (orderNumber: string, options?: RequestOptions) => t.http.get(getPath(orderNumber)).set(fabricHeaders(options));
  const stored = (orderNumber: string) => t.stored('fabric', 'orders', orderNumber);
  return {
    t,
    clock,
    get,
    stored,
    put: (orderNumber, body, options) => t.http.put(putPath(orderNumber)).set(fabricHeaders(options)).send(body as object),
    read: async (orderNumber) => {
      const res = await get(orderNumber);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as Order;
    },
    refused: async (orderNumber, send, status) => {
      const before = stored(orderNumber);
      const readBefore = await get(orderNumber);
      const res = await send();
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(stored(orderNumber)).toBe(before);
      const readAfter = await get(orderNumber);
      expect(readAfter.text).toBe(readBefore.text);
      expect(readAfter.body).toEqual(JSON.parse(before));
      return res;
    },
  };
}

/** fabric's error body: exactly `{"message": "<text>"}`. */
export function expectFabricError(res: Response, status: number, ...mentions: (string | RegExp)[]): string {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body)).toEqual(['message']);
  expect(typeof res.body.message).toBe('string');
  for (const m of mentions) expect(res.body.message).toMatch(typeof m === 'string' ? new RegExp(escape(m)) : m);
  return res.body.message as string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Order 309019176 (ORDER_CREATED, version 0) with the tee's quantity raised from 2 to 3 and
 * every dependent total moved with it: a consistent update a real client would send.
 */
export function withThirdTee(order: Order): Order {
  const next = structuredClone(order);
  const tee = next.items[0];
  tee.quantities.orderedQuantity = 3;
  tee.itemSubTotal = 84;
  tee.itemTaxTotal = 7.46;
  tee.taxDetail[0].taxAmount = 7.46;
  tee.itemTotal = 91.46;
  next.orderSubTotal = 148.5;
  next.taxTotal = 13.32; // 7.46 + 5.15 + 0.71 shipping tax
  next.orderTotal = 163.32; // 148.5 - 6.45 + 7.95 + 13.32
  next.payments[0].authAmount = 163.32;
  return next;
}
