import { OrdermockError } from '../errors/catalogue.js';
import type { ChangeOp } from './change-log.js';
import { PinnedDocs, RawJson, storedDoc, type Snapshot, type SnapshotDocs, type StoredDoc } from './snapshot.js';
import { DEFAULT_NAMESPACE, type SeedData } from './store.js';

/** Documents as JSON text (see StoredDoc): a read parses a private copy (cheaper than
 * structuredClone), a write serializes once for both the change log and the next snapshot, and
 * text is a fraction of the memory the same data takes as objects. */
export type CollectionState = Map<string, StoredDoc>;
type ApiState = Map<string, CollectionState>;
type NamespaceState = Map<string, ApiState>;

const EMPTY: ReadonlyMap<string, StoredDoc> = new Map();

/**
 * The documents of every namespace, in memory (Maps, so ids like `__proto__` are just keys).
 * A namespace without state of its own reads the seeds and is materialised only by a write,
 * so requests that write nothing (refused, unauthenticated, reads) never cost memory or disk.
 */
export class NamespaceStates {
  private namespaces = new Map<string, NamespaceState>();
  private readonly seedStates = new Map<string, { source: unknown; state: ApiState }>();
  /** Snapshots being written: what their collections held when they began (see toSnapshot). */
  private readonly pins = new Set<Pin>();

  constructor(
    private readonly seeds: SeedData,
    /** Most namespaces besides the default one that may hold state. */
    private readonly maxNamespaces: number,
  ) {}

  /** A collection as it reads now: the namespace's own copy, or else the seeds. Never creates anything. */
  read(namespace: string, api: string, name: string): ReadonlyMap<string, StoredDoc> {
    const apiState = this.namespaces.get(namespace)?.get(api) ?? this.seedState(api);
    return apiState.get(name) ?? EMPTY;
  }

  /** Every namespace a store answers for: the default one always, then those holding state. */
  names(): string[] {
    return [...new Set([DEFAULT_NAMESPACE, ...this.namespaces.keys()])];
  }

