import { describe, expect, it } from 'vitest';
import { fsError } from '../../src/core/store/file-layer.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';
import { faultyFiles } from '../support/faulty-files.js';

// A change whose log write fails is undone in memory: the state, and the data file the next
// compaction writes, must be exactly what they were before, whatever shape the change had.
const FILE = '/disk/db.json';
const seeds = {
  demo: { orders: { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } }, users: { u: { id: 'u' } } },
  other: { things: { t: { id: 't' } } },
};

type Store = LowdbStore;

/** Each is one or more changes made together, so their log records share one failing batch. */
const failingChanges: Record<string, (store: Store) => void> = {
  'the same document changed twice in one batch': (store) => {
    const orders = store.data('default', 'demo').collection('orders');
    orders.put('a', { id: 'a', n: 1 });
    orders.put('a', { id: 'a', n: 2 });
  },
  'a document put, then deleted, in one batch': (store) => {
    const orders = store.data('default', 'demo').collection('orders');
    orders.put('new', { id: 'new' });
    orders.delete('new');
  },
  'a put in a new collection of an API the namespace holds': (store) => store.data('default', 'demo').collection('notes').put('n', { id: 'n' }),
  'a put in an API the namespace does not hold yet': (store) => store.data('ns2', 'other').collection('things').put('t2', { id: 't2' }),
  'a put in a new namespace': (store) => store.data('ns3', 'demo').collection('orders').put('z', { id: 'z' }),
  'a delete from the middle of a collection': (store) => store.data('default', 'demo').collection('orders').delete('b'),
  'a delete, then a put of the same document': (store) => {
    const orders = store.data('default', 'demo').collection('orders');
    orders.delete('a');
    orders.put('a', { id: 'a', back: true });
  },
  'a reset of one namespace': (store) => store.reset('ns2'),
  'a reset of one API in every namespace': (store) => store.reset(undefined, 'demo'),
  'a reset of everything': (store) => store.reset(),
  'a transaction over two collections and a new namespace': (store) => {
    const tx = store.begin();
    tx.data('default', 'demo').collection('orders').delete('c');
    tx.data('default', 'demo').collection('users').put('v', { id: 'v' });
    void tx.commit().catch(() => undefined);
    const other = store.begin();
    other.data('ns4', 'other').collection('things').put('q', { id: 'q' });
    void other.commit().catch(() => undefined);
  },
};

/** What a client can read, in order, for every namespace, API and collection the test touches. */
function view(store: Store): unknown {
  const out: Record<string, unknown> = { namespaces: store.namespaces() };
  for (const ns of ['default', 'ns2', 'ns3', 'ns4']) {
    for (const [api, collections] of [['demo', ['orders', 'users', 'notes']], ['other', ['things']]] as const) {
      for (const name of collections) out[`${ns}/${api}/${name}`] = store.data(ns, api).collection(name).list();
    }
  }
  return out;
}

/** The data file a compaction writes, without its sequence number (failed records use up numbers). */
async function dataFile(store: Store, files: ReturnType<typeof memoryFiles>): Promise<string> {
  await store.compact();
  return (await files.readFile(FILE)).replace(/"seq": \d+/, '"seq": N');
}

describe('a change whose log write fails leaves state and data file as they were', () => {
  for (const [shape, change] of Object.entries(failingChanges)) {
    it(shape, async () => {
      const disk = memoryFiles();
      const files = faultyFiles(disk);
      const store = await LowdbStore.open({ file: FILE, seeds, files });
      // Some state of its own first: the default namespace holds demo, ns2 holds demo only.
      store.data('default', 'demo').collection('orders').put('d', { id: 'd' });
      store.data('ns2', 'demo').collection('orders').put('x', { id: 'x' });
      await store.flush();
      const before = view(store);
      const fileBefore = await dataFile(store, disk);

      files.faults.write = (file) => {
        if (file.includes('.changes-')) throw fsError('ENOSPC', `no space left on device, write to ${file}`);
        return undefined;
      };
      change(store);
      await expect(store.flush()).rejects.toThrow(/ENOSPC/);
      files.faults.write = undefined;

      expect(view(store)).toEqual(before);
      expect(await dataFile(store, disk)).toBe(fileBefore);
      await store.close();
      const reopened = await LowdbStore.open({ file: FILE, seeds, files: disk });
      expect(view(reopened)).toEqual(before);
      await reopened.close();
    });
  }
});
