import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { nodeFiles, type FileLayer } from '../../src/core/store/file-layer.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';

async function lines(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of source) out.push(line);
  return out;
}

async function appendFile(files: FileLayer, path: string, ...texts: string[]): Promise<void> {
  const handle = await files.open(path, 'a');
  for (const text of texts) await handle.write(Buffer.from(text));
  await handle.close();
}

const layers: { name: string; disk: () => Promise<{ files: FileLayer; dir: string }> }[] = [
  { name: 'nodeFiles', disk: async () => ({ files: nodeFiles, dir: await mkdtemp(join(tmpdir(), 'ordermock-files-')) }) },
  { name: 'memoryFiles', disk: async () => ({ files: memoryFiles(), dir: '/disk' }) },
];

// The crash tests trust the RAM disk to behave as the real one: both run the same suite.
describe.each(layers)('$name', ({ disk }) => {
  it("open 'wx' creates a missing file and fails with EEXIST on an existing one, leaving it as it was", async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'lock');
    const handle = await files.open(file, 'wx');
    await handle.write(Buffer.from('first'));
    await handle.close();
    await expect(files.open(file, 'wx')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await files.readFile(file)).toBe('first');
  });

  it("open 'a' appends to what the file holds, 'w' empties it first", async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'log');
    await files.writeFile(file, 'one\n');
    await appendFile(files, file, 'two\n', 'three\n');
    expect(await files.readFile(file)).toBe('one\ntwo\nthree\n');
    const handle = await files.open(file, 'w');
    await handle.write(Buffer.from('new'));
    await handle.close();
    expect(await files.readFile(file)).toBe('new');
  });

  it('write reports the bytes written (bytes, not characters)', async () => {
    const { files, dir } = await disk();
    const handle = await files.open(join(dir, 'f'), 'w');
    expect(await handle.write(Buffer.from('é€'))).toMatchObject({ bytesWritten: 5 });
    await handle.close();
  });

  it('a write after close fails with EBADF', async () => {
    const { files, dir } = await disk();
    const handle = await files.open(join(dir, 'f'), 'w');
    await handle.close();
    await expect(handle.write(Buffer.from('late'))).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('an open handle still writes and truncates after its file was unlinked, and the file stays gone', async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'old.log');
    const handle = await files.open(file, 'a');
    await files.unlink(file);
    expect(await handle.write(Buffer.from('abc'))).toMatchObject({ bytesWritten: 3 });
    await handle.truncate(1);
    await handle.close();
    await expect(files.readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('truncate shortens the file, and appends continue at the new end', async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'log');
    const handle = await files.open(file, 'a');
    await handle.write(Buffer.from('hello world'));
    await handle.truncate(5);
    await handle.write(Buffer.from('!'));
    await handle.close();
    expect(await files.readFile(file)).toBe('hello!');
  });

  it('readFile of a missing file rejects with ENOENT, naming the code and the path in the message', async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'missing.json');
    const err = await files.readFile(file).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENOENT', message: expect.stringMatching(/^ENOENT: /) });
    expect((err as Error).message).toContain(file);
  });

  it.each([
    { text: 'a\nb\n', expected: ['a', 'b'] },
    { text: 'a\nb', expected: ['a', 'b'] },
    { text: 'a\n\n\nb\n', expected: ['a', '', '', 'b'] },
    { text: '\n', expected: [''] },
    { text: '', expected: [] },
    { text: 'ä€\n😀', expected: ['ä€', '😀'] },
  ])('readLines of $text yields $expected', async ({ text, expected }) => {
    const { files, dir } = await disk();
    const file = join(dir, 'f');
    await files.writeFile(file, text);
    expect(await lines(files.readLines(file))).toEqual(expected);
  });

  it('readLines of a missing file rejects with ENOENT', async () => {
    const { files, dir } = await disk();
    await expect(lines(files.readLines(join(dir, 'missing')))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("writeFile replaces the content, and with 'wx' fails with EEXIST on an existing file, leaving it as it was", async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'f');
    await files.writeFile(file, 'first', 'wx');
    await files.writeFile(file, 'second');
    expect(await files.readFile(file)).toBe('second');
    await expect(files.writeFile(file, 'third', 'wx')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await files.readFile(file)).toBe('second');
  });

  it('readdir lists the names directly in the directory, not files in a subdirectory or in a sibling with the same prefix', async () => {
    const { files, dir } = await disk();
    const d = join(dir, 'd');
    for (const sub of [d, join(d, 'sub'), join(dir, 'dx')]) await files.mkdir(sub);
    await files.writeFile(join(d, 'a.json'), '1');
    await files.writeFile(join(d, 'b.json'), '2');
    await files.writeFile(join(d, 'sub', 'deep.json'), '3');
    await files.writeFile(join(dir, 'dx', 'other.json'), '4');
    // The real disk also lists the subdirectory itself; the RAM disk has no directories.
    expect((await files.readdir(d)).filter((n) => n !== 'sub').sort()).toEqual(['a.json', 'b.json']);
  });

  it('size counts bytes, also of a file written in several pieces', async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'f');
    await files.writeFile(file, 'é€');
    expect(await files.size(file)).toBe(5);
    await appendFile(files, file, '😀', 'ab');
    expect(await files.size(file)).toBe(11);
    expect(await files.readFile(file)).toBe('é€😀ab');
  });

  it('rename replaces the target and the source is gone', async () => {
    const { files, dir } = await disk();
    const [from, to] = [join(dir, 'db.json.tmp'), join(dir, 'db.json')];
    await files.writeFile(to, 'old');
    await files.writeFile(from, 'new');
    await files.rename(from, to);
    expect(await files.readFile(to)).toBe('new');
    await expect(files.readFile(from)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await files.readdir(dir)).toEqual(['db.json']);
  });

  it('unlink removes a file, and rejects with ENOENT for a missing one', async () => {
    const { files, dir } = await disk();
    const file = join(dir, 'f');
    await files.writeFile(file, 'x');
    await files.unlink(file);
    await expect(files.readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(files.unlink(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('mkdir creates nested directories and accepts existing ones', async () => {
    const { files, dir } = await disk();
    const nested = join(dir, 'a', 'b', 'c');
    await files.mkdir(nested);
    await files.mkdir(nested);
    await files.writeFile(join(nested, 'db.json'), '{}');
    expect(await files.readFile(join(nested, 'db.json'))).toBe('{}');
    await files.syncDir(nested);
  });
});

describe('nodeFiles readLines', () => {
  // The data file reader stops at the first line out of its layout: one descriptor per start must not stay open.
  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when the reader stops early', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-files-'));
    const file = join(dir, 'many-lines');
    await nodeFiles.writeFile(file, 'line\n'.repeat(100_000));
    // Descriptors of this process open on that file (other tests may open files meanwhile).
    const openOnFile = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === file;
        } catch {
          return false; // closed while listing
        }
      }).length;
    for (let i = 0; i < 20; i++) {
      for await (const line of nodeFiles.readLines(file)) if (line) break;
    }
    // Closing a stream's descriptor is asynchronous (the thread pool may be busy): wait for it, boundedly.
    await vi.waitFor(() => expect(openOnFile()).toBe(0), { timeout: 5000, interval: 20 });
  });
});

