// Shared helpers for the sellercloud tests (not a test file itself).
import { expect } from 'vitest';
import { useTestMock, type TestMock } from '../../support/harness.js';
import { fixedClock } from '../../../src/index.js';

export const ADMIN = 'Bearer sc-demo-token';
export const VIEWER = 'Bearer sc-viewer-token';
export const EXPIRED = 'Bearer sc-expired-token';
export const ORDERS = '/sellercloud/rest/api/Orders';
export const TOKEN = '/sellercloud/rest/api/token';
export const ADMIN_LOGIN = { Username: 'demo.admin@ordermock.example.com', Password: 'Demo!2345' };

/** Where the mock clock starts, and goes back to after each test. */
export const START = '2026-03-01T10:00:00Z';

/**
 * A sellercloud mock for the file (or describe) with the usual lifecycle (useTestMock): after each
 * test every response is checked against the spec, the seeds come back and the clock is at START.
 * `mock` is a getter: the mock exists once `beforeAll` ran.
 */
export function useSellercloud() {
  const clock = fixedClock(START);
  const mock = useTestMock({ apis: ['sellercloud'], clock, clockStart: START });
  return { clock, mock };
}

export function putOrder(t: TestMock, id: string | number, body: unknown, auth: string | null = ADMIN) {
  const req = t.http.put(`${ORDERS}/${id}`);
  if (auth) req.set('Authorization', auth);
  return body === undefined ? req : req.send(body as object);
}

export function getOrder(t: TestMock, id: string | number, auth: string | null = ADMIN) {
  const req = t.http.get(`${ORDERS}/${id}`);
  if (auth) req.set('Authorization', auth);
  return req;
}

export async function readOrder(t: TestMock, id: string | number): Promise<Record<string, any>> {
  const res = await getOrder(t, id);
  expect(res.status).toBe(200);
  return res.body;
}

/** Runs a request that must be refused and checks the order is byte-for-byte the same in the store and the GET. */
export async function expectUnchanged<T>(t: TestMock, id: string | number, send: () => PromiseLike<T>): Promise<T> {
  const stored = t.stored('sellercloud', 'orders', String(id));
  const read = await readOrder(t, id);
  const res = await send();
  expect(t.stored('sellercloud', 'orders', String(id))).toBe(stored);
  expect(await readOrder(t, id)).toEqual(read);
  return res;
}

/** The ModelState of a 400 in ASP.NET's shape, checked on the way. */
export function modelState(res: { status: number; body: any }): Record<string, string[]> {
  expect(res.status).toBe(400);
  expect(res.body.Message).toBe('The request is invalid.');
  expect(res.body.ModelState).toBeTypeOf('object');
  return res.body.ModelState;
}

export const usAddress = {
  FirstName: 'Jordan',
  MiddleName: 'Lee',
  LastName: 'Harper',
  Business: 'Harper Outdoor LLC',
  AddressLine1: '3100 Western Ave',
  AddressLine2: 'Unit 402',
  City: 'Seattle',
  State: 'WA',
  ZipCode: '98121',
  Country: 'US',
  Phone: '+1 206-555-0142',
  Fax: '+1 206-555-0100',
  Region: 'King County',
};
