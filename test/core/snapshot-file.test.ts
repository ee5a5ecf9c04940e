import { describe, expect, it } from 'vitest';
import { DurableJSONFile } from '../../src/core/store/durable-json-file.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';
import { SnapshotFile } from '../../src/core/store/snapshot-file.js';
import { RawJson, serializeSnapshot, type Snapshot } from '../../src/core/store/snapshot.js';
import { StoreOpenError } from '../../src/core/store/store-open-error.js';
import { faultyFiles } from '../support/faulty-files.js';

const FILE = '/data/db.json';

/** A state with the shapes the reader must get right: namespaces, empty collections, odd ids. */
function sampleSnapshot(): Snapshot {
  return {
    ordermock: 1,
    seq: 7,
    namespaces: {
      default: {
        demo: {
          orders: { a: { id: 'a', n: 1, lines: [{ sku: 'x' }] }, 'we"ird\\id': { id: 'we"ird\\id', note: 'a "quoted" } brace' } },
          users: {},
        },
        other: { things: { t: { id: 't' } } },
      },
      ns2: { demo: { orders: { b: { id: 'b', text: 'ä€😀'.repeat(400) } } } },
    },
  };
}

const ownLayout = (snapshot: Snapshot) => Buffer.concat([...serializeSnapshot(snapshot)].map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece))).toString();

/** The state with every document as a plain value, however the reader kept it. */
function plain(snapshot: Snapshot | null): unknown {
  return JSON.parse(JSON.stringify(snapshot, (_key, value: unknown) => (value instanceof RawJson ? JSON.parse(value.text) : value)));
}

function documents(snapshot: Snapshot): unknown[] {
  return Object.values(snapshot.namespaces).flatMap((apis) => Object.values(apis).flatMap((collections) => Object.values(collections).flatMap((docs) => Object.values(docs))));
}

async function readText(text: string): Promise<{ snapshot: Snapshot | null; file: SnapshotFile }> {
  const files = memoryFiles();
  await files.writeFile(FILE, text);
  const file = new SnapshotFile(FILE, files);
  return { snapshot: await file.read(), file };
}

describe('the data file reader', () => {
  it('reads its own layout line by line: the same state, each document kept as its stored text, the size noted', async () => {
    const text = ownLayout(sampleSnapshot());
    const { snapshot, file } = await readText(text);
    expect(plain(snapshot)).toEqual(sampleSnapshot());
    expect(snapshot!.seq).toBe(7);
    const docs = documents(snapshot!);
    expect(docs).toHaveLength(4);
    for (const doc of docs) expect(doc).toBeInstanceOf(RawJson);
    expect(file.bytesWritten).toBe(Buffer.byteLength(text));
  });

  it('reads an id that is __proto__ as an ordinary key', async () => {
    const text = ownLayout(sampleSnapshot()).replace('"a": {"id":"a"', '"__proto__": {"id":"a"');
    const { snapshot } = await readText(text);
    const orders = snapshot!.namespaces.default.demo.orders;
    expect(Object.keys(orders)).toEqual(['__proto__', 'we"ird\\id']);
    expect(Object.getPrototypeOf(orders)).toBe(Object.prototype);
  });

  // Each is valid JSON in another layout (a hand edit): read as plain JSON, to the very same state.
  const otherLayouts: Record<string, (own: string) => string> = {
    'pretty-printed with 4 spaces': () => JSON.stringify(sampleSnapshot(), null, 4),
    'on one line': () => JSON.stringify(sampleSnapshot()),
    'the header on one line': (own) => own.replace('{\n  "ordermock": 1,\n  "seq": 7,', '{ "ordermock": 1, "seq": 7,'),
    'a document one level deeper': (own) => own.replace('\n          "a": ', '\n            "a": '),
    'a document one level shallower': (own) => own.replace('\n          "a": ', '\n        "a": '),
    'a collection indented like an API': (own) => own.replace('\n        "users": {}', '\n      "users": {}'),
    'a closing brace out of place': (own) => own.replace('\n        },\n        "users"', '\n      },\n        "users"'),
    'a closing brace too deep at the end': (own) => own.replace(/\n {2}\}\n\}\n$/, '\n    }\n}\n'),
    'an empty line inside': (own) => own.replace('\n      "other"', '\n\n      "other"'),
    'namespaces opened on its own line': (own) => own.replace('  "namespaces": {\n', '  "namespaces":\n  {\n'),
  };
  for (const [layout, edit] of Object.entries(otherLayouts)) {
    it(`reads a data file in another layout as plain JSON: ${layout}`, async () => {
      const text = edit(ownLayout(sampleSnapshot()));
      expect(() => JSON.parse(text)).not.toThrow();
      const { snapshot, file } = await readText(text);
      expect(plain(snapshot)).toEqual(sampleSnapshot());
      for (const doc of documents(snapshot!)) expect(doc).not.toBeInstanceOf(RawJson);
      expect(file.bytesWritten).toBe(Buffer.byteLength(text));
    });
  }

  it('reads a data file whose third member is not "namespaces" as plain JSON (and so keeps that member)', async () => {
    const text = ownLayout(sampleSnapshot()).replace('  "namespaces": {', '  "extra": {},\n  "namespaces": {');
    const { snapshot } = await readText(text);
    expect(plain(snapshot)).toEqual({ ...sampleSnapshot(), extra: {} });
  });

  // Each looks like the layout almost to the end: a line reader that stopped early would accept it.
  const notJson: Record<string, (own: string) => string> = {
    'the final brace missing': (own) => own.replace(/\}\n$/, ''),
    'a brace too many at the end': (own) => `${own}}\n`,
    'a line after the final brace': (own) => `${own}"more"\n`,
    'a namespace never closed': (own) => own.replace(/\n {2}\}\n\}\n$/, '\n}\n'),
  };
  for (const [damage, edit] of Object.entries(notJson)) {
    it(`refuses a data file that is not JSON: ${damage}`, async () => {
      const text = edit(ownLayout(sampleSnapshot()));
      expect(() => JSON.parse(text)).toThrow();
      const files = memoryFiles();
      await files.writeFile(FILE, text);
      const error = await new SnapshotFile(FILE, files).read().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as Error).message).toContain(`${FILE} is not valid JSON`);
    });
  }

  it('gives null for a data file that does not exist (lowdb then keeps its default)', async () => {
    expect(await new SnapshotFile(FILE, memoryFiles()).read()).toBeNull();
  });
});

