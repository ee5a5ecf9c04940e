import { appendFile, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';
import { faultyFiles } from '../support/faulty-files.js';
import { StoreOpenError } from '../../src/core/store/store-open-error.js';
import { describeStoreBehaviour } from './store-behaviour.js';

const seeds = { demo: { orders: { a: { id: 'a', n: 0 } }, users: { u: { id: 'u' } } } };

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ordermock-store-')), 'db.json');
}

async function logLines(file: string): Promise<string[]> {
  const dir = join(file, '..');
  const logs = (await readdir(dir)).filter((n) => n.includes('.changes-')).sort();
  const text = (await Promise.all(logs.map((n) => readFile(join(dir, n), 'utf8')))).join('');
  return text.split('\n').filter(Boolean);
}

describeStoreBehaviour({
  name: 'file store',
  place: tempFile,
  open: (file, options) => LowdbStore.open({ file, ...options }),
  persistent: true,
});

describe('LowdbStore', () => {
  it('creates the data file from the seeds on first open', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    expect(store.report.created).toBe(true);
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.namespaces.default.demo.orders.a).toEqual({ id: 'a', n: 0 });
    await store.close();
  });

  it('has every change in the fsync’d log once flush() resolves, before any compaction', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    store.data('default', 'demo').collection('orders').put('b', { id: 'b', n: 1 });
    await store.flush();
    const lines = await logLines(file);
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ o: 'put', i: 'b', d: { id: 'b', n: 1 } }));
    await store.close();
  });

  it('groups concurrent changes into one flush and acknowledges each', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    const orders = store.data('default', 'demo').collection('orders');
    const acks = Array.from({ length: 50 }, (_, i) => {
      orders.put(`c${i}`, { id: `c${i}` });
      return store.flush();
    });
    await Promise.all(acks);
    expect(await logLines(file)).toHaveLength(50);
    await store.close();
  });

  it('keeps data across close and reopen (compaction folds the log into the data file)', async () => {
    const file = await tempFile();
    const first = await LowdbStore.open({ file, seeds });
    first.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 42 });
    first.data('tenant-1', 'demo').collection('orders').put('x', { id: 'x' });
    await first.close();
    expect(await logLines(file)).toEqual([]);
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.namespaces.default.demo.orders.a.n).toBe(42);
    const second = await LowdbStore.open({ file, seeds });
    expect(second.data('default', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 42 });
    expect(second.data('tenant-1', 'demo').collection('orders').get('x')).toEqual({ id: 'x' });
    await second.close();
  });

  it('replays the log after a crash and ignores a torn last line', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    store.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 7 });
    await store.flush(); // durable, but never compacted: simulates a crash
    const logs = (await readdir(join(file, '..'))).filter((n) => n.includes('.changes-'));
    await appendFile(join(file, '..', logs[0]), '{"s":99,"o":"put","n":"default","a":"demo","c":"orders","i":"a","d":{"id');
    const reopened = await LowdbStore.open({ file, seeds });
    expect(reopened.report).toMatchObject({ replayed: 1, tornLines: 1 });
    expect(reopened.data('default', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 7 });
    await reopened.close();
  });

  it('does not replay a log the data file already holds (a crash after the snapshot was saved, before the old log was removed)', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    store.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 1 });
    store.data('default', 'demo').collection('orders').put('gone', { id: 'gone' });
    await store.flush();
    const [log] = (await readdir(join(file, '..'))).filter((n) => n.includes('.changes-'));
    const stale = await readFile(join(file, '..', log), 'utf8');
    store.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 2 });
    store.data('default', 'demo').collection('orders').delete('gone');
    await store.close(); // the data file now holds every record, the logs are gone
    await writeFile(join(file, '..', log), stale); // ... as if the crash had come before their removal
    const reopened = await LowdbStore.open({ file, seeds });
    expect(reopened.report).toMatchObject({ created: false, replayed: 0 });
    expect(reopened.data('default', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 2 });
    expect(reopened.data('default', 'demo').collection('orders').has('gone')).toBe(false);
    await reopened.close();
  });

  it('treats __proto__ as an ordinary id', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    store.data('default', 'demo').collection('orders').put('__proto__', { id: '__proto__' });
    await store.close();
    const reopened = await LowdbStore.open({ file, seeds });
    expect(reopened.data('default', 'demo').collection('orders').get('__proto__')).toEqual({ id: '__proto__' });
    expect(({} as Record<string, unknown>).id).toBeUndefined();
    await reopened.close();
  });

  it.each(['{"ordermock": 2, "seq": 3, "namespaces": {}}', '{"ordermock": 1, "seq": "3", "namespaces": {}}', '{"ordermock": 1, "seq": 3}', '{"ordermock": 1, "namespaces": {}}'])(
    'refuses %s (almost a data file) and leaves it untouched',
    async (text) => {
      const file = await tempFile();
      await writeFile(file, text);
      await expect(LowdbStore.open({ file, seeds })).rejects.toMatchObject({ reason: 'not-a-data-file', file });
      expect(await readFile(file, 'utf8')).toBe(text);
    },
  );

  it('refuses to start on a data file that is not valid JSON and leaves it untouched', async () => {
    const file = await tempFile();
    await writeFile(file, '{"ordermock": 1, "seq": 3, "namesp');
    await expect(LowdbStore.open({ file, seeds })).rejects.toThrow(/not valid JSON.*left it untouched/);
    expect(await readFile(file, 'utf8')).toBe('{"ordermock": 1, "seq": 3, "namesp');
  });

  it.each([
    ['[]', 'an array'],
    ['[1,2,3]', 'an array'],
    ['{"orders": {}}', 'an object without "ordermock": 1'],
    ['"x"', 'a string'],
    ['null', 'null'],
    ['0', 'a number'],
    ['false', 'a boolean'],
  ])('refuses %s (JSON, but not an ordermock data file) in one line naming the file, with a typed error', async (text, found) => {
    const file = await tempFile();
    await writeFile(file, text);
    const err = await LowdbStore.open({ file, seeds }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect(err).toMatchObject({ code: 'ORDERMOCK_ERR_STORE_OPEN', reason: 'not-a-data-file', file });
    const message = (err as Error).message;
    expect(message).toBe(
      `Data file ${file} is not an ordermock data file (it holds ${found}; expected {"ordermock": 1, "seq", "namespaces"}). ordermock left it untouched: fix it, or move it away to start from the seed data.`,
    );
    expect(message).not.toMatch(/not valid JSON|\n/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('turns file-system failures into one line naming the file and what to do (no raw errno text)', async () => {
    const dir = join(await tempFile(), '..');
    const isDir = join(dir, 'a-directory');
    await mkdir(isDir);
    const underFile = join(dir, 'plain-file', 'db.json');
    await writeFile(join(dir, 'plain-file'), 'not a directory');
    for (const [file, words, code] of [
      [isDir, 'it is a directory', 'EISDIR'],
      [underFile, 'a part of the path is not a directory', 'EEXIST'],
    ]) {
      const err = await LowdbStore.open({ file, seeds }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreOpenError);
      expect(err).toMatchObject({ code: 'ORDERMOCK_ERR_STORE_OPEN', reason: 'file-system', file });
      const message = (err as Error).message;
      expect(message).toContain(`Cannot open data file ${file}: ${words} [${code}]`);
      expect(message).toContain('point --data at another file');
      expect(message).not.toMatch(/\n|, open '|, mkdir '|, scandir '/);
    }
    expect(await readdir(isDir)).toEqual([]);
  });
  it('compacts in the background once the log passes its size limit, keeping every change', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds, compactAfterBytes: 2000 });
    const orders = store.data('default', 'demo').collection('orders');
    for (let i = 0; i < 200; i++) {
      orders.put(`k${i}`, { id: `k${i}`, payload: 'x'.repeat(50) });
      await store.flush();
    }
    await store.compact();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(onDisk.namespaces.default.demo.orders)).toHaveLength(201);
    await store.close();
    const reopened = await LowdbStore.open({ file, seeds });
    expect(reopened.data('default', 'demo').collection('orders').size).toBe(201);
    await reopened.close();
  });

  it('compacts on its own once the log outgrows both the limit and the data file, so rewrites stay a constant cost per change', async () => {
    const disk = memoryFiles();
    const files = faultyFiles(disk);
    const store = await LowdbStore.open({ file: '/disk/db.json', seeds, files, compactAfterBytes: 2000 });
    const compactions = () => files.events.filter((e) => e === 'rename db.json.tmp db.json').length;
    const atOpen = compactions();
    const orders = store.data('default', 'demo').collection('orders');
    for (let i = 0; i < 400; i++) {
      orders.put(`k${i}`, { id: `k${i}`, payload: 'x'.repeat(50) });
      await store.flush();
    }
    await new Promise((settle) => setTimeout(settle, 50)); // let a compaction the last flush started finish
    // Without compact() being called: the data file already holds most of the writes.
    const onDisk = JSON.parse(await disk.readFile('/disk/db.json'));
    expect(Object.keys(onDisk.namespaces.default.demo.orders).length).toBeGreaterThan(200);
    // The data file grows to ~36 KB: compacting only once the log is bigger than it keeps the count
    // near log2(36 KB / 2 KB), not one every 2 KB of log.
    const count = compactions() - atOpen;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(8);
    await store.close();
  });

  it('compact() called while a compaction runs resolves only once a data file holding every earlier change is written', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    const orders = store.data('default', 'demo').collection('orders');
    orders.put('before-first', { id: 'before-first' });
    const first = store.compact();
    orders.put('before-second', { id: 'before-second' });
    const second = store.compact();
    await second;
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(onDisk.namespaces.default.demo.orders).sort()).toEqual(['a', 'before-first', 'before-second']);
    await first;
    await store.close();
  });
});

