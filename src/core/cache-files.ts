import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The cache directory shared by what a start can skip on the next one: dereferenced contracts,
 * compiled validators (contract/) and the CLI's compiled code (code-cache.ts). Everything in it is
 * evaluated or trusted as our own output, so it is read only from a directory of our own.
 */

/**
 * Where the cache lives: $ORDERMOCK_CACHE_DIR ('off' disables it); else, when ordermock is
 * installed as a dependency, `node_modules/.cache/ordermock` (kept wherever CI caches
 * node_modules); else a per-user directory in the OS temp dir. Never the project root.
 */
export function cacheDir(): string | null {
  const configured = process.env.ORDERMOCK_CACHE_DIR;
  if (configured === 'off') return null;
  if (configured) return configured;
  const here = fileURLToPath(import.meta.url);
  const installed = here.lastIndexOf(`${sep}node_modules${sep}`);
  // Installed at the file system's root (`/node_modules`, a container's WORKDIR /): still absolute.
  if (installed >= 0) return join(here.slice(0, installed) || sep, 'node_modules', '.cache', 'ordermock');
  return join(os.tmpdir(), `ordermock-cache-${process.getuid?.() ?? 'user'}`);
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

/** The text of a cache file, or null (none, unreadable, or in a directory someone else may write). */
export function readCacheFile(dir: string, file: string): string | null {
  return readCacheBytes(dir, file)?.toString('utf8') ?? null;
}

/** The bytes of a cache file, or null (as readCacheFile). */
export function readCacheBytes(dir: string, file: string): Buffer | null {
  try {
    // Code from this directory is evaluated: only a directory of our own that no one else can write.
    const st = statSync(dir);
    if ((process.getuid && st.uid !== process.getuid()) || st.mode & 0o022) return null;
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** Best effort: a cache that cannot be written only means the next start does the work again. */
export function writeCacheFile(dir: string, file: string, data: () => string | Uint8Array): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, data(), { mode: 0o600 });
    renameSync(tmp, file); // atomic: a concurrent reader sees the old file or the new one
  } catch {
    // No cache this time.
  }
}