/** The durable write alone, with the text in pieces of our choosing. */
class PiecesFile extends DurableJSONFile<null> {
  async read(): Promise<null> {
    return null;
  }
}

describe('the durable write (temp file, sync, rename, directory sync)', () => {
  const MiB = 1 << 20;
  const pieces = (count: number, size: number) => () => Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i).repeat(size));

  it('writes the text in steps of at least 1 MiB, syncs the temp file, then renames it into place and syncs the directory', async () => {
    const files = faultyFiles(memoryFiles());
    const file = new PiecesFile(FILE, files, pieces(4, MiB / 2));
    await file.writeWhen(null, async () => undefined);
    expect(files.events).toEqual([`write db.json.tmp ${MiB}`, `write db.json.tmp ${MiB}`, 'sync db.json.tmp', 'rename db.json.tmp db.json', 'syncDir']);
    expect(await files.readFile(FILE)).toBe(pieces(4, MiB / 2)().join(''));
    expect(file.bytesWritten).toBe(2 * MiB);
  });

  it('packs pieces into writes of at most 1 MiB (a larger piece alone), writes what is left at the end, and counts bytes, not characters', async () => {
    const files = faultyFiles(memoryFiles());
    const bytes = Buffer.from('z'.repeat(300 * 1024));
    const pieces = ['x'.repeat(700 * 1024), 'y'.repeat(300 * 1024), bytes, 'w'.repeat(1100 * 1024), 'ä'.repeat(10)];
    const file = new PiecesFile(FILE, files, () => pieces);
    await file.writeWhen(null, async () => undefined);
    expect(files.events.filter((e) => e.startsWith('write'))).toEqual([
      `write db.json.tmp ${1000 * 1024}`, // x + y: z would pass 1 MiB
      `write db.json.tmp ${300 * 1024}`, // z (bytes, as given)
      `write db.json.tmp ${1100 * 1024}`, // w: larger than a step, alone
      'write db.json.tmp 20', // ä: two bytes each
    ]);
    expect(file.bytesWritten).toBe(2400 * 1024 + 20);
    expect(await files.readFile(FILE)).toBe(pieces.map((p) => p.toString()).join(''));
  });

  it('renames only once `ready` resolves, after the temp file is synced; if it rejects, the old file stays and the temp file goes', async () => {
    const files = faultyFiles(memoryFiles());
    const file = new SnapshotFile(FILE, files);
    await file.write(sampleSnapshot());
    const before = await files.readFile(FILE);
    expect(before).toBe(ownLayout(sampleSnapshot()));

    files.events.length = 0;
    let eventsAtReady: string[] = [];
    const refused = new Error('the log write failed');
    const changed = { ...sampleSnapshot(), seq: 8 };
    await expect(
      file.writeWhen(changed, async () => {
        eventsAtReady = [...files.events];
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(eventsAtReady).toEqual([`write db.json.tmp ${Buffer.byteLength(ownLayout(changed))}`, 'sync db.json.tmp']);
    expect(files.events.slice(2)).toEqual(['unlink db.json.tmp']);
    expect(await files.readFile(FILE)).toBe(before);
    expect(await files.readdir('/data')).toEqual(['db.json']);
  });
});
