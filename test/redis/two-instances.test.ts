import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli-process.js';
import { skipRedis, startTestRedis, type TestRedis } from './redis-server.js';

const order = '/cutmake/api/v1/orders/SO-DOC-1001';
const auth = { authorization: 'Bearer cm-admin-token' };
let redis: TestRedis;

describe.skipIf(skipRedis)('two ordermock processes on one Redis', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis?.stop());

  it('100 concurrent updates of one order split across both: contiguous versions, every acknowledged change kept', async () => {
    const cwd = await tempDir();
    const store = redis.url('two:');
    const instances = [runCli(['--port', '0', '--store', store], { cwd }), runCli(['--port', '0', '--store', store], { cwd })];
    const urls = await Promise.all(instances.map((i) => i.url()));
    const before = await (await fetch(urls[0] + order, { headers: auth })).json();
    const updates = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const res = await fetch(urls[i % 2] + order, {
          method: 'PATCH',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ notes: `note ${i}`, changeDescription: `change ${i}` }),
        });
        return { i, status: res.status, body: await res.json() };
      }),
    );
    expect(updates.filter((u) => u.status !== 200)).toEqual([]);
    const versions = updates.map((u) => u.body.versionNumber as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 100 }, (_, k) => before.versionNumber + 1 + k));
    for (const url of urls) {
      const after = await (await fetch(url + order, { headers: auth })).json();
      expect(after.versionNumber).toBe(before.versionNumber + 100);
      const described = new Map(after.versionHistory.map((v: { versionNumber: number; changeDescription: string }) => [v.versionNumber, v.changeDescription]));
      for (const u of updates) expect(described.get(u.body.versionNumber), `update ${u.i}`).toBe(`change ${u.i}`);
      expect(updates.some((u) => u.body.versionNumber === after.versionNumber && after.notes === `note ${u.i}`)).toBe(true);
    }
    expect(await Promise.all(instances.map((i) => i.stop()))).toEqual([0, 0]);
  });
});
