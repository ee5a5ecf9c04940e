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

/**
 * A collection in a snapshot: as read from a data file (objects, or documents kept as text), a
 * map of stored documents, or the store's own collection pinned as it was (see PinnedDocs).
 */
export type SnapshotDocs = Record<string, Doc | RawJson> | ReadonlyMap<string, StoredDoc> | PinnedDocs;

/**
 * A collection as it was when a snapshot began, read lazily from the store's live map (see
 * NamespaceStates.toSnapshot): nothing is copied in the tick that fixes the snapshot's content.
 */
export class PinnedDocs {
  constructor(readonly entries: () => Iterable<[string, StoredDoc]>) {}
}

/** The data file's shape: human-readable state, plus the last change it contains. */
export interface Snapshot {
  ordermock: 1;
  seq: number;
  namespaces: Record<string, Record<string, Record<string, SnapshotDocs>>>;
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
 * greppable) by people, and 100,000 orders never have to fit in one string. A document kept as
 * UTF-8 is yielded as those bytes, never decoded and encoded again.
 */
export function* serializeSnapshot(snapshot: Snapshot): Generator<string | Uint8Array> {
  yield `{\n  "ordermock": 1,\n  "seq": ${snapshot.seq},\n  "namespaces": {`;
  let firstNs = true;
  for (const [ns, apis] of Object.entries(snapshot.namespaces)) {
    yield `${firstNs ? '' : ','}\n    ${JSON.stringify(ns)}: {`;
    let firstApi = true;
    for (const [api, collections] of Object.entries(apis)) {
      yield `${firstApi ? '' : ','}\n      ${JSON.stringify(api)}: {`;
      let firstCollection = true;
      for (const [name, docs] of Object.entries(collections)) {
        yield `${firstCollection ? '' : ','}\n        ${JSON.stringify(name)}: {`;
        let firstDoc = true;
        // A map (or the store's own, pinned) holds documents as stored (JSON text or its bytes); a record, values read from a file.
        const asStored = docs instanceof Map || docs instanceof PinnedDocs;
        const entries: Iterable<[string, StoredDoc | Doc | RawJson]> = docs instanceof PinnedDocs ? docs.entries() : docs instanceof Map ? docs : Object.entries(docs);
        for (const [id, doc] of entries) {
          yield `${firstDoc ? '' : ','}\n          ${JSON.stringify(id)}: `;
          yield asStored ? (doc as StoredDoc) : doc instanceof RawJson ? doc.stored : JSON.stringify(doc);
          firstDoc = false;
        }
        yield firstDoc ? '}' : '\n        }';
        firstCollection = false;
      }
      yield firstCollection ? '}' : '\n      }';
      firstApi = false;
    }
    yield firstApi ? '}' : '\n    }';
    firstNs = false;
  }
  yield firstNs ? '}\n}\n' : '\n  }\n}\n';
}
