import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCases } from '../support/api-cases.js';
import { startTestMock, type TestMock } from '../support/harness.js';
import { skipRedis, startTestRedis, type TestRedis } from './redis-server.js';

let redis: TestRedis;
const cutmake = apiCases[0];

const patch = (t: TestMock, marker: string) => t.http.patch(cutmake.update.path).set(cutmake.update.headers).send({ notes: marker });

/** Sends until Redis answers again (the client reconnects by itself); each refusal must be the clear error. */
async function untilBack(t: TestMock, marker: string) {
  for (;;) {
    const res = await patch(t, marker);
    if (res.status === 200) return res;
    expect(res.status).toBe(500);
    expect(res.text).toContain('did not answer');
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe.skipIf(skipRedis)('Redis store faults', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    redis?.resume();
    await redis?.stop();
  });

  it('Redis killed mid-run: every API answers its own error shape naming the store, then recovers with every acknowledged change', async () => {
    const t = await startTestMock({ dataFile: redis.url('fault:') });
    try {
      expect((await patch(t, 'before the crash')).status).toBe(200);
      const bodies = await Promise.all(apiCases.map((c) => c.body(t, `during-${c.api}`)));
      await redis.kill();
      for (const [i, c] of apiCases.entries()) {
        const res = await t.http[c.update.method](c.update.path).set(c.update.headers).send(bodies[i]);
        expect(res.status, c.api).toBe(500);
        expect(res.text, c.api).toMatch(/The shared store redis:\/\/127\.0\.0\.1:\d+\/0\?prefix=fault%3A did not answer/);
      }
      const read = await t.http.get(cutmake.read.path).set(cutmake.read.headers);
      expect(read.status).toBe(500); // never a possibly stale answer
      await redis.start();
      const back = await untilBack(t, 'after the restart');
      const versionAfter = back.body.versionNumber;
      const order = await t.http.get(cutmake.read.path).set(cutmake.read.headers);
      expect(order.body.notes).toBe('after the restart');
      expect(order.body.versionNumber).toBe(versionAfter);
      // The write acknowledged before the crash survived it (AOF fsync always): it is the version before.
      expect(order.body.versionHistory.at(-2).versionNumber).toBe(versionAfter - 1);
      expect(t.mock.store.data('default', 'cutmake').collection('orders').get(cutmake.orderId)).toMatchObject({ notes: 'after the restart' });
      await t.assertResponsesConform();
    } finally {
      await t.close();
    }
  });

  it('Redis that stops answering (paused): the request fails after the command timeout instead of hanging, then recovers', async () => {
    const t = await startTestMock({ dataFile: redis.url('pause:') });
    try {
      expect((await patch(t, 'first')).status).toBe(200);
      redis.pause();
      const stuck = await patch(t, 'while paused');
      expect(stuck.status).toBe(500);
      expect(stuck.text).toMatch(/did not answer \(Command timed out\)/);
      redis.resume();
      const back = await untilBack(t, 'resumed');
      const order = await t.http.get(cutmake.read.path).set(cutmake.read.headers);
      expect(order.body).toMatchObject({ notes: 'resumed', versionNumber: back.body.versionNumber });
      await t.assertResponsesConform();
    } finally {
      await t.close();
    }
  });
});