describe('data file layout', () => {
  it('is valid JSON with one document per line', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    store.data('other', 'demo').collection('orders').put('z', { id: 'z', nested: { a: [1, 2] } });
    await store.close();
    const text = await readFile(file, 'utf8');
    const parsed = JSON.parse(text);
    expect(parsed.namespaces.other.demo.orders.z).toEqual({ id: 'z', nested: { a: [1, 2] } });
    expect(text).toContain('\n          "z": {"id":"z","nested":{"a":[1,2]}}');
  });

  it('holds, for a namespace other than default, only the APIs it changed', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds: { ...seeds, other: { orders: {} } } });
    store.data('tenant', 'demo').collection('orders').put('t', { id: 't' });
    await store.close();
    const { namespaces } = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(namespaces.default).sort()).toEqual(['demo', 'other']);
    expect(Object.keys(namespaces.tenant)).toEqual(['demo']);
  });

  it('keeps the change logs of two data files in one directory apart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-store-'));
    const [one, two] = await Promise.all(['one.json', 'two.json'].map((name) => LowdbStore.open({ file: join(dir, name), seeds })));
    one.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 1 });
    two.data('default', 'demo').collection('orders').put('b', { id: 'b', n: 2 });
    await Promise.all([one.flush(), two.flush()]);
    // `one` is never closed (a crash; its lock names this very process, so it is taken over): it must replay its own log only.
    const again = await LowdbStore.open({ file: join(dir, 'one.json'), seeds });
    expect(again.report.replayed).toBe(1);
    expect(again.data('default', 'demo').collection('orders').list()).toEqual([{ id: 'a', n: 1 }]);
    await again.close();
    await two.close();
  });
});

