import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/core/store/redis/redis-store.js';
import { openStore } from '../../src/core/store/open-store.js';
import { StoreOpenError } from '../../src/core/store/store-open-error.js';
import { describeStoreBehaviour, seeds } from '../core/store-behaviour.js';
import { skipRedis, startTestRedis, type TestRedis } from './redis-server.js';

let redis: TestRedis;
let places = 0;

describe.skipIf(skipRedis)('Redis store', () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis?.stop());

  describeStoreBehaviour({
    name: 'Redis store',
    place: async () => redis.url(`suite${places++}:`),
    open: (url, options) => openStore({ file: url, ...options }),
    persistent: true,
  });

  it('lets a second store on the same Redis see what the first committed, after catching up', async () => {
    const url = redis.url(`pair${places++}:`);
    const [one, two] = await Promise.all([RedisStore.open({ url, seeds }), RedisStore.open({ url, seeds })]);
    const tx = one.begin();
    tx.data('shared', 'demo').collection('orders').put('a', { id: 'a', n: 5 });
    await tx.commit();
    expect(two.data('shared', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 0 }); // not yet caught up
    await two.catchUp();
    expect(two.data('shared', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 5 });
    expect(two.namespaces().sort()).toEqual(['default', 'shared']);
    two.reset('shared');
    await two.flush();
    await one.catchUp();
    expect(one.namespaces()).toEqual(['default']);
    await Promise.all([one.close(), two.close()]);
  });

  it('refuses a commit whose reads another store changed meanwhile, and the retry sees the change', async () => {
    const url = redis.url(`race${places++}:`);
    const [one, two] = await Promise.all([RedisStore.open({ url, seeds }), RedisStore.open({ url, seeds })]);
    const bump = (store: RedisStore) =>
      store.transact('default', 'demo', async (tx) => {
        const orders = tx.data('default', 'demo').collection<{ id: string; n: number }>('orders');
        const doc = orders.get('a')!;
        orders.put('a', { ...doc, n: doc.n + 1 });
        return doc.n + 1;
      });
    const stale = two.begin(); // reads n = 0, then the other store commits n = 1
    const read = stale.data('default', 'demo').collection<{ id: string; n: number }>('orders').get('a')!;
    expect(await bump(one)).toBe(1);
    stale.data('default', 'demo').collection('orders').put('a', { ...read, n: read.n + 1 });
    await expect(stale.commit()).rejects.toMatchObject({ code: 'ORDERMOCK_ERR_STORE_CONFLICT' });
    expect(await bump(two)).toBe(2);
    const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 ? one : two)));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
    await Promise.all([one.close(), two.close()]);
  });

  it('reloads the whole state when the change stream no longer reaches back far enough', async () => {
    const url = redis.url(`trim${places++}:`);
    const [one, two] = await Promise.all([RedisStore.open({ url, seeds, streamLength: 1 }), RedisStore.open({ url, seeds })]);
    for (let i = 0; i < 300; i++) one.data('default', 'demo').collection('orders').put(`k${i}`, { id: `k${i}` });
    one.data('default', 'demo').collection('orders').delete('a');
    await one.flush();
    await two.catchUp();
    const ids = two.data('default', 'demo').collection('orders').list().map((d) => d.id);
    expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => `k${i}`));
    await Promise.all([one.close(), two.close()]);
  });

  it('sends seeds replaced in its seeds object as one change: every replica reads them, a first write copies them in Redis, a reset restores them', async () => {
    const url = redis.url(`seed${places++}:`);
    const [mine, theirs] = [structuredClone(seeds), structuredClone(seeds)];
    const [one, two] = await Promise.all([RedisStore.open({ url, seeds: mine }), RedisStore.open({ url, seeds: theirs })]);
    const orders = (store: RedisStore, ns: string) => store.data(ns, 'demo').collection('orders');
    orders(one, 'own').put('a', { id: 'a', n: 7 });
    await one.flush();
    const stale = two.begin(); // reads the old seeds, then they change
    const read = stale.data('fresh', 'demo').collection<{ id: string; n: number }>('orders').get('a')!;

    mine.demo = { orders: { a: { id: 'a', n: 1 }, b: { id: 'b', n: 1 } } }; // as --watch does
    one.data('control', 'demo').collection('users').put('v', { id: 'v' }); // a control-plane first write, before any flush
    await one.flush();
    expect(orders(one, 'fresh').list()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 1 }]);
    expect(orders(one, 'control').list()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 1 }]);
    await two.catchUp();
    expect(orders(two, 'fresh').get('b')).toEqual({ id: 'b', n: 1 });
    expect(theirs.demo).toEqual(mine.demo); // the other process's seeds object follows (control plane, dashboard)
    expect(orders(two, 'own').get('a')).toEqual({ id: 'a', n: 7 });
    stale.data('fresh', 'demo').collection('orders').put('a', { ...read, n: read.n + 1 });
    await expect(stale.commit()).rejects.toMatchObject({ code: 'ORDERMOCK_ERR_STORE_CONFLICT' });

    // A first write through the other store: Redis copies the new seeds (a third store loads them from there).
    await two.transact('later', 'demo', async (tx) => tx.data('later', 'demo').collection('orders').put('a', { id: 'a', n: 2 }));
    const three = await RedisStore.open({ url, seeds: structuredClone(mine) });
    expect(orders(three, 'later').list()).toEqual([{ id: 'a', n: 2 }, { id: 'b', n: 1 }]);
    expect(orders(three, 'control').list()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 1 }]);
    two.reset();
    await two.flush();
    await one.catchUp();
    for (const store of [one, two]) expect(orders(store, 'own').list()).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 1 }]);
    await Promise.all([one.close(), two.close(), three.close()]);
  });

  it('a replica reloaded in full takes the seeds stored in Redis', async () => {
    const url = redis.url(`seedtrim${places++}:`);
    const mine = structuredClone(seeds);
    const [one, two] = await Promise.all([RedisStore.open({ url, seeds: mine, streamLength: 1 }), RedisStore.open({ url, seeds: structuredClone(seeds) })]);
    mine.demo = { orders: { c: { id: 'c' } } };
    await one.flush();
    for (let i = 0; i < 300; i++) one.data('default', 'other').collection('orders').put(`k${i}`, { id: `k${i}` });
    await one.flush();
    await two.catchUp(); // the seed change was trimmed from the stream
    expect(two.data('fresh', 'demo').collection('orders').list()).toEqual([{ id: 'c' }]);
    await Promise.all([one.close(), two.close()]);
  });

  it('refuses to start in one line naming the URL (password hidden) when Redis does not answer', async () => {
    const err = await RedisStore.open({ url: 'redis://:hunter2@127.0.0.1:1/0', seeds }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect(err).toMatchObject({ code: 'ORDERMOCK_ERR_STORE_OPEN', reason: 'unreachable' });
    expect((err as Error).message).toMatch(/^Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0 \(.*\): start it, or point --store at a running one\.$/);
    expect((err as Error).message).not.toContain('hunter2');
  });
});
