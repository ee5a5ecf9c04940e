import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { ChangeLog, type ChangeEntry } from './change-log.js';
import { DataFileError, DurableJSONFile } from './durable-json-file.js';
import { DEFAULT_NAMESPACE, type ApiData, type Collection, type Doc, type SeedData, type Store } from './store.js';

/** The data file's shape: human-readable state, plus the last change it contains. */
export interface Snapshot {
  ordermock: 1;
  seq: number;
  namespaces: Record<string, Record<string, Record<string, Record<string, Doc>>>>;
}

type CollectionState = Map<string, Doc>;
type ApiState = Map<string, CollectionState>;
type NamespaceState = Map<string, ApiState>;

export interface LowdbStoreOptions {
  /** Path of the lowdb JSON file; the change log lives beside it. */
  file: string;
  seeds: SeedData;
  /** Compact once the current log holds this many bytes (default 32 MiB). */
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
  private readonly db: Low<Snapshot>;
  /** lowdb keeps its default data when the file does not exist: identity tells the cases apart. */
  private readonly initialData = emptySnapshot();
  private readonly log: ChangeLog;
  private compacting: Promise<void> | null = null;
  private readonly compactAfterBytes: number;
  report: OpenReport = { created: false, replayed: 0, tornLines: 0 };

  private constructor(private readonly options: LowdbStoreOptions) {
    this.db = new Low<Snapshot>(new DurableJSONFile<Snapshot>(options.file, serializeSnapshot), this.initialData);
    this.log = new ChangeLog(options.file);
    this.compactAfterBytes = options.compactAfterBytes ?? 32 * 1024 * 1024;
  }

  /** Loads the data file (or creates it from the seeds) and replays the change log. */
  static async open(options: LowdbStoreOptions): Promise<LowdbStore> {
    const store = new LowdbStore(options);
    await mkdir(dirname(options.file), { recursive: true });
    await store.db.read();
    const fileExisted = store.db.data !== store.initialData;
    if (fileExisted && !isSnapshot(store.db.data)) {
      throw new DataFileError(options.file, 'it is JSON, but not an ordermock data file');
    }
    store.loadSnapshot(store.db.data);
    const { entries, tornLines } = await store.log.readAll();
    let replayed = 0;
    for (const entry of entries) {
      if (entry.s <= store.seq) continue;
      store.apply(entry);
      store.seq = entry.s;
      replayed++;
    }
    store.report = { created: !fileExisted, replayed, tornLines };
    // Start clean: one data file that holds everything, no logs to replay next time.
    if (!fileExisted || replayed > 0 || entries.length > 0 || tornLines > 0) await store.compact();
    return store;
  }

  data(namespace: string, api: string): ApiData {
    return { collection: <T>(name: string) => this.collection(namespace, api, name) as unknown as Collection<T> };
  }

  reset(namespace?: string): void {
    const entry: ChangeEntry = { s: ++this.seq, o: 'reset', n: namespace ?? null };
    this.apply(entry);
    this.log.append(entry);
  }

  namespaces(): string[] {
    return [...new Set([DEFAULT_NAMESPACE, ...this.state.keys()])];
  }

