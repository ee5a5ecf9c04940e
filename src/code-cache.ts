import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { cacheDir, hashOf, readCacheBytes, writeCacheFile } from './core/cache-files.js';

/** A CommonJS file loaded by requireWithCodeCache. */
export interface CodeCachedModule {
  exports: Record<string, unknown>;
  /** Whether V8 took the file's compiled code from the cache (nothing parsed again). */
  cacheUsed: boolean;
  /** Stores the compiled code if the cache did not have it (or V8 rejected it). */
  saveCodeCache(): void;
}

/**
 * Loads a CommonJS file (the bundled CLI, `dist/cli.bundle.cjs`) with V8's compiled code for it
 * kept in ordermock's cache directory. Node 20 has no compile cache of its own
 * (`module.enableCompileCache` is 22.1+), and parsing the 3.6 MB bundle was a sixth of a warm
 * start. The cache file is named by the file's identity (size, mtime, inode) and Node's version:
 * V8 itself checks only the source's length, so a rebuilt bundle must never meet old code.
 * V8 rejects data made under other flags or by another V8, but does not checksum it: the file
 * carries its own digest, and anything damaged is compiled as usual.
 */
export function requireWithCodeCache(file: string): CodeCachedModule {
  const source = readFileSync(file, 'utf8');
  const dir = cacheDir();
  const st = statSync(file);
  const cacheFile = dir && join(dir, `code-${hashOf([file, st.size, st.mtimeMs, st.ino, process.version, process.arch].join('\n'))}.v8`);
  const cachedData = (cacheFile && intact(readCacheBytes(dir, cacheFile))) || undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheUsed,
    saveCodeCache: () => {
      if (cacheFile && !cacheUsed) writeCacheFile(dir, cacheFile, () => sealed(script.createCachedData()));
    },
  };
}

const DIGEST_BYTES = 20;
const digest = (data: Uint8Array) => createHash('sha1').update(data).digest();

/** V8's data behind its digest (a check against damage: the directory is ours alone). */
function sealed(data: Buffer): Buffer {
  return Buffer.concat([digest(data), data]);
}

function intact(file: Buffer | null): Buffer | null {
  if (!file || file.length <= DIGEST_BYTES) return null;
  const data = file.subarray(DIGEST_BYTES);
  return digest(data).equals(file.subarray(0, DIGEST_BYTES)) ? data : null;
}
