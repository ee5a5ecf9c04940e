import { describe, expect, it } from 'vitest';
import type { FileLayer } from '../../src/core/store/file-layer.js';
import type { Collection } from '../../src/core/store/store.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';
import { OrdermockError } from '../../src/core/errors/catalogue.js';
import { faultyFiles, latch } from '../support/faulty-files.js';

// The change log's life cycle seen from the store: generations, compaction, replay.
const FILE = '/disk/db.json';
const seeds = { demo: { orders: { a: { id: 'a' } } } };
const order = (id: string, extra: Record<string, unknown> = {}) => ({ id, ...extra });

describe('change log generations', () => {
  it('closes every log file a compaction retires: after many compactions one log is open, after close none', async () => {
    const files = faultyFiles(memoryFiles());
    const store = await LowdbStore.open({ file: FILE, seeds, files, compactAfterBytes: 1000 });
    const orders = store.data('default', 'demo').collection('orders');
    for (let i = 0; i < 100; i++) {
      orders.put(`k${i}`, order(`k${i}`, { pad: 'x'.repeat(40) }));
      await store.flush();
    }
    await store.compact();
    orders.put('last', order('last'));
    await store.flush();
    expect(files.events.filter((e) => e === 'rename db.json.tmp db.json').length).toBeGreaterThan(3);
    expect(files.openHandles()).toEqual([expect.stringMatching(/^db\.json\.changes-\d+\.log$/)]);
    await store.close();
    expect(files.openHandles()).toEqual([]);
  });

  it('keeps a change written to the new log while a compaction runs, when the process dies right after it', async () => {
    const disk = memoryFiles();
    const files = faultyFiles(disk);
    const store = await LowdbStore.open({ file: FILE, seeds, files });
    const orders = store.data('default', 'demo').collection('orders');
    // Hold the first write's fdatasync, so the compaction retires its log while the next write waits.
    const hold = latch();
    let held = false;
    files.faults.datasync = () => {
      if (held) return undefined;
      held = true;
      return hold.wait();
    };
    orders.put('before', order('before'));
    const beforeDone = store.flush();
    await hold.entered;
    const compaction = store.compact();
    orders.put('during', order('during'));
    const duringDone = store.flush();
    hold.release();
    await Promise.all([beforeDone, duringDone, compaction]);

    files.kill(); // SIGKILL: no close, no further compaction
    const reopened = await LowdbStore.open({ file: FILE, seeds, files: disk });
    expect(reopened.data('default', 'demo').collection('orders').list().map((d) => d.id)).toEqual(['a', 'before', 'during']);
    await reopened.close();
  });

  /**
   * Stores `ids` (600 KiB each, so the data file takes several writes), starts a compaction and
   * holds its first data-file write; then runs `change` with every log fdatasync failing (EIO)
   * and lets both finish. Returns the ids in memory and in the reopened data file.
   */
  async function changeDuringCompaction(ids: string[], change: (orders: Collection) => void) {
    const disk = memoryFiles();
    const files = faultyFiles(disk);
    const store = await LowdbStore.open({ file: FILE, seeds, files });
    const orders = store.data('default', 'demo').collection('orders');
    const pad = 'x'.repeat(600 * 1024);
    for (const id of ids) orders.put(id, order(id, { pad, n: 1 }));
    await store.flush();

    // The documents after the held write are not serialized yet.
    const snapshotWrite = latch();
    files.faults.write = async (file) => {
      if (file === 'db.json.tmp') await snapshotWrite.wait();
      return undefined;
    };
    const compaction = store.compact();
    await snapshotWrite.entered;
    files.faults.write = undefined;
    const logSync = latch();
    files.faults.datasync = async () => {
      await logSync.wait();
      throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    };
    change(orders);
    const failed = store.flush();
    snapshotWrite.release();
    await compaction;
    logSync.release();
    await expect(failed).rejects.toThrow('EIO');
    const inMemory = orders.list().map((d) => [d.id, d.n]);

    files.kill();
    const reopened = await LowdbStore.open({ file: FILE, seeds, files: disk });
    const onDisk = reopened.data('default', 'demo').collection('orders').list().map((d) => [d.id, d.n]);
    const replayed = reopened.report.replayed;
    await reopened.close();
    return { inMemory, onDisk, replayed };
  }

  it('a compaction writes the state of the moment it began: a change made while it writes, whose log write then fails, is in neither the store nor the data file', async () => {
    const { inMemory, onDisk } = await changeDuringCompaction(['before', 'later'], (orders) => {
      orders.put('later', order('later', { n: 2 })); // not written out yet
      orders.put('during', order('during'));
    });
    const was = [['a', undefined], ['before', 1], ['later', 1]];
    expect(inMemory).toEqual(was);
    expect(onDisk).toEqual(was);
  });

  it('a document deleted while a compaction writes, whose log write then fails, is in the data file where it was', async () => {
    const { inMemory, onDisk, replayed } = await changeDuringCompaction(['before', 'middle', 'last'], (orders) => {
      expect(orders.delete('last')).toBe(true); // not written out yet
      orders.put('added', order('added'));
    });
    const was = [['a', undefined], ['before', 1], ['middle', 1], ['last', 1]];
    expect(inMemory).toEqual(was);
    expect(onDisk).toEqual(was);
    expect(replayed).toBe(0); // the data file alone holds it
  });

  it('replays the log files oldest first, whatever order the directory lists them in', async () => {
    const disk = memoryFiles();
    const first = await LowdbStore.open({ file: FILE, seeds, files: disk });
    await first.close();
    const seq = Number(/"seq": (\d+)/.exec(await disk.readFile(FILE))![1]);
    const record = (s: number, id: string, n: number) => `${JSON.stringify({ s, o: 'put', n: 'default', a: 'demo', c: 'orders', i: id, d: order(id, { n }) })}\n`;
    // Two generations left by a crash: the second changes what the first wrote.
    await disk.writeFile(`${FILE}.changes-000001.log`, record(seq + 1, 'x', 1) + record(seq + 2, 'y', 1));
    await disk.writeFile(`${FILE}.changes-000002.log`, record(seq + 3, 'x', 2));
    const reversed: FileLayer = { ...disk, readdir: async (dir) => (await disk.readdir(dir)).reverse() };
    const store = await LowdbStore.open({ file: FILE, seeds, files: reversed });
    expect(store.report.replayed).toBe(3);
    const orders = store.data('default', 'demo').collection('orders');
    expect(orders.get('x')).toEqual(order('x', { n: 2 }));
    expect(orders.get('y')).toEqual(order('y', { n: 1 }));
    await store.close();
  });
});