describe('one writer per data file', () => {
  it('refuses a data file that another live process holds, and takes over a dead owner’s lock', async () => {
    const file = await tempFile();
    const { writeFile: write } = await import('node:fs/promises');
    await write(`${file}.lock`, '1'); // pid 1 is always alive
    await expect(LowdbStore.open({ file, seeds })).rejects.toThrow(/in use by another ordermock \(pid 1\)/);
    await write(`${file}.lock`, '999999999'); // no such process
    const store = await LowdbStore.open({ file, seeds });
    await store.close();
    expect((await readdir(join(file, '..'))).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });
});

describe('reading the data file', () => {
  it('reads a hand-edited, pretty-printed data file too', async () => {
    const file = await tempFile();
    await writeFile(file, JSON.stringify({ ordermock: 1, seq: 4, namespaces: { default: { demo: { orders: { a: { id: 'a', n: 9 } } } } } }, null, 4));
    const store = await LowdbStore.open({ file, seeds });
    expect(store.data('default', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 9 });
    await store.close();
  });

  it('stops the start when one document line of its own layout is damaged, leaving the file untouched', async () => {
    const file = await tempFile();
    const first = await LowdbStore.open({ file, seeds });
    await first.close();
    const damaged = (await readFile(file, 'utf8')).replace('{"id":"a","n":0}', '{"id":"a","n":}');
    await writeFile(file, damaged);
    await expect(LowdbStore.open({ file, seeds })).rejects.toThrow(/not valid JSON \(document "a"/);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });
});
