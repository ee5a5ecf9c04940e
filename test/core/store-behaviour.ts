import { describe, expect, it } from 'vitest';
import type { SeedData, Store } from '../../src/core/store/store.js';

/** One kind of store under the shared suite: the file store, the memory store, later Redis. */
export interface StoreKind {
  name: string;
  /** A fresh place to keep a store (a temp data file, a key prefix...). */
  place(): Promise<string>;
  open(place: string, options: { seeds: SeedData; maxNamespaces?: number }): Promise<Store>;
  /** Whether a store opened again at the same place sees what the last one committed. */
  persistent: boolean;
}

export const seeds: SeedData = { demo: { orders: { a: { id: 'a', n: 0 } }, users: { u: { id: 'u' } } }, other: { orders: { z: { id: 'z' } } } };

/** Behaviour every Store must share, whatever keeps its state. */
export function describeStoreBehaviour(kind: StoreKind): void {
  const open = async (options: { maxNamespaces?: number } = {}) => kind.open(await kind.place(), { seeds, ...options });
  const orders = (store: Store, ns = 'default', api = 'demo') => store.data(ns, api).collection('orders');

  describe(`${kind.name}: shared store behaviour`, () => {
    it('reads the seeds, as private copies', async () => {
      const store = await open();
      const doc = orders(store).get('a')!;
      expect(doc).toEqual({ id: 'a', n: 0 });
      doc.n = 99;
      expect(orders(store).get('a')).toEqual({ id: 'a', n: 0 });
      expect(orders(store).list()).toEqual([{ id: 'a', n: 0 }]);
      expect(orders(store).size).toBe(1);
      await store.close();
    });

    it('gives each namespace a private copy, created by its first write and never by a read', async () => {
      const store = await open();
      expect(orders(store, 'reader').get('a')).toEqual({ id: 'a', n: 0 });
      expect(store.data('reader', 'demo').collection('users').list()).toEqual([{ id: 'u' }]);
      expect(store.namespaces()).toEqual(['default']);
      orders(store, 'one').put('a', { id: 'a', n: 1 });
      await store.flush();
      expect(store.namespaces().sort()).toEqual(['default', 'one']);
      expect(orders(store, 'two').get('a')).toEqual({ id: 'a', n: 0 });
      expect(orders(store).get('a')).toEqual({ id: 'a', n: 0 });
      expect(orders(store, 'one').list()).toEqual([{ id: 'a', n: 1 }]);
      await store.close();
    });

    it('resets one namespace (or one API in it) while the others keep their changes', async () => {
      const store = await open();
      for (const ns of ['one', 'two']) {
        orders(store, ns).put('a', { id: 'a', n: ns.length });
        orders(store, ns, 'other').put('z', { id: 'z', ns });
      }
      store.reset('one');
      await store.flush();
      expect(orders(store, 'one').get('a')).toEqual({ id: 'a', n: 0 });
      expect(orders(store, 'two').get('a')).toEqual({ id: 'a', n: 3 });
      store.reset('two', 'other');
      await store.flush();
      expect(orders(store, 'two', 'other').get('z')).toEqual({ id: 'z' });
      expect(orders(store, 'two').get('a')).toEqual({ id: 'a', n: 3 });
      orders(store, 'three', 'other').put('z', { id: 'z', n: 3 });
      store.reset(undefined, 'other'); // one API in every namespace
      expect(orders(store, 'three', 'other').get('z')).toEqual({ id: 'z' });
      expect(orders(store, 'two').get('a')).toEqual({ id: 'a', n: 3 });
      store.reset();
      await store.flush();
      expect(orders(store, 'two').get('a')).toEqual({ id: 'a', n: 0 });
      await store.close();
    });

    it('deletes a namespace that holds state, and says false for one that does not', async () => {
      const store = await open();
      orders(store, 'gone').put('b', { id: 'b' });
      expect(store.deleteNamespace('gone')).toBe(true);
      expect(store.deleteNamespace('never-written')).toBe(false);
      expect(store.namespaces()).toEqual(['default']);
      expect(orders(store, 'gone').get('b')).toBeUndefined();
      await store.close();
    });

    it('keeps a transaction private until commit, then applies all of it', async () => {
      const store = await open();
      const tx = store.begin();
      const mine = tx.data('tx-ns', 'demo').collection('orders');
      mine.put('b', { id: 'b', n: 1 });
      mine.put('a', { id: 'a', n: 2 });
      expect(mine.get('b')).toEqual({ id: 'b', n: 1 });
      expect(mine.list()).toEqual([{ id: 'a', n: 2 }, { id: 'b', n: 1 }]);
      expect(mine.delete('b')).toBe(true);
      expect(mine.has('b')).toBe(false);
      mine.put('c', { id: 'c' });
      expect(orders(store, 'tx-ns').get('a')).toEqual({ id: 'a', n: 0 });
      expect(store.namespaces()).toEqual(['default']);
      await tx.commit();
      expect(orders(store, 'tx-ns').list()).toEqual([{ id: 'a', n: 2 }, { id: 'c' }]);
      await store.close();
    });

    it('shows a transaction its own puts and deletes over the committed documents, and nobody else until commit', async () => {
      const store = await open();
      orders(store).put('b', { id: 'b', n: 1 });
      await store.flush();
      const tx = store.begin();
      const mine = tx.data('default', 'demo').collection('orders');
      expect(mine.size).toBe(2);
      expect(mine.delete('missing')).toBe(false);
      expect(mine.delete('a')).toBe(true); // a committed document
      expect(mine.delete('a')).toBe(false); // already gone in this transaction
      expect([mine.has('a'), mine.get('a'), mine.size]).toEqual([false, undefined, 1]);
      mine.put('b', { id: 'b', n: 2 });
      mine.put('c', { id: 'c' });
      expect(mine.list()).toEqual([{ id: 'b', n: 2 }, { id: 'c' }]);
      expect([mine.size, mine.has('c')]).toEqual([2, true]);
      expect(tx.data('default', 'demo').collection('users').list()).toEqual([{ id: 'u' }]); // another collection: untouched
      expect([orders(store).size, orders(store).has('a'), orders(store).has('c')]).toEqual([2, true, false]);
      await tx.commit();
      expect(() => tx.commit()).toThrow();
      expect(() => mine.put('d', { id: 'd' })).toThrow();
      expect(orders(store).list()).toEqual([{ id: 'b', n: 2 }, { id: 'c' }]);
      expect([orders(store).size, orders(store).delete('zzz'), orders(store).delete('c'), orders(store).size]).toEqual([2, false, true, 1]);
      await store.flush();
      expect(orders(store).has('c')).toBe(false);
      await store.close();
    });

    it('leaves no trace of a transaction that is never committed', async () => {
      const store = await open();
      const tx = store.begin();
      tx.data('abandoned', 'demo').collection('orders').put('a', { id: 'a', n: 5 });
      await store.flush();
      expect(orders(store, 'abandoned').get('a')).toEqual({ id: 'a', n: 0 });
      expect(store.namespaces()).toEqual(['default']);
      await store.close();
    });

    it('caps the namespaces that hold state: one more is refused with NAMESPACE_LIMIT and changes nothing', async () => {
      const store = await open({ maxNamespaces: 2 });
      orders(store).put('a', { id: 'a', n: 1 }); // the default namespace does not count
      orders(store, 'n1').put('a', { id: 'a', n: 1 });
      const tx = store.begin();
      tx.data('n2', 'demo').collection('orders').put('a', { id: 'a', n: 2 });
      await tx.commit();
      expect(() => orders(store, 'n3').put('a', { id: 'a', n: 3 })).toThrow(expect.objectContaining({ code: 'ORDERMOCK_ERR_NAMESPACE_LIMIT', status: 507 }));
      const refused = store.begin();
      refused.data('n3', 'demo').collection('orders').put('a', { id: 'a', n: 3 });
      refused.data('n3', 'demo').collection('orders').put('b', { id: 'b' });
      await expect(refused.commit()).rejects.toMatchObject({ code: 'ORDERMOCK_ERR_NAMESPACE_LIMIT' });
      expect(orders(store, 'n3').get('a')).toEqual({ id: 'a', n: 0 });
      expect(store.namespaces().sort()).toEqual(['default', 'n1', 'n2']);
      orders(store, 'n1').put('b', { id: 'b' }); // a namespace that has state can still write
      expect(store.deleteNamespace('n1')).toBe(true);
      orders(store, 'n3').put('a', { id: 'a', n: 3 });
      await store.flush();
      expect(orders(store, 'n3').get('a')).toEqual({ id: 'a', n: 3 });
      await store.close();
    });

    it('treats __proto__ as an ordinary id', async () => {
      const store = await open();
      orders(store).put('__proto__', { id: '__proto__' });
      await store.flush();
      expect(orders(store).get('__proto__')).toEqual({ id: '__proto__' });
      expect(({} as Record<string, unknown>).id).toBeUndefined();
      await store.close();
    });

    it('acknowledges each of many concurrent changes', async () => {
      const store = await open();
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          orders(store).put(`c${i}`, { id: `c${i}` });
          return store.flush();
        }),
      );
      expect(orders(store).size).toBe(51);
      await store.close();
    });

    it.runIf(kind.persistent)('keeps every committed change, reset and delete across close and reopen', async () => {
      const place = await kind.place();
      const first = await kind.open(place, { seeds });
      orders(first).put('a', { id: 'a', n: 42 });
      orders(first).put('gone', { id: 'gone' });
      orders(first).delete('gone');
      orders(first, 'tenant').put('x', { id: 'x' });
      orders(first, 'wiped').put('a', { id: 'a', n: 7 });
      first.reset('wiped');
      const tx = first.begin();
      tx.data('tenant', 'other').collection('orders').put('z', { id: 'z', n: 1 });
      tx.data('tenant', 'demo').collection('users').put('v', { id: 'v' });
      await tx.commit();
      await first.close();
      const second = await kind.open(place, { seeds });
      expect(orders(second).get('a')).toEqual({ id: 'a', n: 42 });
      expect(orders(second).has('gone')).toBe(false);
      expect(orders(second, 'tenant').get('x')).toEqual({ id: 'x' });
      expect(orders(second, 'wiped').get('a')).toEqual({ id: 'a', n: 0 });
      expect(orders(second, 'tenant', 'other').get('z')).toEqual({ id: 'z', n: 1 });
      expect(second.data('tenant', 'demo').collection('users').get('v')).toEqual({ id: 'v' });
      await second.close();
    });
  });
}
