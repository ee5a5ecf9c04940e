import { createReadStream, writeSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** An open file as the store uses it: appends or writes from the start, syncs, truncates. */
export interface LayerHandle {
  /** Writes `data` at the handle's position; may write fewer bytes than asked (a short write). */
  // Uint8Array (a Buffer is one): the published types need no @types/node.
  write(data: Uint8Array): Promise<{ bytesWritten: number }>;
  /** Flushes the file's data (fdatasync): the log's durability point. */
  datasync(): Promise<void>;
  /** Flushes data and metadata (fsync): the snapshot's durability point. */
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every file operation of the change log, the snapshot and the lock, so tests can count syncs,
 * hold them, or inject short writes and ENOSPC, and `:memory:` can run without a disk.
 * Failures are Node errors with an errno `code` (`ENOENT` for a missing file).
 */
export interface FileLayer {
  /** 'a' appends (creating), 'w' truncates (creating), 'wx' creates exclusively. */
  open(path: string, flags: 'a' | 'w' | 'wx'): Promise<LayerHandle>;
  readFile(path: string): Promise<string>;
  /** The file's lines, read without holding the whole file as one string. */
  readLines(path: string): AsyncIterable<string>;
  writeFile(path: string, text: string, flags?: 'w' | 'wx'): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  size(path: string): Promise<number>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  /** Makes a rename, creation or unlink in `dir` durable. */
  syncDir(dir: string): Promise<void>;
  /** False for a layer that keeps nothing beyond the process (no lock file is needed). */
  readonly persistent: boolean;
}

/** The real file system (node:fs). */
export const nodeFiles: FileLayer = {
  persistent: true,
  open: async (path, flags) => {
    const handle = await open(path, flags);
    return {
      // An append (a batch of change-log records: kilobytes) is copied to the page cache at once,
      // on this thread: the thread-pool round trip before the log's fdatasync cost more than the
      // copy. Other writes (a snapshot: up to hundreds of megabytes) stay off the event loop.
      write: flags === 'a' ? async (data) => ({ bytesWritten: writeSync(handle.fd, data) }) : (data) => handle.write(data),
      datasync: () => handle.datasync(),
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
  readFile: (path) => readFile(path, 'utf8'),
  readLines: async function* (path) {
    const input = createReadStream(path, 'utf8');
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      yield* lines;
    } finally {
      lines.close();
      input.destroy(); // a reader that stops early (the data file reader does) must not keep the file open
    }
  },
  writeFile: (path, text, flags = 'w') => writeFile(path, text, { flag: flags }),
  readdir: (dir) => readdir(dir),
  size: async (path) => (await stat(path)).size,
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
  syncDir: async (dir) => {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** An errno-style error, as node:fs raises them. */
export function fsError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}
