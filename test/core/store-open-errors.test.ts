import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataFile } from '../../src/core/store/data-file-lock.js';
import { loadSeeds } from '../../src/core/store/load-seeds.js';
import { corruptLog, fileSystemFailure, notADataFile, notJson, StoreOpenError } from '../../src/core/store/store-open-error.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'ordermock-open-'));

const errno = (code: string | undefined, message: string, path?: string): NodeJS.ErrnoException =>
  Object.assign(new Error(message), { code, path });

describe('loadSeeds', () => {
  it("returns each API's collections keyed by the API name", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'orders.json'), JSON.stringify({ collections: { orders: { a: { id: 'a' } } } }));
    await writeFile(join(dir, 'users.json'), JSON.stringify({ collections: { users: {} }, other: true }));
    expect(await loadSeeds(dir, ['orders', 'users'])).toEqual({ orders: { orders: { a: { id: 'a' } } }, users: { users: {} } });
  });

  it('rejects a missing seed file, naming the file and why it cannot be read', async () => {
    const dir = await tempDir();
    const file = join(dir, 'orders.json');
    await expect(loadSeeds(dir, ['orders'])).rejects.toThrow(`Cannot read seed data ${file}: ENOENT: no such file or directory`);
  });

  it("rejects a file that is not JSON with the parser's reason", async () => {
    const dir = await tempDir();
    const file = join(dir, 'orders.json');
    await writeFile(file, '{"collections": {');
    const reason = (() => {
      try {
        JSON.parse('{"collections": {');
      } catch (err) {
        return (err as Error).message;
      }
    })();
    await expect(loadSeeds(dir, ['orders'])).rejects.toThrow(`Cannot read seed data ${file}: ${reason}`);
  });

  it.each(['{}', 'null', '{"collections": 3}', '"collections"'])('rejects %s: it has no "collections" object', async (text) => {
    const dir = await tempDir();
    const file = join(dir, 'orders.json');
    await writeFile(file, text);
    await expect(loadSeeds(dir, ['orders'])).rejects.toThrow(new Error(`Seed data ${file} has no "collections" object`));
  });
});

describe('StoreOpenError messages', () => {
  const file = '/data/db.json';
  const advice = 'Make sure its directory exists and is writable, or point --data at another file (or :memory:).';

  it.each([
    { reason: 'not-json', error: notJson(file, 'Unexpected end of JSON input') },
    { reason: 'not-a-data-file', error: notADataFile(file, []) },
    { reason: 'corrupt-log', error: corruptLog('/data/db.json.changes-1', 3) },
    { reason: 'file-system', error: fileSystemFailure(file, errno('EACCES', 'EACCES: permission denied', file)) },
  ])('$reason is a StoreOpenError with code ORDERMOCK_ERR_STORE_OPEN', ({ reason, error }) => {
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'StoreOpenError', code: 'ORDERMOCK_ERR_STORE_OPEN', reason });
    expect(String(error)).toMatch(/^StoreOpenError: /);
  });

  it('notJson names the file and the parser detail, and says the file was left untouched', () => {
    expect(notJson(file, 'Unexpected token } at position 9').message).toBe(
      'Data file /data/db.json is not valid JSON (Unexpected token } at position 9). ordermock left it untouched: fix it, or move it away to start from the seed data.',
    );
  });

  it('corruptLog names the log and the line', () => {
    const error = corruptLog('/data/db.json.changes-1', 3);
    expect(error.file).toBe('/data/db.json.changes-1');
    expect(error.message).toMatch(/^Change log \/data\/db\.json\.changes-1 is corrupt at line 3 /);
  });

  it.each([
    { value: [], found: 'an array' },
    { value: null, found: 'null' },
    { value: { seq: 1 }, found: 'an object without "ordermock": 1' },
    { value: 42, found: 'a number' },
    { value: 'text', found: 'a string' },
  ])('notADataFile says the file holds $found', ({ value, found }) => {
    const error = notADataFile(file, value);
    expect(error.file).toBe(file);
    expect(error.message).toBe(
      `Data file ${file} is not an ordermock data file (it holds ${found}; expected {"ordermock": 1, "seq", "namespaces"}). ordermock left it untouched: fix it, or move it away to start from the seed data.`,
    );
  });

  it('fileSystemFailure names the errno in words and in brackets', () => {
    const error = fileSystemFailure(file, errno('EACCES', "EACCES: permission denied, open '/data/db.json'", file));
    expect(error.message).toBe(`Cannot open data file ${file}: permission denied [EACCES]. ${advice}`);
  });

  it('fileSystemFailure names the path that failed when it is not the data file itself', () => {
    const error = fileSystemFailure(file, errno('ENOTDIR', "ENOTDIR: not a directory, mkdir '/data'", '/data'));
    expect(error.message).toBe(`Cannot open data file ${file}: a part of the path is not a directory [ENOTDIR] (at /data). ${advice}`);
  });

  it('fileSystemFailure without a path says nothing about where', () => {
    expect(fileSystemFailure(file, errno('ENOSPC', 'ENOSPC: no space left on device')).message).toBe(
      `Cannot open data file ${file}: no space left on the device [ENOSPC]. ${advice}`,
    );
  });

  it('fileSystemFailure falls back to the code for an errno it has no words for', () => {
    expect(fileSystemFailure(file, errno('EWEIRD', 'EWEIRD: something odd', file)).message).toBe(`Cannot open data file ${file}: error EWEIRD [EWEIRD]. ${advice}`);
  });

  it('fileSystemFailure without a code gives the first line of the message and no brackets', () => {
    expect(fileSystemFailure(file, errno(undefined, 'the disk went away\n    at somewhere (x.js:1:1)')).message).toBe(
      `Cannot open data file ${file}: the disk went away. ${advice}`,
    );
  });
});

describe('lockDataFile', () => {
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;

  it('writes our pid to <file>.lock; the release removes it, and a second release does not throw', async () => {
    const file = join(await tempDir(), 'db.json');
    const release = await lockDataFile(file);
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
    await expect(stat(`${file}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(release()).resolves.toBeUndefined();
  });

  it.each([
    { left: 'a dead process', holds: () => String(deadPid()) },
    { left: 'nothing (an empty file)', holds: () => '' },
    { left: 'no number', holds: () => 'not a pid' },
    // A store of this same process that never released (it crashed): the lock is ours.
    { left: 'our own pid', holds: () => String(process.pid) },
  ])('takes over a lock that holds $left', async ({ holds }) => {
    const file = join(await tempDir(), 'db.json');
    await writeFile(`${file}.lock`, holds());
    const release = await lockDataFile(file);
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    await release();
  });

  it('refuses a lock held by another live process, naming the file and its pid, and leaves the lock to it', async () => {
    const file = join(await tempDir(), 'db.json');
    await writeFile(`${file}.lock`, `${process.ppid}\n`);
    const err = await lockDataFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect(err).toMatchObject({ reason: 'in-use', file });
    expect((err as Error).message).toContain(`Data file ${file} is in use by another ordermock (pid ${process.ppid})`);
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('rejects with the ENOENT error when the directory does not exist', async () => {
    const file = join(await tempDir(), 'missing', 'db.json');
    await expect(lockDataFile(file)).rejects.toMatchObject({ code: 'ENOENT', path: `${file}.lock` });
  });

  // The store turns an errno error into a one-line file-system message; anything else would escape raw.
  it('rejects with the EISDIR error when a directory is in the way of the lock file', async () => {
    const file = join(await tempDir(), 'db.json');
    await mkdir(`${file}.lock`);
    await expect(lockDataFile(file)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
