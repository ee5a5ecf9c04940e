import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { ChangeLog, type ChangeEntry } from './change-log.js';
import { lockDataFile } from './data-file-lock.js';
import { DataFileError } from './durable-json-file.js';
import { SnapshotFile } from './snapshot-file.js';
import { RawJson, emptySnapshot, isSnapshot, type Snapshot } from './snapshot.js';
import { DEFAULT_NAMESPACE, type ApiData, type Collection, type Doc, type SeedData, type Store } from './store.js';

/** Documents as JSON text: a read parses a private copy (cheaper than structuredClone), a write
 * serializes once for both the change log and the next snapshot, and text is a fraction of the
 * memory the same data takes as objects. */
type CollectionState = Map<string, string>;
type ApiState = Map<string, CollectionState>;
type NamespaceState = Map<string, ApiState>;

export interface LowdbStoreOptions {
  /** Path of the lowdb JSON file; the change log lives beside it. */
  file: string;
  seeds: SeedData;
  /** Compact once the log holds this many bytes, or as many as the data file if that is more (default 32 MiB). */
  compactAfterBytes?: number;
}

export interface OpenReport {
  created: boolean;
  replayed: number;
  tornLines: number;
}

/**
 * State in memory (Maps, so ids like `__proto__` are just keys), made durable by the change
 * log (fsync'd before any 2xx) and folded into the lowdb JSON file on compaction and shutdown.
 */
export class LowdbStore implements Store {
  private state = new Map<string, NamespaceState>();
  private seq = 0;
  private readonly file: SnapshotFile;
  private readonly db: Low<Snapshot>;
  /** lowdb keeps its default data when the file does not exist: identity tells the cases apart. */
  private readonly initialData = emptySnapshot();
  private readonly log: ChangeLog;
  private compacting: Promise<void> | null = null;
  private unlock: () => Promise<void> = async () => undefined;
  private readonly compactAfterBytes: number;
  report: OpenReport = { created: false, replayed: 0, tornLines: 0 };

  private constructor(private readonly options: LowdbStoreOptions) {
    this.file = new SnapshotFile(options.file);
    this.db = new Low<Snapshot>(this.file, this.initialData);
    this.log = new ChangeLog(options.file);
    this.compactAfterBytes = options.compactAfterBytes ?? 32 * 1024 * 1024;
  }

  /** Loads the data file (or creates it from the seeds) and replays the change log. */
  static async open(options: LowdbStoreOptions): Promise<LowdbStore> {
    const store = new LowdbStore(options);
    await mkdir(dirname(options.file), { recursive: true });
    store.unlock = await lockDataFile(options.file);
    try {
      await store.load();
    } catch (err) {
      await store.unlock();
      throw err;
    }
    return store;
  }

  private async load(): Promise<void> {
    await this.db.read();
    const fileExisted = this.db.data !== this.initialData;
    if (fileExisted && !isSnapshot(this.db.data)) {
      throw new DataFileError(this.options.file, 'it is JSON, but not an ordermock data file');
    }
    this.loadSnapshot(this.db.data);
    this.db.data = this.initialData;
    const { entries, tornLines } = await this.log.readAll();
    let replayed = 0;
    for (const entry of entries) {
      if (entry.s <= this.seq) continue;
      this.apply(entry, entry.o === 'put' ? JSON.stringify(entry.d) : '');
      this.seq = entry.s;
      replayed++;
    }
    this.report = { created: !fileExisted, replayed, tornLines };
    // Start clean: one data file that holds everything, no logs to replay next time.
    if (!fileExisted || entries.length > 0 || tornLines > 0) await this.compact();
  }

  data(namespace: string, api: string): ApiData {
    return { collection: <T>(name: string) => this.collection(namespace, api, name) as unknown as Collection<T> };
  }

  reset(namespace?: string, api?: string): void {
    this.record({ s: ++this.seq, o: 'reset', n: namespace ?? null, ...(api === undefined ? {} : { a: api }) }, '');
  }

  namespaces(): string[] {
    return [...new Set([DEFAULT_NAMESPACE, ...this.state.keys()])];
  }

  deleteNamespace(namespace: string): boolean {
    if (!this.state.has(namespace)) return false;
    this.reset(namespace);
    return true;
  }

