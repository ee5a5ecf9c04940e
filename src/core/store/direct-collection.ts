import type { ChangeOp } from './change-log.js';
import { docText, type StoredDoc } from './snapshot.js';
import type { Collection, Doc } from './store.js';

/**
 * A collection over committed documents (JSON text) whose writes each go to `record` as one
 * change: the file store's and the Redis store's `data()` (the control plane's writes).
 */
export function directCollection(
  docs: () => ReadonlyMap<string, StoredDoc>,
  where: { namespace: string; api: string; name: string },
  record: (op: ChangeOp, docText: string) => void,
): Collection<Doc> {
  const { namespace: n, api: a, name: c } = where;
  return {
    get: (id) => {
      const stored = docs().get(id);
      return stored === undefined ? undefined : (JSON.parse(docText(stored)) as Doc);
    },
    has: (id) => docs().has(id),
    list: () => [...docs().values()].map((stored) => JSON.parse(docText(stored)) as Doc),
    put: (id, doc) => record({ o: 'put', n, a, c, i: id }, JSON.stringify(doc)),
    delete: (id) => {
      if (!docs().has(id)) return false;
      record({ o: 'del', n, a, c, i: id }, '');
      return true;
    },
    get size() {
      return docs().size;
    },
  };
}
