import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsError, nodeFiles } from '../../src/core/store/file-layer.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { StoreOpenError } from '../../src/core/store/store-open-error.js';
import { faultyFiles, latch, logByteLimit } from '../support/faulty-files.js';
import { seeds } from './store-behaviour.js';

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ordermock-durable-')), 'db.json');
}

async function logFiles(file: string): Promise<string[]> {
  const dir = join(file, '..');
  return (await readdir(dir)).filter((n) => n.includes('.changes-')).sort().map((n) => join(dir, n));
}

async function logText(file: string): Promise<string> {
  return (await Promise.all((await logFiles(file)).map((f) => readFile(f, 'utf8')))).join('');
}

/** Opens the store again on the same files without closing the old one: a crash, as replay sees it. */
const reopenAfterCrash = (file: string) => LowdbStore.open({ file, seeds });
const orders = (store: LowdbStore, ns = 'default') => store.data(ns, 'demo').collection('orders');

describe('the change log is fdatasync’d before a write is acknowledged', () => {
  it('each flush that resolves was preceded by a write and then a datasync of the log', async () => {
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file: await tempFile(), seeds, files });
    for (let i = 0; i < 5; i++) {
      files.events.length = 0;
      orders(store).put(`k${i}`, { id: `k${i}` });
      await store.flush();
      const onLog = files.events.filter((e) => e.includes('.changes-'));
      expect(onLog.map((e) => e.split(' ')[0])).toEqual(['write', 'datasync']);
    }
    await store.close();
  });
});

describe('directory entries and compaction are durable in order', () => {
  it('a new log file’s directory entry is synced before its first record is acknowledged', async () => {
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file: await tempFile(), seeds, files });
    files.events.length = 0;
    orders(store).put('a', { id: 'a' });
    await store.flush();
    const kinds = files.events.map((e) => e.split(' ')[0]);
    expect(kinds).toEqual(['syncDir', 'write', 'datasync']);
    await store.close();
  });

  it('compaction: the snapshot is fsync’d, renamed into place and its directory synced before the old logs go, then the directory again', async () => {
    const file = await tempFile();
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file, seeds, files });
    orders(store).put('a', { id: 'a', n: 1 });
    await store.flush();
    const [log] = (await logFiles(file)).map((f) => f.split('/').pop());
    files.events.length = 0;
    await store.compact();
    const steps = files.events.filter((e) => !e.startsWith('write'));
    expect(steps).toEqual(['sync db.json.tmp', 'rename db.json.tmp db.json', 'syncDir', `unlink ${log}`, 'syncDir']);
    expect(await logFiles(file)).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8')).namespaces.default.demo.orders.a).toEqual({ id: 'a', n: 1 });
    await store.close();
  });
});

