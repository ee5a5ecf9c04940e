import { join } from 'node:path';
import { cacheDir, hashOf, readCacheFile, writeCacheFile } from '../cache-files.js';
import { nameDocument } from './validator-cache.js';

/**
 * Dereferenced contracts kept beside the validator cache, keyed by the hash of the file's text:
 * a warm start skips YAML parsing and `$ref` resolution. A `$ref` used in several places is one
 * shared object in a dereferenced document (openapi-backend turns repeats back into `$ref`s, so
 * the validators depend on it): shared objects are stored once and shared again on load.
 */

const FORMAT = 1;
const SHARED = '\u0000shared';

/** The cached document for a contract's text, or null. Contracts with external `$ref`s are never cached. */
export function cachedDocument<T>(text: string, parser: string): { value: T | null; store: (doc: T) => void } {
  const dir = cacheDir();
  // Another file's content is not in this hash: such a contract is resolved every time.
  if (!dir || /\$ref['"]?\s*:(?!\s*['"]?#)/.test(text)) return { value: null, store: () => undefined };
  const key = hashOf(`${FORMAT}\n${parser}\n${text}`);
  const file = join(dir, `${key}.document`);
  let value: T | null = null;
  try {
    const raw = readCacheFile(dir, file);
    if (raw !== null) value = decode(JSON.parse(raw)) as T;
  } catch {
    value = null; // corrupt: resolved again and rewritten
  }
  // The same key names the document for the validator cache, whether it was read or resolved now.
  if (value && typeof value === 'object') nameDocument(value, key);
  return {
    value,
    store: (doc) => {
      if (doc && typeof doc === 'object') nameDocument(doc, key);
      writeCacheFile(dir, file, () => JSON.stringify(encode(doc)));
    },
  };
}

/** JSON with every object seen more than once stored once, in `shared`, and referenced by index. */
function encode(root: unknown): { format: number; root: unknown; shared: unknown[] } {
  const seen = new Map<object, number>();
  const count = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) throw new Error('not plain JSON'); // e.g. a YAML date
    const n = seen.get(v) ?? 0;
    seen.set(v, n + 1);
    if (n === 0) for (const child of Array.isArray(v) ? v : Object.values(v)) count(child);
  };
  count(root);
  const index = new Map<object, number>();
  const shared: unknown[] = [];
  const copy = (v: unknown, top = false): unknown => {
    if (!v || typeof v !== 'object') return v;
    if (!top && (seen.get(v) ?? 0) > 1) {
      let i = index.get(v);
      if (i === undefined) {
        index.set(v, (i = shared.length));
        shared.push(null);
        shared[i] = copy(v, true);
      }
      return { [SHARED]: i };
    }
    if (Array.isArray(v)) return v.map((x) => copy(x));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  };
  return { format: FORMAT, root: copy(root), shared };
}

function decode(doc: { format?: unknown; root?: unknown; shared?: unknown }): unknown {
  if (doc.format !== FORMAT || !Array.isArray(doc.shared)) throw new Error('not a cached document');
  const shared = doc.shared as unknown[];
  const done = new Set<unknown>();
  const link = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const ref = (v as Record<string, unknown>)[SHARED];
    if (typeof ref === 'number') {
      const target = shared[ref];
      if (!target || typeof target !== 'object') throw new Error('bad shared reference');
      if (!done.has(target)) {
        done.add(target);
        fill(target);
      }
      return target;
    }
    fill(v);
    return v;
  };
  const fill = (v: object): void => {
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = link(v[i]);
    else for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = link((v as Record<string, unknown>)[k]);
  };
  return link(doc.root);
}
