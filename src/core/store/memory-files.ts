import { dirname } from 'node:path';
import { fsError, type FileLayer, type LayerHandle } from './file-layer.js';

export interface MemoryFilesOptions {
  /** false: a sink that accepts every write and keeps nothing (`--data :memory:`). Default true. */
  keep?: boolean;
}

/**
 * A file layer in RAM: a RAM disk that tests can "restart" on (keep), or a sink for
 * `--data :memory:` (nothing written anywhere, syncs are no-ops, every store rule the same).
 * `powerLoss()` cuts every file back to what its last sync covered (directory entries are
 * taken as durable at once: renames and unlinks are not modelled as volatile).
 */
export function memoryFiles(options: MemoryFilesOptions = {}): FileLayer & { powerLoss(): void } {
  const keep = options.keep ?? true;
  // Chunks, so appending to a long log never copies it.
  const files = new Map<string, Buffer[]>();
  /** Bytes of each file that a sync made durable: what a power loss leaves. */
  const synced = new Map<string, number>();
  const markSynced = (path: string) => {
    if (files.has(path)) synced.set(path, content(path).length);
  };
  const content = (path: string): Buffer => {
    const chunks = files.get(path);
    if (!chunks) throw fsError('ENOENT', `no such file, open '${path}'`);
    if (chunks.length > 1) chunks.splice(0, chunks.length, Buffer.concat(chunks));
    return chunks[0] ?? Buffer.alloc(0);
  };
  const store = (path: string, data: Buffer) => {
    if (keep) files.set(path, [data]);
  };
  return {
    powerLoss: () => {
      for (const path of files.keys()) files.set(path, [Buffer.from(content(path).subarray(0, synced.get(path) ?? 0))]);
    },
    persistent: false,
    open: async (path, flags) => {
      if (flags === 'wx' && files.has(path)) throw fsError('EEXIST', `file already exists, open '${path}'`);
      if (flags !== 'a' || !files.has(path)) {
        store(path, Buffer.alloc(0));
        synced.set(path, 0);
      }
      let closed = false;
      const handle: LayerHandle = {
        write: async (data) => {
          if (closed) throw fsError('EBADF', 'bad file descriptor, write');
          if (keep) files.get(path)?.push(Buffer.from(data));
          return { bytesWritten: data.length };
        },
        datasync: async () => markSynced(path),
        sync: async () => markSynced(path),
        truncate: async (length) => {
          if (files.has(path)) store(path, Buffer.from(content(path).subarray(0, length)));
          synced.set(path, Math.min(synced.get(path) ?? 0, length));
        },
        close: async () => {
          closed = true;
        },
      };
      return handle;
    },
    readFile: async (path) => content(path).toString('utf8'),
    readLines: async function* (path) {
      const lines = content(path).toString('utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      yield* lines;
    },
    writeFile: async (path, text, flags = 'w') => {
      if (flags === 'wx' && files.has(path)) throw fsError('EEXIST', `file already exists, open '${path}'`);
      store(path, Buffer.from(text));
      synced.set(path, Buffer.byteLength(text));
    },
    readdir: async (dir) => [...files.keys()].filter((p) => dirname(p) === dir).map((p) => p.slice(dir.length + 1)),
    size: async (path) => content(path).length,
    rename: async (from, to) => {
      if (!keep) return;
      const data = content(from);
      files.delete(from);
      store(to, data);
      synced.set(to, synced.get(from) ?? 0);
      synced.delete(from);
    },
    unlink: async (path) => {
      if (!keep) return;
      content(path);
      files.delete(path);
      synced.delete(path);
    },
    mkdir: async () => undefined,
    syncDir: async () => undefined,
  };
}