describe('short writes and failed writes', () => {
  it('continues short writes until the whole record is written', async () => {
    const file = await tempFile();
    const files = faultyFiles(nodeFiles, { write: (name) => (name.includes('.changes-') ? 7 : undefined) });
    const store = await LowdbStore.open({ file, seeds, files });
    const tx = store.begin();
    tx.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 1, text: 'x'.repeat(100) });
    tx.data('default', 'demo').collection('users').put('v', { id: 'v' });
    await tx.commit();
    expect(files.events.filter((e) => e.startsWith('write') && e.includes('.changes-')).length).toBeGreaterThan(10);
    const crashed = await reopenAfterCrash(file);
    expect(orders(crashed).get('a')).toMatchObject({ n: 1 });
    expect(crashed.data('default', 'demo').collection('users').get('v')).toEqual({ id: 'v' });
    await crashed.close();
  });

  it('a write that makes no progress fails the commit with EIO instead of retrying forever, and is undone', async () => {
    const files = faultyFiles(nodeFiles, { write: (name) => (name.includes('.changes-') ? 0 : undefined) });
    const store = await LowdbStore.open({ file: await tempFile(), seeds, files });
    const tx = store.begin();
    tx.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 5 });
    await expect(tx.commit()).rejects.toMatchObject({ code: 'EIO', message: expect.stringMatching(/^EIO: write to .*\.changes-\d+\.log made no progress$/) });
    expect(orders(store).get('a')).toEqual({ id: 'a', n: 0 });
    files.faults.write = undefined;
    await store.close();
  });

  it('under a file-size limit: acknowledged writes survive, the cut-off one is failed, undone and absent after a restart', async () => {
    const file = await tempFile();
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file, seeds, files });
    files.faults.write = logByteLimit(300);
    let acked = 0;
    let failure: unknown;
    for (let i = 1; i <= 20 && !failure; i++) {
      orders(store).put('a', { id: 'a', n: i, pad: 'x'.repeat(40) });
      await store.flush().then(
        () => (acked = i),
        (err: unknown) => (failure = err),
      );
    }
    expect(failure).toMatchObject({ code: 'EFBIG' });
    expect(acked).toBeGreaterThan(0);
    expect(orders(store).get('a')).toMatchObject({ n: acked }); // the failed write is undone in memory
    const text = await logText(file);
    expect(text.endsWith('\n')).toBe(true); // the partial record was cut back out
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l).d.n)).toEqual(Array.from({ length: acked }, (_, i) => i + 1));
    const crashed = await reopenAfterCrash(file);
    expect(crashed.report.tornLines).toBe(0);
    expect(orders(crashed).get('a')).toMatchObject({ n: acked });
    await crashed.close();
  });

  it('ENOSPC: the failed batch and everything queued behind it are undone; later reads and the saved file never show them', async () => {
    const file = await tempFile();
    const hold = latch();
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file, seeds, files });
    orders(store).put('a', { id: 'a', n: 1 });
    await store.flush();
    let failures = 1;
    files.faults.datasync = async (name) => {
      if (!name.includes('.changes-') || failures-- <= 0) return;
      await hold.wait();
      throw fsError('ENOSPC', 'no space left on device, write');
    };
    orders(store).put('a', { id: 'a', n: 2 });
    const first = store.flush();
    await hold.entered;
    const tx = store.begin(); // queued behind the failing batch, built on what it wrote
    const mine = tx.data('tenant', 'demo').collection('orders');
    mine.put('a', { id: 'a', n: orders(store).get('a')!.n as number + 1 });
    mine.put('b', { id: 'b' });
    const second = tx.commit();
    expect(orders(store, 'tenant').get('a')).toEqual({ id: 'a', n: 3 });
    hold.release();
    await expect(first).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(second).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(orders(store).get('a')).toEqual({ id: 'a', n: 1 });
    expect(orders(store, 'tenant').get('a')).toEqual({ id: 'a', n: 0 });
    expect(orders(store, 'tenant').has('b')).toBe(false);
    expect(store.namespaces()).toEqual(['default']);
    files.faults.datasync = undefined;
    orders(store).put('c', { id: 'c' }); // the store keeps working once the disk has room again
    await store.flush();
    await store.close();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.namespaces.default.demo.orders).toEqual({ a: { id: 'a', n: 1 }, c: { id: 'c' } });
    expect(onDisk.namespaces.tenant).toBeUndefined();
  });

  it('a compaction never saves a change whose write then fails', async () => {
    const file = await tempFile();
    const hold = latch();
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file, seeds, files });
    const before = await readFile(file, 'utf8');
    let failures = 1;
    files.faults.datasync = async (name) => {
      if (!name.includes('.changes-') || failures-- <= 0) return;
      await hold.wait();
      throw fsError('EIO', 'i/o error, fdatasync');
    };
    orders(store).put('doomed', { id: 'doomed' });
    const flushed = store.flush();
    await hold.entered;
    const compacted = store.compact(); // its snapshot holds `doomed`, not yet durable
    hold.release();
    await expect(flushed).rejects.toMatchObject({ code: 'EIO' });
    await expect(compacted).rejects.toMatchObject({ code: 'EIO' });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(orders(store).has('doomed')).toBe(false);
    files.faults.datasync = undefined;
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).namespaces.default.demo.orders).toEqual({ a: { id: 'a', n: 0 } });
  });

  it('a log that cannot be cut back takes no more writes until a compaction replaces it', async () => {
    const file = await tempFile();
    const files = faultyFiles(nodeFiles);
    const store = await LowdbStore.open({ file, seeds, files });
    files.faults.write = logByteLimit(10, 'ENOSPC');
    files.faults.truncate = () => {
      throw fsError('EIO', 'i/o error, ftruncate');
    };
    orders(store).put('x', { id: 'x' });
    await expect(store.flush()).rejects.toMatchObject({ code: 'ENOSPC' });
    files.faults.write = undefined;
    files.faults.truncate = undefined;
    orders(store).put('y', { id: 'y' });
    await expect(store.flush()).rejects.toThrow(/could not be cut back/);
    await store.compact();
    orders(store).put('z', { id: 'z' });
    await store.flush();
    const crashed = await reopenAfterCrash(file);
    expect(orders(crashed).list().map((d) => d.id)).toEqual(['a', 'z']);
    await crashed.close();
  });
});

