import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requireWithCodeCache } from '../src/code-cache.js';
import { packageRoot } from '../src/paths.js';

// The bundled CLI is loaded with V8's compiled code kept in the cache directory (Node 20 has no
// compile cache): a later start must run exactly the file as it is now, whatever the cache holds.
const run = promisify(execFile);
let dir: string;
let cache: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ordermock-code-cache-'));
  cache = join(dir, 'cache');
  vi.stubEnv('ORDERMOCK_CACHE_DIR', cache);
});
afterEach(() => vi.unstubAllEnvs());

const codeFiles = async () => (await readdir(cache).catch(() => [] as string[])).filter((f) => /^code-\w+\.v8$/.test(f));

/** A CommonJS file whose exports show it ran as itself: its answer, its own path, a require that works. */
async function writeModule(answer: string): Promise<string> {
  const file = join(dir, 'mod.cjs');
  await writeFile(file, `const { basename } = require('node:path');\nexports.answer = ${JSON.stringify(answer)};\nexports.name = basename(__filename);\n`);
  return file;
}

describe('requireWithCodeCache', () => {
  it('runs the file, stores its compiled code, and takes it from the cache next time', async () => {
    const file = await writeModule('one');
    const first = requireWithCodeCache(file);
    expect(first.exports).toEqual({ answer: 'one', name: 'mod.cjs' });
    expect(first.cacheUsed).toBe(false);
    first.saveCodeCache();
    expect(await codeFiles()).toHaveLength(1);

    const second = requireWithCodeCache(file);
    expect(second.exports).toEqual({ answer: 'one', name: 'mod.cjs' });
    expect(second.cacheUsed).toBe(true);
  });

  it('never runs old code for a rebuilt file, even one of the same length', async () => {
    const file = await writeModule('one');
    requireWithCodeCache(file).saveCodeCache();
    await new Promise((r) => setTimeout(r, 20)); // a new mtime
    await writeModule('two'); // same length: V8's own check (the source's length) would pass
    const rebuilt = requireWithCodeCache(file);
    expect(rebuilt.exports.answer).toBe('two');
    expect(rebuilt.cacheUsed).toBe(false);
  });

  it('compiles a file whose cached code is damaged, and replaces the damaged cache', async () => {
    const file = await writeModule('one');
    requireWithCodeCache(file).saveCodeCache();
    const [name] = await codeFiles();
    const bytes = await readFile(join(cache, name));
    bytes.fill(7, 16, 200);
    await writeFile(join(cache, name), bytes);

    const damaged = requireWithCodeCache(file);
    expect(damaged.exports.answer).toBe('one');
    expect(damaged.cacheUsed).toBe(false);
    damaged.saveCodeCache();
    expect(requireWithCodeCache(file).cacheUsed).toBe(true);
  });

  it('reads no code from a cache directory others may write', async () => {
    const file = await writeModule('one');
    requireWithCodeCache(file).saveCodeCache();
    await chmod(cache, 0o777);
    expect(requireWithCodeCache(file).cacheUsed).toBe(false);
  });

  it('keeps nothing with ORDERMOCK_CACHE_DIR=off', async () => {
    vi.stubEnv('ORDERMOCK_CACHE_DIR', 'off');
    const file = await writeModule('one');
    const loaded = requireWithCodeCache(file);
    loaded.saveCodeCache();
    expect(loaded.exports.answer).toBe('one');
    expect(await readdir(dir)).toEqual(['mod.cjs']);
  });
});

describe('bin/ordermock.js', { timeout: 120_000 }, () => {
  it('leaves the bundle\'s code in the cache at its first run and runs from it, or from a damaged one, later', async () => {
    await run(process.execPath, [join(packageRoot, 'scripts', 'build-if-stale.mjs')], { cwd: packageRoot });
    const bin = join(packageRoot, 'bin', 'ordermock.js');
    const env = { ...process.env, ORDERMOCK_CACHE_DIR: cache };
    const version = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')).version;
    expect((await run(process.execPath, [bin, '--version'], { env })).stdout.trim()).toBe(version);
    const [name] = await codeFiles();
    expect(name).toBeDefined();
    expect((await run(process.execPath, [bin, '--version'], { env })).stdout.trim()).toBe(version);
    await writeFile(join(cache, name), 'not V8 code');
    expect((await run(process.execPath, [bin, '--version'], { env })).stdout.trim()).toBe(version);
  });
});