  has(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  /**
   * Applies a request's changes all or none, limit on: a change that throws undoes those before
   * it. Returns what undoes them all (for a log write that fails afterwards).
   */
  applyAll(changes: readonly { op: ChangeOp; docText: string }[]): () => void {
    const undos: (() => void)[] = [];
    const undoAll = () => {
      for (const undo of undos.reverse()) undo();
    };
    try {
      for (const { op, docText } of changes) undos.push(this.apply(op, docText, true));
    } catch (err) {
      undoAll();
      throw err;
    }
    return undoAll;
  }

  /**
   * Applies one change and returns what undoes it (undos run newest first). With `limit`, a
   * change that would create a namespace beyond `maxNamespaces` throws and changes nothing.
   */
  apply(op: ChangeOp, docText: string, limit: boolean): () => void {
    if (op.o === 'reset') return this.reset(op.n, op.a);
    const createdNamespace = !this.namespaces.has(op.n);
    if (createdNamespace && limit && op.n !== DEFAULT_NAMESPACE && this.namedCount() >= this.maxNamespaces) {
      throw new OrdermockError('ORDERMOCK_ERR_NAMESPACE_LIMIT', [this.maxNamespaces]);
    }
    const ns = this.namespaces.get(op.n) ?? new Map<string, ApiState>();
    const createdApi = !ns.has(op.a);
    const apiState = ns.get(op.a) ?? copyApiState(this.seedState(op.a));
    const createdCollection = !apiState.has(op.c);
    const docs = apiState.get(op.c) ?? new Map<string, StoredDoc>();
    const order = op.o === 'del' && docs.has(op.i) ? [...docs] : null; // a delete's undo restores the order too
    const previous = docs.get(op.i);
    this.beforeChange(docs, op.o === 'put' ? op.i : null);
    if (op.o === 'put') docs.set(op.i, storedDoc(docText));
    else docs.delete(op.i);
    apiState.set(op.c, docs);
    ns.set(op.a, apiState);
    this.namespaces.set(op.n, ns);
    return () => {
      if (createdNamespace) this.namespaces.delete(op.n);
      else if (createdApi) ns.delete(op.a);
      else if (createdCollection) apiState.delete(op.c);
      else {
        this.beforeChange(docs, order || previous === undefined ? null : op.i);
        if (order) {
          docs.clear();
          for (const [id, doc] of order) docs.set(id, doc);
        } else if (previous === undefined) docs.delete(op.i);
        else docs.set(op.i, previous);
      }
    };
  }

  /** Restores the seeds (see Store.reset); undone by putting the removed state back in its place. */
  private reset(namespace: string | null, api: string | undefined): () => void {
    const before = [...this.namespaces].map(([name, ns]) => [name, ns, [...ns]] as const);
    if (api === undefined) {
      if (namespace === null) this.namespaces.clear();
      else this.namespaces.delete(namespace);
    } else {
      const scope = namespace === null ? [...this.namespaces.values()] : [this.namespaces.get(namespace)];
      for (const ns of scope) ns?.delete(api);
    }
    return () => {
      this.namespaces.clear();
      for (const [name, ns, apis] of before) {
        ns.clear();
        for (const [apiName, apiState] of apis) ns.set(apiName, apiState);
        this.namespaces.set(name, ns);
      }
    };
  }

  load(snapshot: Snapshot): void {
    for (const [nsName, apis] of Object.entries(snapshot.namespaces ?? {})) {
      const ns: NamespaceState = new Map();
      for (const [apiName, collections] of Object.entries(apis)) ns.set(apiName, toApiState(collections));
      this.namespaces.set(nsName, ns);
    }
  }

  /**
   * The state as it is now, for a compaction to write while requests go on: each collection is
   * pinned, not copied (a copy of 100,000 documents stalled every request for tens of
   * milliseconds): a change made before the snapshot is released first keeps the document it
   * replaces for the snapshot, and a delete (rare: no API deletes) first copies its collection as
   * it was. `release()` must follow the write, failed or not.
   */
  toSnapshot(seq: number): { snapshot: Snapshot; release: () => void } {
    const pin: Pin = { collections: new Set(), before: new Map(), copies: new Map() };
    const namespaces: Snapshot['namespaces'] = {};
    // The default namespace is always written out, so the data file shows every API's state.
    const names = [DEFAULT_NAMESPACE, ...this.namespaces.keys()].filter((n, i, all) => all.indexOf(n) === i);
    for (const nsName of names) {
      const ns = this.namespaces.get(nsName);
      namespaces[nsName] = {};
      for (const api of new Set([...(nsName === DEFAULT_NAMESPACE ? Object.keys(this.seeds) : []), ...(ns?.keys() ?? [])])) {
        const collections = ns?.get(api) ?? this.seedState(api);
        namespaces[nsName][api] = Object.fromEntries(
          [...collections].map(([c, docs]) => {
            pin.collections.add(docs);
            return [c, new PinnedDocs(() => pinnedView(docs, pin))];
          }),
        );
      }
    }
    this.pins.add(pin);
    return { snapshot: { ordermock: 1, seq, namespaces }, release: () => this.pins.delete(pin) };
  }

  /**
   * Called before `docs` changes: every pinned snapshot keeps what it needs to read the
   * collection as it was. `id`: the one document about to be replaced or added; null: documents
   * are removed or reordered, so the collection is copied as it was.
   */
  private beforeChange(docs: CollectionState, id: string | null): void {
    for (const pin of this.pins) {
      if (!pin.collections.has(docs) || pin.copies.has(docs)) continue;
      const before = pin.before.get(docs);
      if (id === null) pin.copies.set(docs, new Map(pinnedEntries(docs, before)));
      else if (!before) pin.before.set(docs, new Map([[id, docs.get(id)]]));
      else if (!before.has(id)) before.set(id, docs.get(id));
    }
  }

  private namedCount(): number {
    return this.namespaces.size - (this.namespaces.has(DEFAULT_NAMESPACE) ? 1 : 0);
  }

  /** The seeds of one API as text, converted once and shared read-only (again when --watch swaps them). */
  private seedState(api: string): ApiState {
    const source = this.seeds[api];
    let cached = this.seedStates.get(api);
    if (!cached || cached.source !== source) this.seedStates.set(api, (cached = { source, state: toApiState(source) }));
    return cached.state;
  }
}

/** What the snapshot holds of pins' collections. */
interface Pin {
  collections: Set<CollectionState>;
  /** Per collection, the documents changed since the snapshot began, as they were (undefined: added since). */
  before: Map<CollectionState, Map<string, StoredDoc | undefined>>;
  /** Collections copied as they were, before a delete or a reordering. */
  copies: Map<CollectionState, Map<string, StoredDoc>>;
}

/**
 * A pinned collection read as it was, lazily (changes happen between two steps): changed documents
 * as they were, added ones skipped; once the collection is copied (a delete), the rest from the copy.
 */
function* pinnedView(docs: CollectionState, pin: Pin): Generator<[string, StoredDoc]> {
  let done = 0;
  for (const entry of docs) {
    if (pin.copies.has(docs)) break;
    const was = asItWas(entry, pin.before.get(docs));
    if (was) {
      yield was;
      done++;
    }
  }
  // The copy lists the same documents in the same order: continue after those already given.
  const copy = pin.copies.get(docs);
  if (copy) yield* [...copy].slice(done);
}

function asItWas(entry: [string, StoredDoc], before: Map<string, StoredDoc | undefined> | undefined): [string, StoredDoc] | undefined {
  if (!before?.has(entry[0])) return entry;
  const was = before.get(entry[0]);
  return was === undefined ? undefined : [entry[0], was];
}

/** The collection as it was, in one pass (to copy it). */
function* pinnedEntries(docs: CollectionState, before: Map<string, StoredDoc | undefined> | undefined): Generator<[string, StoredDoc]> {
  for (const entry of docs) {
    const was = asItWas(entry, before);
    if (was) yield was;
  }
}

function copyApiState(state: ApiState): ApiState {
  return new Map([...state].map(([name, docs]) => [name, new Map(docs)]));
}

function toApiState(collections: Record<string, SnapshotDocs> | undefined): ApiState {
  const state: ApiState = new Map();
  for (const [name, docs] of Object.entries(collections ?? {})) {
    if (docs instanceof Map) state.set(name, new Map(docs));
    else if (docs instanceof PinnedDocs) state.set(name, new Map(docs.entries()));
    else state.set(name, new Map(Object.entries(docs).map(([id, doc]) => [id, doc instanceof RawJson ? doc.stored : storedDoc(JSON.stringify(doc))])));
  }
  return state;
}
