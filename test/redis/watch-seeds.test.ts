import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeedDir } from '../../src/paths.js';
import { runCli, tempDir } from '../support/cli-process.js';
import { skipRedis, startTestRedis, type TestRedis } from './redis-server.js';

const orders = '/cutmake/api/v1/orders';
const auth = { authorization: 'Bearer cm-admin-token' };
const EDITED = 'edited in the seed file';
let redis: TestRedis;

describe.skipIf(skipRedis)('--watch with a Redis store shared by two processes', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis?.stop());

  it('an edited seed file reaches both: reads and first writes of namespaces without state, and resets, use the new seeds; state of its own is kept', async () => {
    const dir = await tempDir();
    // Each process has its own copy of the seed files; only the watching one's is edited.
    const [watchedSeeds, otherSeeds] = [join(dir, 'seeds-a'), join(dir, 'seeds-b')];
    await Promise.all([cp(defaultSeedDir, watchedSeeds, { recursive: true }), cp(defaultSeedDir, otherSeeds, { recursive: true })]);
    const store = redis.url('watch:');
    const watching = runCli(['--port', '0', '--store', store, '--api', 'cutmake', '--seeds', watchedSeeds, '--watch'], { cwd: dir });
    const other = runCli(['--port', '0', '--store', store, '--api', 'cutmake', '--seeds', otherSeeds], { cwd: dir });
    const [a, b] = await Promise.all([watching.url(), other.url()]);
    await watching.waitFor((l) => String(l.msg).startsWith('watching '));
    const get = async (url: string, namespace: string, id: string) => {
      const res = await fetch(`${url}${orders}/${id}`, { headers: { ...auth, 'x-ordermock-namespace': namespace } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { notes: string }).notes;
    };
    const patch = async (url: string, namespace: string, id: string, notes: string) => {
      const res = await fetch(`${url}${orders}/${id}`, {
        method: 'PATCH',
        headers: { ...auth, 'x-ordermock-namespace': namespace, 'content-type': 'application/json' },
        body: JSON.stringify({ notes, changeDescription: notes }),
      });
      expect(res.status).toBe(200);
    };

    // A namespace with state of its own, made before the edit.
    await patch(a, 'own', 'SO-DOC-1001', 'set by the client');
    const seeded = await get(b, 'fresh', 'SO-DOC-1002');

    const seedFile = join(watchedSeeds, 'cutmake.json');
    const seed = JSON.parse(await readFile(seedFile, 'utf8'));
    seed.collections.orders['SO-DOC-1001'].notes = EDITED;
    seed.collections.orders['SO-DOC-1002'].notes = EDITED;
    await writeFile(seedFile, JSON.stringify(seed, null, 2));
    await watching.waitFor((l) => String(l.msg).startsWith('seeds of cutmake reloaded'));

    // A namespace without state reads the new seeds through either process.
    for (const url of [a, b]) expect(await get(url, 'fresh', 'SO-DOC-1002')).toBe(EDITED);
    expect(seeded).not.toBe(EDITED);
    // Its first write (through the process that did not see the edit) copies the new seeds in Redis.
    await patch(b, 'later', 'SO-DOC-1001', 'first write after the edit');
    for (const url of [a, b]) {
      expect(await get(url, 'later', 'SO-DOC-1002')).toBe(EDITED);
      expect(await get(url, 'later', 'SO-DOC-1001')).toBe('first write after the edit');
    }
    // The namespace with state of its own keeps the client's change.
    for (const url of [a, b]) expect(await get(url, 'own', 'SO-DOC-1001')).toBe('set by the client');

    // A reset (through the other process) restores the new seeds, seen from both.
    expect((await fetch(`${b}/__ordermock/reset?all=true`, { method: 'POST' })).status).toBe(200);
    for (const url of [a, b]) {
      expect(await get(url, 'own', 'SO-DOC-1001')).toBe(EDITED);
      expect(await get(url, 'later', 'SO-DOC-1002')).toBe(EDITED);
      expect(await get(url, 'default', 'SO-DOC-1002')).toBe(EDITED);
    }
    expect(await Promise.all([watching.stop(), other.stop()])).toEqual([0, 0]);
  });
});
