import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './durable-json-file.js';
import type { Doc } from './store.js';

/** One durable change. `s` orders changes across log files and the snapshot. */
export type ChangeEntry =
  | { s: number; o: 'put'; n: string; a: string; c: string; i: string; d: Doc }
  | { s: number; o: 'del'; n: string; a: string; c: string; i: string }
  | { s: number; o: 'reset'; n: string | null; a?: string };

/**
 * Append-only change log with group commit: every change waiting when a flush starts is
 * written and fdatasync'd together, so the cost of one update does not depend on how many
 * orders are stored. Log files are `<data file>.changes-<generation>.log`; a compaction starts
 * a new generation and deletes the old ones once the snapshot that holds them is durable.
 */
export class ChangeLog {
  private handle: FileHandle | null = null;
  private handleGeneration = 0;
  /** Highest generation allocated so far. */
  private generation = 0;
  /** Generations up to this one belong to a snapshot in progress: never write to them again. */
  private retiredUpTo = 0;
  private pending: string[] = [];
  private inFlight: Promise<void> | null = null;
  private scheduled: Promise<void> | null = null;
  bytesWritten = 0;

  constructor(private readonly dataFile: string) {}

  /** Queues one change, as the JSON text of a ChangeEntry; it is durable once a later `flush()` resolves. */
  append(line: string): void {
    this.pending.push(line + '\n');
  }

  flush(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    if (!this.pending.length) return this.inFlight ?? Promise.resolve();
    const previous = this.inFlight ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        this.scheduled = null;
        const batch = this.pending;
        this.pending = [];
        const write = this.writeBatch(batch);
        this.inFlight = write;
        void write.finally(() => {
          if (this.inFlight === write) this.inFlight = null;
        }).catch(() => undefined);
        return write;
      });
    this.scheduled = next;
    return next;
  }

  private async writeBatch(lines: string[]): Promise<void> {
    if (!lines.length) return;
    if (!this.handle || this.handleGeneration <= this.retiredUpTo) await this.openNextGeneration();
    const text = lines.join('');
    await this.handle!.write(text);
    await this.handle!.datasync();
    this.bytesWritten += Buffer.byteLength(text);
  }

  private async openNextGeneration(): Promise<void> {
    const stale = this.handle;
    this.handle = null;
    const generation = ++this.generation;
    const handle = await open(this.fileFor(generation), 'a');
    await stale?.close().catch(() => undefined);
    await fsyncDir(dirname(this.dataFile)); // the new file's directory entry must survive a crash too
    this.handle = handle;
    this.handleGeneration = generation;
    this.bytesWritten = 0;
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
    await this.inFlight?.catch(() => undefined);
    const retired = this.handle;
    if (retired && this.handleGeneration <= boundary) {
      this.handle = null;
      await retired.close();
    }
    const files = await this.generations();
    return files.filter((f) => f.generation <= boundary).map((f) => f.file);
  }

  async removeFiles(files: string[]): Promise<void> {
    for (const file of files) await unlink(file).catch(() => undefined);
    await fsyncDir(dirname(this.dataFile));
  }

  /** Existing log files, oldest first. */
  async files(): Promise<string[]> {
    return (await this.generations()).map((f) => f.file);
  }

  private async generations(): Promise<{ generation: number; file: string }[]> {
    const dir = dirname(this.dataFile);
    const prefix = `${basename(this.dataFile)}.changes-`;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const gens = names
      .filter((n) => n.startsWith(prefix) && n.endsWith('.log'))
      .map((n) => Number(n.slice(prefix.length, -'.log'.length)))
      .filter((g) => Number.isInteger(g))
      .sort((a, b) => a - b);
    if (gens.length) this.generation = Math.max(this.generation, gens[gens.length - 1]);
    return gens.map((generation) => ({ generation, file: this.fileFor(generation) }));
  }

  /** Reads every log file; a torn last line (a crash mid-write) is reported and ignored. */
  async readAll(): Promise<{ entries: ChangeEntry[]; tornLines: number }> {
    const entries: ChangeEntry[] = [];
    let tornLines = 0;
    for (const file of await this.files()) {
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n');
      const tail = lines.pop() ?? '';
      if (tail.trim()) tornLines++;
      lines.forEach((line, index) => {
        if (!line.trim()) return;
        try {
          entries.push(JSON.parse(line) as ChangeEntry);
        } catch {
          if (index === lines.length - 1) tornLines++;
          else throw new Error(`Change log ${file} is corrupt at line ${index + 1}; ordermock left it untouched.`);
        }
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
