import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { isOrdermockError } from '../errors/catalogue.js';
import { ChangeLog, type ChangeOp, type LoggedOp } from './change-log.js';
import { lockDataFile } from './data-file-lock.js';
import { nodeFiles, type FileLayer } from './file-layer.js';
import { NamespaceStates } from './namespace-state.js';
import { NamespaceStore } from './namespace-store.js';
import { SnapshotFile } from './snapshot-file.js';
import { emptySnapshot, type Snapshot } from './snapshot.js';
import { fileSystemFailure, StoreOpenError } from './store-open-error.js';
import { StoreUnit, type PendingChange } from './store-unit.js';
import { type Doc, type SeedData, type Store, type StoreTransaction } from './store.js';

export interface LowdbStoreOptions {
  /** Path of the lowdb JSON file; the change log lives beside it. */
  file: string;
  seeds: SeedData;
  /** Compact once the log holds this many bytes, or as many as the data file if that is more (default 32 MiB). */
  compactAfterBytes?: number;
  /** Most namespaces besides `default` that may hold state (default 1,000). */
  maxNamespaces?: number;
  /** Where the files live: node:fs by default; tests inject faults, `:memory:` keeps nothing. */
  files?: FileLayer;
}

export interface OpenReport {
  created: boolean;
  replayed: number;
  tornLines: number;
}

export const DEFAULT_MAX_NAMESPACES = 1000;

/**
 * State in memory, made durable by the change log (one record per request, fsync'd before any
 * answer) and folded into the lowdb JSON file on compaction and shutdown.
 */
export class LowdbStore extends NamespaceStore implements Store {
  protected readonly state: NamespaceStates;
  private seq = 0;
  private readonly file: SnapshotFile;
  private readonly db: Low<Snapshot>;
  /** lowdb keeps its default data when the file does not exist: identity tells the cases apart. */
  private readonly initialData = emptySnapshot();
  private readonly log: ChangeLog;
  private compacting: Promise<void> | null = null;
  private nextCompaction: Promise<void> | null = null;
  private unlock: () => Promise<void> = async () => undefined;
  private readonly compactAfterBytes: number;
  private readonly files: FileLayer;
  /** What the start found: set by load(). */
  report!: OpenReport;

  private constructor(options: LowdbStoreOptions) {
    super();
    this.files = options.files ?? nodeFiles;
    this.state = new NamespaceStates(options.seeds, options.maxNamespaces ?? DEFAULT_MAX_NAMESPACES);
    this.file = new SnapshotFile(options.file, this.files);
    this.db = new Low<Snapshot>(this.file, this.initialData);
    this.log = new ChangeLog(options.file, this.files);
    this.compactAfterBytes = options.compactAfterBytes ?? 32 * 1024 * 1024;
  }

  /**
   * Loads the data file (or creates it from the seeds) and replays the change log. Throws a
   * StoreOpenError (one line: the file and what to do) when it cannot.
   */
  static async open(options: LowdbStoreOptions): Promise<LowdbStore> {
    const store = new LowdbStore(options);
    try {
      await store.files.mkdir(dirname(options.file));
      if (store.files.persistent) store.unlock = await lockDataFile(options.file);
      await store.load();
    } catch (err) {
      await store.unlock();
      if (err instanceof StoreOpenError || isOrdermockError(err)) throw err;
      if ((err as NodeJS.ErrnoException).code) throw fileSystemFailure(options.file, err as NodeJS.ErrnoException);
      throw err;
    }
    return store;
  }

  private async load(): Promise<void> {
    await this.db.read();
    const fileExisted = this.db.data !== this.initialData;
    this.state.load(this.db.data);
    this.seq = this.db.data.seq;
    this.db.data = this.initialData;
    const { entries, tornLines } = await this.log.readAll();
    let replayed = 0;
    for (const entry of entries) {
      if (entry.s <= this.seq) continue;
      for (const logged of entry.o === 'tx' ? entry.e : [entry]) {
        const { d, ...op } = logged as LoggedOp & { d?: Doc };
        this.state.apply(op as ChangeOp, op.o === 'put' ? JSON.stringify(d) : '', false);
      }
      this.seq = entry.s;
      replayed++;
    }
    this.report = { created: !fileExisted, replayed, tornLines };
    // Start clean: one data file that holds everything, no logs (and no torn tail) next time.
    if (!fileExisted || entries.length > 0 || tornLines > 0) await this.compact();
  }

  begin(): StoreTransaction {
    return new StoreUnit({
      read: (namespace, api, name) => this.state.read(namespace, api, name),
      commit: (changes) => {
        try {
          if (changes.length) this.record(changes);
        } catch (err) {
          return Promise.reject(err as Error);
        }
        return this.flush();
      },
    });
  }

  flush(): Promise<void> {
    const done = this.log.flush();
    // Compacting when the log outgrows the data file keeps the rewrite cost per change constant.
    if (this.log.bytesWritten > Math.max(this.compactAfterBytes, this.file.bytesWritten) && !this.compacting) {
      void done.then(() => this.compact()).catch(() => undefined);
    }
    return done;
  }

  /**
   * Folds the change log into the data file. Called while one runs, it schedules one more that
   * starts after it, so the promise it returns always covers every change made before the call.
   */
  compact(): Promise<void> {
    if (this.compacting) {
      return (this.nextCompaction ??= this.compacting
        .catch(() => undefined)
        .then(() => {
          this.nextCompaction = null;
          return this.compact();
        }));
    }
    this.compacting = this.compactNow().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  private async compactNow(): Promise<void> {
    // Snapshot and log rotation in the same tick: the old files hold exactly what the snapshot holds.
    const { snapshot, release } = this.state.toSnapshot(this.seq);
    const durable = this.log.flush(); // the snapshot may hold records still being written
    const oldFiles = this.log.rotate();
    try {
      // Renamed into place only once those records are durable: a write that fails is never saved.
      await this.file.writeWhen(snapshot, () => durable);
    } finally {
      release();
    }
    await this.log.removeFiles(await oldFiles);
  }

  async close(): Promise<void> {
    await this.log.flush().catch(() => undefined); // a failed write is already undone: save the rest
    try {
      await this.compact(); // if this fails, the log still holds everything: the next start replays it
    } finally {
      await this.log.close().catch(() => undefined);
      await this.unlock();
    }
  }

  /** Applies changes in memory (all or none) and queues them for the log as one record (a transaction's commit too). */
  protected record(changes: PendingChange[]): void {
    const undo = this.state.applyAll(changes);
    const s = ++this.seq;
    // One change: {"s":<s>,<its fields>}; several: {"s":<s>,"o":"tx","e":[<change>,<change>...]}.
    // A put's document text is a piece of its own: it is never copied into a joined line.
    const single = changes.length === 1;
    const parts = [single ? `{"s":${s},` : `{"s":${s},"o":"tx","e":[`];
    changes.forEach(({ op, docText }, i) => {
      const head = JSON.stringify(op);
      const fields = single ? head.slice(1, -1) : head.slice(0, -1); // a single change's fields go into the record itself
      parts.push(i > 0 ? ',' : '', op.o === 'put' ? `${fields},"d":` : `${fields}}`);
      if (op.o === 'put') parts.push(docText, '}');
    });
    if (!single) parts.push(']}');
    this.log.append(parts, undo);
  }
}