  flush(): Promise<void> {
    const done = this.log.flush();
    if (this.log.bytesWritten > this.compactAfterBytes && !this.compacting) {
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
  }

  private collection(namespace: string, api: string, name: string): Collection<Doc> {
    const docs = () => this.docs(namespace, api, name);
    return {
      get: (id) => {
        const doc = docs().get(id);
        return doc === undefined ? undefined : structuredClone(doc);
      },
      has: (id) => docs().has(id),
      list: () => [...docs().values()].map((d) => structuredClone(d)),
      put: (id, doc) => {
        const entry: ChangeEntry = { s: ++this.seq, o: 'put', n: namespace, a: api, c: name, i: id, d: doc };
        this.apply(entry);
        this.log.append(entry);
      },
      delete: (id) => {
        if (!docs().has(id)) return false;
        const entry: ChangeEntry = { s: ++this.seq, o: 'del', n: namespace, a: api, c: name, i: id };
        this.apply(entry);
        this.log.append(entry);
        return true;
      },
      get size() {
        return docs().size;
      },
    };
  }

  /** A namespace or API seen for the first time starts as a copy of the seeds. */
  private docs(namespace: string, api: string, name: string): CollectionState {
    let ns = this.state.get(namespace);
    if (!ns) this.state.set(namespace, (ns = new Map()));
    let apiState = ns.get(api);
    if (!apiState) ns.set(api, (apiState = seedApi(this.options.seeds[api])));
    let docs = apiState.get(name);
    if (!docs) apiState.set(name, (docs = new Map()));
    return docs;
  }

  private apply(entry: ChangeEntry): void {
    switch (entry.o) {
      case 'put':
        this.docs(entry.n, entry.a, entry.c).set(entry.i, entry.d);
        return;
      case 'del':
        this.docs(entry.n, entry.a, entry.c).delete(entry.i);
        return;
      case 'reset':
        if (entry.n === null) this.state.clear();
        else this.state.delete(entry.n);
        return;
    }
  }

  private loadSnapshot(snapshot: Snapshot): void {
    this.seq = snapshot.seq;
    for (const [nsName, apis] of Object.entries(snapshot.namespaces ?? {})) {
      const ns: NamespaceState = new Map();
      for (const [apiName, collections] of Object.entries(apis)) {
        ns.set(apiName, new Map(Object.entries(collections).map(([c, docs]) => [c, new Map(Object.entries(docs))])));
      }
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
          [...collections].map(([c, docs]) => [c, Object.fromEntries(docs)]),
        );
      }
    }
    return { ordermock: 1, seq: this.seq, namespaces };
  }
}

/**
 * The data file's layout: the structure indented, one document per line. Stays readable (and
 * greppable) by people, and 100,000 orders never have to fit in one string.
 */
export function* serializeSnapshot(snapshot: Snapshot): Generator<string> {
  yield `{\n  "ordermock": 1,\n  "seq": ${snapshot.seq},\n  "namespaces": {`;
  let firstNs = true;
  for (const [ns, apis] of Object.entries(snapshot.namespaces)) {
    yield `${firstNs ? '' : ','}\n    ${JSON.stringify(ns)}: {`;
    firstNs = false;
    let firstApi = true;
    for (const [api, collections] of Object.entries(apis)) {
      yield `${firstApi ? '' : ','}\n      ${JSON.stringify(api)}: {`;
      firstApi = false;
      let firstCol = true;
      for (const [name, docs] of Object.entries(collections)) {
        yield `${firstCol ? '' : ','}\n        ${JSON.stringify(name)}: {`;
        firstCol = false;
        let firstDoc = true;
        for (const [id, doc] of Object.entries(docs)) {
          yield `${firstDoc ? '' : ','}\n          ${JSON.stringify(id)}: ${JSON.stringify(doc)}`;
          firstDoc = false;
        }
        yield firstDoc ? '}' : '\n        }';
      }
      yield firstCol ? '}' : '\n      }';
    }
    yield firstApi ? '}' : '\n    }';
  }
  yield firstNs ? '}\n}\n' : '\n  }\n}\n';
}

function isSnapshot(value: unknown): value is Snapshot {
  const v = value as Snapshot | null;
  return !!v && typeof v === 'object' && v.ordermock === 1 && typeof v.seq === 'number' && typeof v.namespaces === 'object';
}

function emptySnapshot(): Snapshot {
  return { ordermock: 1, seq: 0, namespaces: {} };
}

function seedApi(seed: Record<string, Record<string, Doc>> | undefined): ApiState {
  const state: ApiState = new Map();
  for (const [name, docs] of Object.entries(seed ?? {})) {
    state.set(name, new Map(Object.entries(structuredClone(docs))));
  }
  return state;
}
