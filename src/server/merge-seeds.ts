import type { Doc, SeedData, Store } from '../core/store/store.js';

export interface MergeCounts {
  changed: number;
  added: number;
  removed: number;
  /** Documents a client changed since they were seeded: left as they are. */
  kept: number;
}

/**
 * Applies an edit of one API's seed file to the live state of every namespace, three-way:
 * a document still exactly as seeded follows the file (changed, added, removed); a document a
 * client changed keeps the client's version.
 */
export function mergeSeeds(store: Store, api: string, before: SeedData[string], after: SeedData[string]): MergeCounts {
  const counts: MergeCounts = { changed: 0, added: 0, removed: 0, kept: 0 };
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const namespace of store.namespaces()) {
    const data = store.data(namespace, api);
    for (const name of names) {
      const collection = data.collection<Doc>(name);
      const old = before[name] ?? {};
      const next = after[name] ?? {};
      for (const id of new Set([...Object.keys(old), ...Object.keys(next)])) {
        const wasSeeded = JSON.stringify(old[id]);
        const willBe = JSON.stringify(next[id]);
        if (wasSeeded === willBe) continue;
        if (JSON.stringify(collection.get(id)) !== wasSeeded) {
          counts.kept++;
          continue;
        }
        if (next[id] === undefined) {
          collection.delete(id);
          counts.removed++;
        } else {
          collection.put(id, structuredClone(next[id]));
          counts[old[id] === undefined ? 'added' : 'changed']++;
        }
      }
    }
  }
  return counts;
}
