import { basename, dirname, join } from 'node:path';
import { fsError, type FileLayer, type LayerHandle } from './file-layer.js';
import { corruptLog } from './store-open-error.js';
import type { Doc } from './store.js';

/**
 * One change to the state. A put's document travels beside it as JSON text (made once, by the
 * put), so no request keeps its parsed document alive while it waits for the fsync.
 */
export type ChangeOp =
  | { o: 'put'; n: string; a: string; c: string; i: string }
  | { o: 'del'; n: string; a: string; c: string; i: string }
  | { o: 'reset'; n: string | null; a?: string };

/** A change as a log record holds it: a put with its document (`d`). */
export type LoggedOp = Exclude<ChangeOp, { o: 'put' }> | (Extract<ChangeOp, { o: 'put' }> & { d: Doc });

/**
 * One log record, one line: a single change, or (`tx`) every change of one request, so a torn
 * write can never leave half a request. `s` orders records across log files and the snapshot.
 */
export type ChangeEntry = (LoggedOp & { s: number }) | { s: number; o: 'tx'; e: LoggedOp[] };

interface Batch {
  /** The records' text in pieces (a record's pieces, then its newline): written without joining them. */
  parts: string[];
  /** Compensations of the batch's records, oldest first. */
  undo: (() => void)[];
  done: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Append-only change log with group commit: every record waiting when a write starts is written
 * and fdatasync'd together, so the cost of one update does not depend on how many orders are
 * stored. A write that fails is cut back out of the file and its records (and every record
 * queued behind it, which may build on them) are undone in memory, newest first. Log files are
 * `<data file>.changes-<generation>.log`; a compaction starts a new generation and deletes the
 * old ones once the snapshot that holds them is durable.
 */
export class ChangeLog {
  private handle: LayerHandle | null = null;
  private handleGeneration = 0;
  /** Highest generation allocated so far. */
  private generation = 0;
  /** Generations up to this one belong to a snapshot in progress: never write to them again. */
  private retiredUpTo = 0;
  private open: Batch | null = null;
  private writing: Batch | null = null;
  /** Set when a failed write could not be cut back: the current file takes no more records. */
  private broken: Error | null = null;
  /** Bytes in the current generation's file, all of them durable records. */
  bytesWritten = 0;

  constructor(
    private readonly dataFile: string,
    private readonly files: FileLayer,
  ) {}

  /**
   * Queues one record already applied in memory, with its undo: the JSON text of a ChangeEntry,
   * given as the pieces that make it (a document's text is one piece, never copied into a line).
   */
  append(record: string[], undo: () => void): void {
    const batch = (this.open ??= newBatch());
    for (const part of record) batch.parts.push(part);
    batch.parts.push('\n');
    batch.undo.push(undo);
  }

  /** Resolves once every record appended so far is durable; rejects if any of them was lost. */
  flush(): Promise<void> {
    const batch = this.open ?? this.writing;
    if (!batch) return Promise.resolve();
    if (!this.writing) void this.drain();
    return batch.done;
  }

  private async drain(): Promise<void> {
    while (this.open) {
      const batch = (this.writing = this.open);
      this.open = null;
      try {
        await this.writeBatch(batch.parts);
        this.writing = null;
        batch.resolve();
      } catch (err) {
        const queued = this.open as Batch | null;
        this.open = null;
        this.writing = null;
        for (const failed of [queued, batch]) if (failed) for (const undo of failed.undo.reverse()) undo();
        batch.reject(err as Error);
        queued?.reject(err as Error);
      }
    }
  }

  private async writeBatch(parts: string[]): Promise<void> {
    if (!this.handle || this.handleGeneration <= this.retiredUpTo) await this.openNextGeneration();
    if (this.broken) throw this.broken;
    const handle = this.handle!;
    const data = utf8Of(parts);
    const start = this.bytesWritten;
    try {
      // A short write (file-size limit, full disk) is continued; the next write reports the error.
      for (let offset = 0; offset < data.length; ) {
        const { bytesWritten } = await handle.write(data.subarray(offset));
        if (bytesWritten <= 0) throw fsError('EIO', `write to ${this.fileFor(this.handleGeneration)} made no progress`);
        offset += bytesWritten;
      }
      await handle.datasync();
      this.bytesWritten += data.length;
    } catch (err) {
      await this.cutBack(handle, start);
      throw err;
    }
  }