  flush(): Promise<void> {
    const done = this.log.flush();
    // Compacting when the log outgrows the data file keeps the rewrite cost per change constant.
    if (this.log.bytesWritten > Math.max(this.compactAfterBytes, this.file.bytesWritten) && !this.compacting) {
      void done.then(() => this.compact()).catch(() => undefined);
    }
    return done;
  }

  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = (async () => {
      // Snapshot and log rotation in the same tick: the old files hold exactly what the snapshot holds.
      this.db.data = this.toSnapshot();
      const oldFiles = this.log.rotate();
      await this.db.write();
      this.db.data = this.initialData; // the snapshot's containers are not needed between compactions
      await this.log.removeFiles(await oldFiles);
    })().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  async close(): Promise<void> {
    await this.log.flush();
    await this.compact();
    await this.log.close();
    await this.unlock();
  }

  private collection(namespace: string, api: string, name: string): Collection<Doc> {
    const docs = () => this.docs(namespace, api, name);
    return {
      get: (id) => {
        const text = docs().get(id);
        return text === undefined ? undefined : (JSON.parse(text) as Doc);
      },
      has: (id) => docs().has(id),
      list: () => [...docs().values()].map((text) => JSON.parse(text) as Doc),
      put: (id, doc) => this.record({ s: ++this.seq, o: 'put', n: namespace, a: api, c: name, i: id, d: doc }, JSON.stringify(doc)),
      delete: (id) => {
        if (!docs().has(id)) return false;
        this.record({ s: ++this.seq, o: 'del', n: namespace, a: api, c: name, i: id }, '');
        return true;
      },
      get size() {
        return docs().size;
      },
    };
  }

  /** Applies a change in memory and queues it for the log; `docText` is the put's document, serialized once. */
  private record(entry: ChangeEntry, docText: string): void {
    this.apply(entry, docText);
    if (entry.o !== 'put') return this.log.append(JSON.stringify(entry));
    const { d: _doc, ...head } = entry;
    this.log.append(`${JSON.stringify(head).slice(0, -1)},"d":${docText}}`);
  }

  /** A namespace or API seen for the first time starts as a copy of the seeds. */
  private docs(namespace: string, api: string, name: string): CollectionState {
    let ns = this.state.get(namespace);
    if (!ns) this.state.set(namespace, (ns = new Map()));
    let apiState = ns.get(api);
    if (!apiState) ns.set(api, (apiState = toApiState(this.options.seeds[api])));
    let docs = apiState.get(name);
    if (!docs) apiState.set(name, (docs = new Map()));
    return docs;
  }

  private apply(entry: ChangeEntry, docText: string): void {
    switch (entry.o) {
      case 'put':
        this.docs(entry.n, entry.a, entry.c).set(entry.i, docText);
        return;
      case 'del':
        this.docs(entry.n, entry.a, entry.c).delete(entry.i);
        return;
      case 'reset': {
        const scope = entry.n === null ? [...this.state.values()] : [this.state.get(entry.n)];
        if (entry.a === undefined) {
          if (entry.n === null) this.state.clear();
          else this.state.delete(entry.n);
        } else for (const ns of scope) ns?.delete(entry.a);
        return;
      }
    }
  }

  private loadSnapshot(snapshot: Snapshot): void {
    this.seq = snapshot.seq;
    for (const [nsName, apis] of Object.entries(snapshot.namespaces ?? {})) {
      const ns: NamespaceState = new Map();
      for (const [apiName, collections] of Object.entries(apis)) ns.set(apiName, toApiState(collections));
      this.state.set(nsName, ns);
    }
  }

  private toSnapshot(): Snapshot {
    // Materialise the default namespace so the data file always shows every API's state.
    for (const api of Object.keys(this.options.seeds)) this.docs(DEFAULT_NAMESPACE, api, 'orders');
    const namespaces: Snapshot['namespaces'] = {};
    for (const [nsName, ns] of this.state) {
      namespaces[nsName] = {};
      for (const [apiName, collections] of ns) {
        namespaces[nsName][apiName] = Object.fromEntries(
          [...collections].map(([c, docs]) => [c, Object.fromEntries([...docs].map(([id, text]) => [id, new RawJson(text)]))]),
        );
      }
    }
    return { ordermock: 1, seq: this.seq, namespaces };
  }
}

function toApiState(collections: Record<string, Record<string, Doc | RawJson>> | undefined): ApiState {
  const state: ApiState = new Map();
  for (const [name, docs] of Object.entries(collections ?? {})) {
    state.set(name, new Map(Object.entries(docs).map(([id, doc]) => [id, doc instanceof RawJson ? doc.text : JSON.stringify(doc)])));
  }
  return state;
}
