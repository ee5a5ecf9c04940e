import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOrdermock } from '../../src/index.js';
import { apiCases, type ApiCase } from '../support/api-cases.js';
import { startTestMock, type TestMock } from '../support/harness.js';

// Behaviour every API must share, run against all five (one suite, five modules).
describe.each(apiCases)('$api: shared behaviour', (c: ApiCase) => {
  let t: TestMock;
  const send = (body: unknown, headers: Record<string, string> = c.update.headers) =>
    t.http[c.update.method](c.update.path).set(headers).send(body as object);
  const stored = () => t.stored(c.api, 'orders', c.orderId);

  beforeAll(async () => {
    t = await startTestMock({ apis: [c.api], bodyLimit: 64 * 1024 });
  });
  afterEach(async () => {
    await t.assertResponsesConform();
    await t.http.post('/__ordermock/reset?all=true');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a valid update answers 2xx and the companion read shows it', async () => {
    const res = await send(await c.body(t, 'marker-valid-update'));
    expect(res.status, res.text).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    const read = await t.http.get(c.read.path).set(c.read.headers);
    expect(read.status).toBe(200);
    expect(c.marker(read.body)).toBe('marker-valid-update');
  });

  it('has the change fsync’d in the change log before it answers', async () => {
    const res = await send(await c.body(t, 'marker-durable'));
    expect(res.status).toBeLessThan(300);
    const dir = join(t.dataFile, '..');
    const logs = (await readdir(dir)).filter((n) => n.includes('.changes-'));
    const text = (await Promise.all(logs.map((n) => readFile(join(dir, n), 'utf8')))).join('');
    expect(text).toContain('marker-durable');
  });

  it('missing credentials → 401 and nothing changes', async () => {
    const before = stored();
    const { authorization: _auth, ...headers } = c.update.headers;
    const res = await send(await c.body(t, 'marker-no-auth'), headers);
    expect(res.status).toBe(401);
    expect(stored()).toBe(before);
  });

  it('wrong method → 405 with Allow naming the update method', async () => {
    const res = await t.http.delete(c.update.path).set(c.update.headers);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain(c.update.method.toUpperCase());
  });

  it('unknown path under the prefix → 404', async () => {
    const res = await t.http.get(`/${c.api}/no/such/path`).set(c.read.headers);
    expect(res.status).toBe(404);
  });

  it('non-JSON body → 415 and nothing changes', async () => {
    const before = stored();
    const res = await t.http[c.update.method](c.update.path).set({ ...c.update.headers, 'content-type': 'text/plain' }).send('notes=hello');
    expect(res.status).toBe(415);
    expect(stored()).toBe(before);
  });

  it('malformed JSON → 400/422 in the API’s error shape and nothing changes', async () => {
    const before = stored();
    const res = await t.http[c.update.method](c.update.path).set(c.update.headers).send('{"broken": ');
    expect([400, 422]).toContain(res.status);
    expect(res.type).toBe('application/json');
    expect(stored()).toBe(before);
  });

  it('body over the limit → 413 and nothing changes', async () => {
    const before = stored();
    const res = await send({ ...(await c.body(t, 'marker-large')), padding: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(stored()).toBe(before);
  });

  it('a __proto__ key in the body pollutes nothing', async () => {
    const body = JSON.stringify(await c.body(t, 'marker-proto')).replace(/^\{/, '{"__proto__":{"polluted":true},');
    const res = await t.http[c.update.method](c.update.path).set(c.update.headers).send(body);
    // Dropped (2xx) or refused like any unknown key (4xx): either holds, a crash does not.
    expect([2, 4], `${res.status} ${res.text}`).toContain(Math.floor(res.status / 100));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Nor the stored order's own prototype.
    const order = t.mock.store.data('default', c.api).collection<object>('orders').get(c.orderId)!;
    expect(Object.getPrototypeOf(order)).toBe(Object.prototype);
    expect('polluted' in order).toBe(false);
    expect(stored()).not.toContain('polluted');
  });

  it('a namespace header gives a private copy of the state', async () => {
    const ns = { 'x-ordermock-namespace': 'job-42' };
    const res = await send(await c.body(t, 'marker-namespaced'), { ...c.update.headers, ...ns });
    expect(res.status).toBeLessThan(300);
    expect(c.marker((await t.http.get(c.read.path).set({ ...c.read.headers, ...ns })).body)).toBe('marker-namespaced');
    expect(c.marker((await t.http.get(c.read.path).set(c.read.headers)).body)).not.toBe('marker-namespaced');
  });

  it('updates survive a restart on the same data file', async () => {
    expect((await send(await c.body(t, 'marker-restart'))).status).toBeLessThan(300);
    await t.assertResponsesConform();
    // The same data file, reopened by a second server after the first stops.
    await t.mock.close();
    const second = await startOrdermock({ port: 0, apis: [c.api], dataFile: t.dataFile });
    try {
      const read = await supertest(second.url).get(c.read.path).set(c.read.headers);
      expect(c.marker(read.body)).toBe('marker-restart');
    } finally {
      await second.close();
      t = await startTestMock({ apis: [c.api], bodyLimit: 64 * 1024 });
    }
  });
});
