import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrdermock, type RunningOrdermock } from '../../src/index.js';
import { skipRedis, startTestRedis, type TestRedis } from './redis-server.js';

const order = '/cutmake/api/v1/orders/SO-DOC-1001';
let redis: TestRedis;

/** Polls `read` until `ready` holds: the other instance's tail delivers within a few ms. */
async function eventually<T>(read: () => T, ready: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = read();
    if (ready(value)) return value;
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe.skipIf(skipRedis)('--journal shared', () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis?.stop());

  it("shows every instance's requests on each of them (secrets redacted), passes a clear on, and a late instance gets the history", async () => {
    const dataFile = redis.url('journal:');
    const mocks: RunningOrdermock[] = [];
    try {
      mocks.push(await startOrdermock({ port: 0, dataFile, journal: 'shared' }), await startOrdermock({ port: 0, dataFile, journal: 'shared' }));
      const [a, b] = mocks;
      const patch = await fetch(a.url + order, { method: 'PATCH', headers: { authorization: 'Bearer cm-admin-token', 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'via a' }) });
      expect(patch.status).toBe(200);
      expect((await fetch(b.url + order, { headers: { authorization: 'Bearer cm-admin-token' } })).status).toBe(200);
      const seenByB = await eventually(() => b.journal.list({ api: 'cutmake' }), (entries) => entries.length === 2);
      expect(seenByB.map((e) => e.method).sort()).toEqual(['GET', 'PATCH']);
      const fromA = seenByB.find((e) => e.method === 'PATCH')!;
      expect(fromA.request.body).toEqual({ notes: 'via a' });
      expect(JSON.stringify(fromA)).not.toContain('cm-admin-token');
      const viaHttp = await (await fetch(`${b.url}/__ordermock/journal?api=cutmake`)).json();
      expect(viaHttp.entries).toHaveLength(2);
      await eventually(() => a.journal.count({ api: 'cutmake' }), (n) => n === 2);

      mocks.push(await startOrdermock({ port: 0, dataFile, journal: 'shared' }));
      expect(await eventually(() => mocks[2].journal.count({ api: 'cutmake' }), (n) => n === 2)).toBe(2);

      a.journal.clear();
      expect(await eventually(() => b.journal.count(), (n) => n === 0)).toBe(0);
    } finally {
      await Promise.all(mocks.map((m) => m.close()));
    }
  });

  it('is refused at start without a Redis store', async () => {
    await expect(startOrdermock({ port: 0, journal: 'shared' })).rejects.toMatchObject({ code: 'ORDERMOCK_ERR_CONFIG', message: expect.stringContaining('--store redis://') });
  });
});
