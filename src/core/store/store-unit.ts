import type { ChangeOp } from './change-log.js';
import { docText, type StoredDoc } from './snapshot.js';
import type { ApiData, Collection, Doc } from './store.js';

/** A change with its document serialized once (for memory, the log and the next snapshot). */
export interface PendingChange {
  op: ChangeOp;
  docText: string;
}

/** The change that resets one namespace (one API of it), or every namespace. */
export const resetChange = (namespace?: string, api?: string): PendingChange => ({
  op: { o: 'reset', n: namespace ?? null, ...(api === undefined ? {} : { a: api }) },
  docText: '',
});

/** Where a unit reads committed documents and sends its changes. */
export interface UnitTarget {
  read(namespace: string, api: string, name: string): ReadonlyMap<string, StoredDoc>;
  commit(changes: PendingChange[]): Promise<void>;
}

/**
 * One request's changes, private until `commit()`: reads see the unit's own writes over the
 * committed state; nobody else sees them, and a unit never committed leaves no trace.
 */
export class StoreUnit {
  private readonly changes: PendingChange[] = [];
  /** Per collection: id → new text, or null for deleted. */
  private readonly overlay = new Map<string, Map<string, string | null>>();
  /** One collection object per name, made on first use: a handler asks for the same ones again and again. */
  private readonly collections = new Map<string, Collection<Doc>>();
  private committed = false;

  constructor(private readonly target: UnitTarget) {}

  data(namespace: string, api: string): ApiData {
    return {
      collection: <T>(name: string) => {
        const key = `${namespace}\u0000${api}\u0000${name}`; // API and collection names hold no NUL: unambiguous
        let collection = this.collections.get(key);
        if (!collection) this.collections.set(key, (collection = this.collection(key, namespace, api, name)));
        return collection as unknown as Collection<T>;
      },
    };
  }

  /** Applies every change as one atomic record and resolves once it (and all before it) is durable. */
  commit(): Promise<void> {
    if (this.committed) throw new Error('A store unit commits once');
    this.committed = true;
    return this.target.commit(this.changes);
  }

  private collection(key: string, namespace: string, api: string, name: string): Collection<Doc> {
    const base = () => this.target.read(namespace, api, name);
    const own = () => this.overlay.get(key);
    const stored = (id: string): StoredDoc | undefined => {
      const mine = own()?.get(id);
      return mine === undefined ? base().get(id) : (mine ?? undefined);
    };
    const merged = (): StoredDoc[] => {
      const mine = own();
      if (!mine) return [...base().values()];
      const out: StoredDoc[] = [];
      for (const [id, t] of base()) if (!mine.has(id)) out.push(t);
      else if (mine.get(id) !== null) out.push(mine.get(id)!);
      for (const [id, t] of mine) if (t !== null && !base().has(id)) out.push(t);
      return out;
    };
    const change = (op: ChangeOp, docText: string, value: string | null) => {
      if (this.committed) throw new Error('This store unit is already committed');
      let mine = this.overlay.get(key);
      if (!mine) this.overlay.set(key, (mine = new Map()));
      mine.set(op.o === 'reset' ? '' : op.i, value);
      this.changes.push({ op, docText });
    };
    return {
      get: (id) => {
        const doc = stored(id);
        return doc === undefined ? undefined : (JSON.parse(docText(doc)) as Doc);
      },
      has: (id) => stored(id) !== undefined,
      list: () => merged().map((t) => JSON.parse(docText(t)) as Doc),
      put: (id, doc) => {
        const text = JSON.stringify(doc);
        change({ o: 'put', n: namespace, a: api, c: name, i: id }, text, text);
      },
      delete: (id) => {
        if (stored(id) === undefined) return false;
        change({ o: 'del', n: namespace, a: api, c: name, i: id }, '', null);
        return true;
      },
      get size() {
        return own() ? merged().length : base().size;
      },
    };
  }
}