describe('replay after a crash', () => {
  it('writes a request’s changes as one log line, and a torn one is dropped whole', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    for (const n of [1, 2]) {
      const tx = store.begin();
      tx.data('default', 'demo').collection('orders').put('a', { id: 'a', n });
      tx.data('default', 'demo').collection('users').put(`v${n}`, { id: `v${n}` });
      await tx.commit();
    }
    const [log] = await logFiles(file);
    const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ o: 'tx', e: [expect.objectContaining({ o: 'put', c: 'orders' }), expect.objectContaining({ o: 'put', c: 'users' })] }),
      expect.objectContaining({ o: 'tx' }),
    ]);
    // A crash mid-write of the second request: the first part of its line is on disk, the rest is not.
    const tornAt = lines[1].indexOf('"c":"users"');
    await writeFile(log, `${lines[0]}\n${lines[1].slice(0, tornAt)}`);
    const crashed = await reopenAfterCrash(file);
    expect(crashed.report).toMatchObject({ replayed: 1, tornLines: 1 });
    expect(orders(crashed).get('a')).toEqual({ id: 'a', n: 1 });
    expect(crashed.data('default', 'demo').collection('users').list().map((u) => u.id)).toEqual(['u', 'v1']);
    await crashed.close();
    expect(await logFiles(file)).toEqual([]); // the torn tail is gone: the next append cannot land after it
  });

  it('skips blank lines, counts a torn or unreadable last line once, and folds the replay into the data file at start', async () => {
    for (const tail of ['{"s":99,"o":"put","n":"def', '{"s":\n', 'null\n', '[1]\n']) {
      const file = await tempFile();
      const store = await LowdbStore.open({ file, seeds });
      orders(store).put('b', { id: 'b', n: 1 });
      await store.flush();
      orders(store).put('b', { id: 'b', n: 2 });
      await store.flush();
      const [log] = await logFiles(file);
      const [first, second] = (await readFile(log, 'utf8')).split('\n');
      await writeFile(log, `${first}\n\n   \n${second}\n${tail}`);
      const crashed = await reopenAfterCrash(file);
      expect(crashed.report, tail).toMatchObject({ replayed: 2, tornLines: 1 });
      expect(orders(crashed).get('b')).toEqual({ id: 'b', n: 2 });
      // Folded at start, before any new write: no log (and no torn tail) is left to append after.
      expect(await logFiles(file)).toEqual([]);
      expect(JSON.parse(await readFile(file, 'utf8')).namespaces.default.demo.orders.b).toEqual({ id: 'b', n: 2 });
      await crashed.close();
    }
  });

  it.each(['null', '[1]', '42', '{"o":"put"}'])('stops the start on %s in the middle of a log (a record without its sequence number)', async (line) => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    orders(store).put('b', { id: 'b', n: 1 });
    await store.flush();
    const [log] = await logFiles(file);
    const text = await readFile(log, 'utf8');
    await writeFile(log, `${line}\n${text}`);
    const err = await reopenAfterCrash(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect(err).toMatchObject({ reason: 'corrupt-log' });
    expect(await readFile(log, 'utf8')).toBe(`${line}\n${text}`);
  });

  it('replays deletes and resets, not only puts', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    orders(store).put('b', { id: 'b' });
    orders(store).put('c', { id: 'c' });
    orders(store, 'wiped').put('a', { id: 'a', n: 9 });
    orders(store, 'kept').put('a', { id: 'a', n: 8 });
    await store.flush();
    orders(store).delete('b');
    store.reset('wiped');
    await store.flush();
    const crashed = await reopenAfterCrash(file); // never closed: the log is all there is
    expect(crashed.report.replayed).toBe(6);
    expect(orders(crashed).list().map((d) => d.id)).toEqual(['a', 'c']);
    expect(orders(crashed, 'wiped').get('a')).toEqual({ id: 'a', n: 0 });
    expect(orders(crashed, 'kept').get('a')).toEqual({ id: 'a', n: 8 });
    expect(crashed.namespaces().sort()).toEqual(['default', 'kept']);
    await crashed.close();
  });

  it('stops the start on a corrupt line that is not the last, leaving the log and the data file untouched', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    for (const n of [1, 2, 3]) {
      orders(store).put('a', { id: 'a', n });
      await store.flush();
    }
    const [log] = await logFiles(file);
    const damaged = (await readFile(log, 'utf8')).replace('"n":2}', '"n":2');
    await writeFile(log, damaged);
    const dataFile = await readFile(file, 'utf8');
    const err = await reopenAfterCrash(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect(err).toMatchObject({ reason: 'corrupt-log', file: log, message: expect.stringContaining(`Change log ${log} is corrupt at line 2`) });
    expect(await readFile(log, 'utf8')).toBe(damaged);
    expect(await readFile(file, 'utf8')).toBe(dataFile);
  });
});
