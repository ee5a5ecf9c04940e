import { resolve } from 'node:path';
import { LowdbStore, type LowdbStoreOptions } from './lowdb-store.js';
import { memoryFiles } from './memory-files.js';

/** The data file name that keeps everything in memory: nothing written, nothing fsync'd. */
export const MEMORY_DATA = ':memory:';

export type OpenStoreOptions = Omit<LowdbStoreOptions, 'files'> & Partial<Pick<LowdbStoreOptions, 'files'>>;

/**
 * Opens the store for `file`: a data file (relative paths from the working directory), or
 * `:memory:` for a store with the very same rules that keeps nothing beyond the process.
 */
export function openStore(options: OpenStoreOptions): Promise<LowdbStore> {
  if (options.file === MEMORY_DATA && !options.files) {
    // A sink keeps nothing, so there is nothing to fold: compaction would only cost CPU.
    return LowdbStore.open({ compactAfterBytes: Number.POSITIVE_INFINITY, ...options, file: `/${MEMORY_DATA}/db.json`, files: memoryFiles({ keep: false }) });
  }
  return LowdbStore.open({ ...options, file: options.files ? options.file : resolve(options.file) });
}
