import type { Doc } from './store.js';

/**
 * A document kept as its JSON text (or that text's UTF-8 bytes, see StoredDoc): written to the
 * data file verbatim, never re-serialized. Bytes are decoded only when the text is asked for, so
 * a snapshot of the whole state holds no second copy of it.
 */
export class RawJson {
  constructor(readonly stored: StoredDoc) {}

  get text(): string {
    return docText(this.stored);
  }
}

/**
 * A document as the store keeps it in memory: its JSON text or, from 1 KiB on, that text as UTF-8
 * in a buffer of its own, outside the JS heap. V8 lets its heap grow to several times what it
 * holds before it collects, so 100,000 orders held as strings took gigabytes of RSS under updates;
 * held as buffers, a replaced document's memory returns at the next collection.
 */
export type StoredDoc = string | Uint8Array;

const OFF_HEAP_FROM = 1024;

export function storedDoc(text: string): StoredDoc {
  if (text.length < OFF_HEAP_FROM) return text;
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text)); // its own memory: no shared pool slab kept alive
  bytes.write(text);
  return bytes;
}

export function docText(doc: StoredDoc): string {
  return typeof doc === 'string' ? doc : (doc as Buffer).toString();
}

/** The data file's shape: human-readable state, plus the last change it contains. */
export interface Snapshot {
  ordermock: 1;
  seq: number;
  namespaces: Record<string, Record<string, Record<string, Record<string, Doc | RawJson>>>>;
}

export function emptySnapshot(): Snapshot {
  return { ordermock: 1, seq: 0, namespaces: {} };
}

export function isSnapshot(value: unknown): value is Snapshot {
  const v = value as Snapshot | null;
  return !!v && typeof v === 'object' && v.ordermock === 1 && typeof v.seq === 'number' && typeof v.namespaces === 'object';
}

/**
 * The data file's layout: the structure indented, one document per line. Stays readable (and
 * greppable) by people, and 100,000 orders never have to fit in one string.
 */
export function* serializeSnapshot(snapshot: Snapshot): Generator<string> {
  yield `{\n  "ordermock": 1,\n  "seq": ${snapshot.seq},\n  "namespaces": `;
  yield* members(snapshot.namespaces, 4, (apis) =>
    members(apis, 6, (collections) => members(collections, 8, (docs) => members(docs, 10, (doc) => [doc instanceof RawJson ? doc.text : JSON.stringify(doc)]))),
  );
  yield '\n}\n';
}

/** `"key": value` lines of one object at the given indentation, then its closing brace. */
function* members<T>(object: Record<string, T>, indent: number, value: (v: T) => Iterable<string>): Generator<string> {
  const pad = ' '.repeat(indent);
  let first = true;
  yield '{';
  for (const [key, v] of Object.entries(object)) {
    yield `${first ? '' : ','}\n${pad}${JSON.stringify(key)}: `;
    yield* value(v);
    first = false;
  }
  yield first ? '}' : `\n${' '.repeat(indent - 2)}}`;
}
