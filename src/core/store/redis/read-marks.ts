import type { ChangeOp } from '../change-log.js';
import type { PendingChange } from '../store-unit.js';
import type { ApiData, Collection, StoreTransaction } from '../store.js';

/**
 * Revision marks, as fields of the `rev` hash. A document read depends on its own mark and on
 * the reset marks above it (its API in its namespace, its namespace, its API everywhere, all);
 * a whole-collection read (list, size) on the collection's mark instead of the document's.
 */
export const mark = (...path: (string | null)[]): string => JSON.stringify(path);

const resetMarks = (ns: string, api: string): string[] => [mark(ns, api), mark(ns), mark(null, api), mark()];

/** The mark a reset sets (see Store.reset). */
export function resetMark(ns: string | null, api: string | undefined): string {
  if (ns === null) return api === undefined ? mark() : mark(null, api);
  return api === undefined ? mark(ns) : mark(ns, api);
}

/** What the commit script receives for one change: kind, ns, api, field, rev, collection rev, text. */
export function changeArgs({ op, docText }: PendingChange): string[] {
  if (op.o === 'reset') {
    const kind = op.n === null ? (op.a === undefined ? 'R' : 'Ra') : op.a === undefined ? 'Rn' : 'Rna';
    return [kind, op.n ?? '', op.a ?? '', '', resetMark(op.n, op.a), '', ''];
  }
  return [op.o, op.n, op.a, JSON.stringify([op.c, op.i]), mark(op.n, op.a, op.c, op.i), mark(op.n, op.a, op.c), op.o === 'put' ? docText : ''];
}

/** A change as the stream carries it to the other instances: the op without its document, and the text. */
export function recordText(changes: PendingChange[]): string {
  return JSON.stringify(changes.map(({ op, docText }) => ({ ...op, d: undefined, t: op.o === 'put' ? docText : undefined })));
}

export function parseRecord(text: string): PendingChange[] {
  return (JSON.parse(text) as (ChangeOp & { t?: string })[]).map(({ t, ...op }) => ({ op: op as ChangeOp, docText: t ?? '' }));
}

/**
 * Wraps a transaction so that every read leaves the marks it depends on: the commit script
 * refuses the commit if any of them moved after the replica's sequence number.
 */
export function markReads(tx: StoreTransaction, marks: Set<string>): StoreTransaction {
  return {
    commit: () => tx.commit(),
    data: (ns, api): ApiData => ({
      collection: <T>(name: string): Collection<T> => {
        const inner = tx.data(ns, api).collection<T>(name);
        const doc = (id: string) => [mark(ns, api, name, id), ...resetMarks(ns, api)].forEach((m) => marks.add(m));
        const all = () => [mark(ns, api, name), ...resetMarks(ns, api)].forEach((m) => marks.add(m));
        return {
          get: (id) => (doc(id), inner.get(id)),
          has: (id) => (doc(id), inner.has(id)),
          list: () => (all(), inner.list()),
          put: (id, value) => (doc(id), inner.put(id, value)),
          delete: (id) => (doc(id), inner.delete(id)),
          get size() {
            all();
            return inner.size;
          },
        };
      },
    }),
  };
}