  /** Removes a failed write's bytes, so a restart never replays what the client saw fail. */
  private async cutBack(handle: LayerHandle, length: number): Promise<void> {
    try {
      await handle.truncate(length);
      await handle.datasync();
    } catch (err) {
      this.broken = new Error(
        `change log ${this.fileFor(this.handleGeneration)} could not be cut back after a failed write (${(err as Error).message}); writes fail until a compaction succeeds or ordermock restarts`,
      );
    }
  }

  private async openNextGeneration(): Promise<void> {
    const stale = this.handle;
    this.handle = null;
    const generation = ++this.generation;
    const handle = await this.files.open(this.fileFor(generation), 'a');
    await stale?.close().catch(() => undefined);
    await this.files.syncDir(dirname(this.dataFile)); // the new file's directory entry must survive a crash too
    this.handle = handle;
    this.handleGeneration = generation;
    this.bytesWritten = 0;
    this.broken = null; // a fresh file: the damaged one is retired and replaced by the next snapshot
  }

  /**
   * Retires every log file written so far and returns them, to delete once a snapshot covering
   * them is durable. Retirement happens synchronously, so a snapshot taken in the same tick holds
   * everything those files hold; later writes go to a new generation.
   */
  async rotate(): Promise<string[]> {
    const boundary = this.generation;
    this.retiredUpTo = boundary;
    this.bytesWritten = 0;
    await this.writing?.done.catch(() => undefined);
    // Closed now, not at the next write: the file is deleted after the snapshot, and an open handle
    // would keep its disk space (up to the compaction threshold) allocated while the store is idle.
    const retired = this.handle;
    if (retired && this.handleGeneration <= boundary) {
      this.handle = null;
      await retired.close();
    }
    const files = await this.generations();
    return files.filter((f) => f.generation <= boundary).map((f) => f.file);
  }

  async removeFiles(files: string[]): Promise<void> {
    for (const file of files) await this.files.unlink(file).catch(() => undefined);
    await this.files.syncDir(dirname(this.dataFile));
  }

  /** Existing log files, oldest first. */
  async logFiles(): Promise<string[]> {
    return (await this.generations()).map((f) => f.file);
  }

  private async generations(): Promise<{ generation: number; file: string }[]> {
    const dir = dirname(this.dataFile);
    const prefix = `${basename(this.dataFile)}.changes-`;
    const gens = (await this.files.readdir(dir)) // the directory is made at open
      .filter((n) => n.startsWith(prefix) && n.endsWith('.log'))
      .map((n) => Number(n.slice(prefix.length, -'.log'.length)))
      .filter((g) => Number.isInteger(g))
      .sort((a, b) => a - b);
    if (gens.length) this.generation = Math.max(this.generation, gens[gens.length - 1]);
    return gens.map((generation) => ({ generation, file: this.fileFor(generation) }));
  }

  /**
   * Reads every log file. The last line of a file may be torn (a crash mid-write, never
   * acknowledged): it is counted and ignored. Any other unreadable line stops the start.
   */
  async readAll(): Promise<{ entries: ChangeEntry[]; tornLines: number }> {
    const entries: ChangeEntry[] = [];
    let tornLines = 0;
    for (const file of await this.logFiles()) {
      const lines = (await this.files.readFile(file)).split('\n');
      const unterminated = lines.pop() ?? '';
      if (unterminated.trim()) tornLines++;
      lines.forEach((line, index) => {
        if (!line.trim()) return;
        const entry = parseEntry(line);
        if (entry) entries.push(entry);
        else if (index === lines.length - 1 && !unterminated.trim()) tornLines++;
        else throw corruptLog(file, index + 1);
      });
    }
    return { entries, tornLines };
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = null;
  }

  private fileFor(generation: number): string {
    return join(dirname(this.dataFile), `${basename(this.dataFile)}.changes-${String(generation).padStart(6, '0')}.log`);
  }
}

function parseEntry(line: string): ChangeEntry | null {
  try {
    const entry = JSON.parse(line) as ChangeEntry | null;
    return typeof entry?.s === 'number' ? entry : null;
  } catch {
    return null;
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const done = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  done.catch(() => undefined); // a batch nobody waits for must not be an unhandled rejection
  return { parts: [], undo: [], done, resolve, reject };
}

/** The UTF-8 bytes of the pieces, one after another: one copy, no joined string in between. */
function utf8Of(parts: string[]): Buffer {
  let length = 0;
  for (const part of parts) length += Buffer.byteLength(part);
  const data = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const part of parts) offset += data.write(part, offset);
  return data;
}
