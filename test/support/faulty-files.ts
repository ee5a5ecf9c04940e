import { basename } from 'node:path';
import type { FileLayer, LayerHandle } from '../../src/core/store/file-layer.js';
import { fsError } from '../../src/core/store/file-layer.js';

/** What to do to the next file operations; change the fields at any time. */
export interface Faults {
  /** Before a write: return a byte count to write only that much (a short write), or throw. */
  write?: (file: string, data: Buffer) => number | undefined | Promise<number | undefined>;
  /** Before an fdatasync: await something (hold it), or throw. */
  datasync?: (file: string) => void | Promise<void>;
  truncate?: (file: string) => void;
  /** Before a full fsync (the snapshot's temp file). */
  sync?: (file: string) => void | Promise<void>;
  /** Before a directory fsync (after a rename, a new log file, removed logs). */
  syncDir?: (dir: string) => void | Promise<void>;
}

/**
 * A file layer over `base` that records every write, datasync, sync, truncate, rename, unlink and
 * directory sync (in the order they completed) and applies `faults`.
 * `kill()` makes every later operation hang forever, as if the process had died: a store left
 * behind by a simulated crash can never touch the files again.
 */
export function faultyFiles(base: FileLayer, faults: Faults = {}): FileLayer & { events: string[]; faults: Faults; kill(): void; openHandles(): string[] } {
  const events: string[] = [];
  /** Handles opened and not yet closed, by file name: a store must not leak descriptors. */
  const open = new Map<object, string>();
  let dead = false;
  const alive = async <T>(run: () => Promise<T>): Promise<T> => (dead ? new Promise<T>(() => undefined) : run());
  return {
    persistent: base.persistent,
    events,
    faults,
    kill: () => {
      dead = true;
    },
    openHandles: () => [...open.values()].sort(),
    readFile: (path) => alive(() => base.readFile(path)),
    readLines: (path) => (dead ? (async function* () {})() : base.readLines(path)),
    writeFile: (path, text, flags) => alive(() => base.writeFile(path, text, flags)),
    readdir: (dir) => alive(() => base.readdir(dir)),
    size: (path) => alive(() => base.size(path)),
    rename: (from, to) =>
      alive(async () => {
        await base.rename(from, to);
        events.push(`rename ${basename(from)} ${basename(to)}`);
      }),
    unlink: (path) =>
      alive(async () => {
        await base.unlink(path);
        events.push(`unlink ${basename(path)}`);
      }),
    mkdir: (dir) => alive(() => base.mkdir(dir)),
    syncDir: (dir) =>
      alive(async () => {
        await faults.syncDir?.(dir);
        await alive(() => base.syncDir(dir));
        events.push('syncDir');
      }),
    open: (path, flags) =>
      alive(async () => {
        const handle = await base.open(path, flags);
        const name = basename(path);
        const wrapped: LayerHandle = {
          write: (data) =>
            alive(async () => {
              const cap = await faults.write?.(name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
              const piece = cap === undefined ? data : data.subarray(0, cap);
              const result = await alive(() => handle.write(piece));
              events.push(`write ${name} ${result.bytesWritten}`);
              return result;
            }),
          datasync: () =>
            alive(async () => {
              await faults.datasync?.(name);
              await alive(() => handle.datasync());
              events.push(`datasync ${name}`);
            }),
          sync: () =>
            alive(async () => {
              await faults.sync?.(name);
              await alive(() => handle.sync());
              events.push(`sync ${name}`);
            }),
          truncate: (length) =>
            alive(async () => {
              faults.truncate?.(name);
              await handle.truncate(length);
              events.push(`truncate ${name} ${length}`);
            }),
          close: () =>
            alive(async () => {
              await handle.close();
              open.delete(wrapped);
            }),
        };
        open.set(wrapped, name);
        return wrapped;
      }),
  };
}

/** Faults.write that fails with `code` once `limit` bytes have gone to change logs, writing up to the limit first (like RLIMIT_FSIZE). */
export function logByteLimit(limit: number, code = 'EFBIG'): NonNullable<Faults['write']> {
  let written = 0;
  return (file, data) => {
    if (!file.includes('.changes-')) return undefined;
    const room = limit - written;
    if (room <= 0) throw fsError(code, `file too large, write to ${file}`);
    const n = Math.min(room, data.length);
    written += n;
    return n;
  };
}

/** A latch: `wait()` holds until `release()`; `entered` resolves when the first waiter arrives. */
export function latch(): { wait: () => Promise<void>; release: () => void; entered: Promise<void> } {
  let release!: () => void;
  let enter!: () => void;
  const released = new Promise<void>((done) => (release = done));
  const entered = new Promise<void>((done) => (enter = done));
  return {
    wait: () => {
      enter();
      return released;
    },
    release,
    entered,
  };
}