describe('replay', () => {
  it('brings back every logged namespace even when the store now allows fewer (acknowledged data is never dropped)', async () => {
    const disk = memoryFiles();
    const files = faultyFiles(disk);
    const store = await LowdbStore.open({ file: FILE, seeds, files, maxNamespaces: 5 });
    for (const ns of ['ns1', 'ns2', 'ns3']) store.data(ns, 'demo').collection('orders').put(ns, order(ns));
    await store.flush();
    files.kill();

    const smaller = await LowdbStore.open({ file: FILE, seeds, files: disk, maxNamespaces: 1 });
    expect(smaller.report.replayed).toBe(3);
    for (const ns of ['ns1', 'ns2', 'ns3']) expect(smaller.data(ns, 'demo').collection('orders').get(ns)).toEqual(order(ns));
    // The lower limit holds for new namespaces.
    expect(() => smaller.data('ns4', 'demo').collection('orders').put('z', order('z'))).toThrow(OrdermockError);
    await smaller.close();
  });

  it('folds a replay into the data file at start, so the next start has no log to read', async () => {
    const disk = memoryFiles();
    const files = faultyFiles(disk);
    const store = await LowdbStore.open({ file: FILE, seeds, files });
    store.data('default', 'demo').collection('orders').put('x', order('x'));
    await store.flush();
    files.kill();

    const replaying = await LowdbStore.open({ file: FILE, seeds, files: disk });
    expect(replaying.report).toEqual({ created: false, replayed: 1, tornLines: 0 });
    expect((await disk.readdir('/disk')).filter((n) => n.includes('.changes-'))).toEqual([]);
    expect(JSON.parse(await disk.readFile(FILE)).namespaces.default.demo.orders.x).toEqual(order('x'));
    await replaying.close();
  });

  it('drops a torn tail at start even with nothing to replay, so it is not counted again next time', async () => {
    const disk = memoryFiles();
    await (await LowdbStore.open({ file: FILE, seeds, files: disk })).close();
    await disk.writeFile(`${FILE}.changes-000001.log`, '{"s":99,"o":"put","n":"def');
    const torn = await LowdbStore.open({ file: FILE, seeds, files: disk });
    expect(torn.report).toEqual({ created: false, replayed: 0, tornLines: 1 });
    expect((await disk.readdir('/disk')).filter((n) => n.includes('.changes-'))).toEqual([]);
    await torn.close();
  });

  it('writes nothing at a start with nothing to replay', async () => {
    const disk = memoryFiles();
    await (await LowdbStore.open({ file: FILE, seeds, files: disk })).close();
    const files = faultyFiles(disk);
    const store = await LowdbStore.open({ file: FILE, seeds, files });
    expect(store.report).toEqual({ created: false, replayed: 0, tornLines: 0 });
    expect(files.events).toEqual([]);
    await store.close();
  });

  it('replays nothing the data file already holds (a crash after the snapshot was saved, before its log was removed)', async () => {
    const disk = memoryFiles();
    const store = await LowdbStore.open({ file: FILE, seeds, files: disk });
    const orders = store.data('default', 'demo').collection('orders');
    orders.put('x', order('x', { n: 1 }));
    orders.put('x', order('x', { n: 2 }));
    await store.close();
    const seq = Number(/"seq": (\d+)/.exec(await disk.readFile(FILE))![1]);
    const record = (s: number, n: number) => `${JSON.stringify({ s, o: 'put', n: 'default', a: 'demo', c: 'orders', i: 'x', d: order('x', { n }) })}\n`;
    await disk.writeFile(`${FILE}.changes-000001.log`, record(seq - 1, 1) + record(seq, 2));
    const reopened = await LowdbStore.open({ file: FILE, seeds, files: disk });
    expect(reopened.report.replayed).toBe(0);
    expect(reopened.data('default', 'demo').collection('orders').get('x')).toEqual(order('x', { n: 2 }));
    await reopened.close();
  });

  it('leaves an unexpected error (not a file-system one) as it is', async () => {
    const disk = memoryFiles();
    const bug = new TypeError('a bug, not a disk problem');
    const files: FileLayer = { ...disk, readLines: () => { throw bug; } };
    await expect(LowdbStore.open({ file: FILE, seeds, files })).rejects.toBe(bug);
  });
});

describe('what reaches the log', () => {
  it('a transaction that changes nothing writes nothing and is acknowledged at once', async () => {
    const files = faultyFiles(memoryFiles());
    const store = await LowdbStore.open({ file: FILE, seeds, files });
    const atOpen = files.events.length;
    const tx = store.begin();
    expect(tx.data('default', 'demo').collection('orders').get('a')).toEqual(order('a'));
    expect(tx.data('default', 'demo').collection('orders').delete('missing')).toBe(false);
    await tx.commit();
    expect(files.events.slice(atOpen)).toEqual([]);
    await store.close();
  });
});