describe('nodeFiles syncDir', () => {
  it('rejects with ENOENT for a missing directory (no durability is claimed that did not happen)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-files-'));
    await expect(nodeFiles.syncDir(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('memoryFiles powerLoss()', () => {
  it('keeps what the last datasync or sync covered and drops later writes', async () => {
    const files = memoryFiles();
    const log = await files.open('/d/log', 'a');
    await log.write(Buffer.from('one\n'));
    await log.datasync();
    await log.write(Buffer.from('two\n'));
    const tmp = await files.open('/d/tmp', 'w');
    await tmp.write(Buffer.from('all'));
    await tmp.sync();
    await tmp.write(Buffer.from(' lost'));
    await files.open('/d/never-synced', 'w').then((h) => h.write(Buffer.from('gone')));
    files.powerLoss();
    expect(await files.readFile('/d/log')).toBe('one\n');
    expect(await files.readFile('/d/tmp')).toBe('all');
    expect(await files.readFile('/d/never-synced')).toBe('');
  });

  it('a truncate below the synced length lowers it; one above leaves it', async () => {
    const files = memoryFiles();
    const below = await files.open('/d/below', 'a');
    await below.write(Buffer.from('hello world'));
    await below.datasync();
    await below.truncate(5);
    await below.write(Buffer.from('!!'));
    const above = await files.open('/d/above', 'a');
    await above.write(Buffer.from('abc'));
    await above.datasync();
    await above.write(Buffer.from('defgh'));
    await above.truncate(6);
    files.powerLoss();
    expect(await files.readFile('/d/below')).toBe('hello');
    expect(await files.readFile('/d/above')).toBe('abc');
  });

  it('writeFile counts as synced, every byte of it', async () => {
    const files = memoryFiles();
    await files.writeFile('/d/db.json', '{"ordermock": 1, "name": "Müller €"}');
    files.powerLoss();
    expect(await files.readFile('/d/db.json')).toBe('{"ordermock": 1, "name": "Müller €"}');
  });

  it('a rename carries the synced length to the new name', async () => {
    const files = memoryFiles();
    const tmp = await files.open('/d/db.json.tmp', 'w');
    await tmp.write(Buffer.from('durable'));
    await tmp.sync();
    await tmp.write(Buffer.from(' volatile'));
    await tmp.close();
    await files.rename('/d/db.json.tmp', '/d/db.json');
    files.powerLoss();
    expect(await files.readFile('/d/db.json')).toBe('durable');
    await expect(files.readFile('/d/db.json.tmp')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('memoryFiles({ keep: false })', () => {
  it('accepts every write and keeps nothing', async () => {
    const files = memoryFiles({ keep: false });
    const handle = await files.open('/m/log', 'wx');
    expect(await handle.write(Buffer.from('é'))).toMatchObject({ bytesWritten: 2 });
    await handle.datasync();
    await handle.truncate(0);
    await handle.close();
    await files.writeFile('/m/db.json', '{}', 'wx');
    await expect(files.readFile('/m/log')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(files.readFile('/m/db.json')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await files.readdir('/m')).toEqual([]);
    expect(files.persistent).toBe(false);
  });

  it('rename and unlink resolve whatever the path (the store compacts and removes logs as on a disk)', async () => {
    const files = memoryFiles({ keep: false });
    await files.writeFile('/m/db.json.tmp', '{}');
    await files.rename('/m/db.json.tmp', '/m/db.json');
    await files.rename('/m/never-written', '/m/other');
    await files.unlink('/m/db.json');
    await files.unlink('/m/never-written');
  });
});
