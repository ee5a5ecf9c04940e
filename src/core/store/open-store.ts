import { resolve } from 'node:path';
import { LowdbStore, type LowdbStoreOptions } from './lowdb-store.js';
import { memoryFiles } from './memory-files.js';
import type { RedisStore } from './redis/redis-store.js';
import { isRedisUrl } from './redis/redis-url.js';

/** The data file name that keeps everything in memory: nothing written, nothing fsync'd. */
export const MEMORY_DATA = ':memory:';

export type OpenStoreOptions = Omit<LowdbStoreOptions, 'files'> & Partial<Pick<LowdbStoreOptions, 'files'>>;

/**
 * Opens the store for `file`: a data file (relative paths from the working directory),
 * `:memory:` for a store with the very same rules that keeps nothing beyond the process, or a
 * `redis://` URL for state shared by several instances (see redis/redis-store.ts).
 */
export async function openStore(options: OpenStoreOptions): Promise<LowdbStore | RedisStore> {
  if (isRedisUrl(options.file)) {
    // Stryker disable next-line StringLiteral: a mutated module path only breaks the build that bundles the CLI
    const { RedisStore } = await import('./redis/redis-store.js'); // ioredis only when used
    return RedisStore.open({ url: options.file, seeds: options.seeds, maxNamespaces: options.maxNamespaces });
  }
  if (options.file === MEMORY_DATA && !options.files) {
    // A sink keeps nothing, so there is nothing to fold: compaction would only cost CPU.
    return LowdbStore.open({ compactAfterBytes: Number.POSITIVE_INFINITY, ...options, file: `/${MEMORY_DATA}/db.json`, files: memoryFiles({ keep: false }) });
  }
  return LowdbStore.open({ ...options, file: options.files ? options.file : resolve(options.file) });
}
