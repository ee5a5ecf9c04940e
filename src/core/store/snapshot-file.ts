import { DurableJSONFile } from './durable-json-file.js';
import type { FileLayer } from './file-layer.js';
import { isSnapshot, RawJson, serializeSnapshot, storedDoc, type Snapshot } from './snapshot.js';
import { notADataFile, notJson } from './store-open-error.js';

const HEADER = /^\{$|^ {2}"ordermock": 1,$|^ {2}"seq": (\d+),$/;
const OPEN = /^( +)("(?:[^"\\]|\\.)*"): \{(\},?)?$/;
const CLOSE = /^( *)\},?$/;
const DOC = /^ {10}("(?:[^"\\]|\\.)*"): (.*?),?$/;

/**
 * The data file, read line by line when it has the layout ordermock writes (one document per
 * line): each document stays JSON text, so 100,000 orders are never one giant string or a heap of
 * objects at start. A file edited into another layout is read as plain JSON instead.
 */
export class SnapshotFile extends DurableJSONFile<Snapshot> {
  constructor(file: string, files: FileLayer) {
    super(file, files, serializeSnapshot);
  }

  /** Null only when there is no file: any content that is not a data file stops the start. */
  override async read(): Promise<Snapshot | null> {
    try {
      const snapshot = (await readLayout(this.files.readLines(this.file), this.file)) ?? parseSnapshot(await this.files.readFile(this.file), this.file);
      this.bytesWritten = await this.files.size(this.file); // the size compaction is weighed against
      return snapshot;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

/** A data file in another layout (edited by hand): plain JSON, which must still be a snapshot. */
function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw notJson(file, (err as Error).message);
  }
  // Checked here, not after lowdb's read: lowdb takes a falsy value (`null`, `0`) for a missing file.
  if (!isSnapshot(value)) throw notADataFile(file, value);
  return value;
}

/** Null when the file is not in ordermock's own layout (the caller falls back to JSON.parse). */
async function readLayout(lines: AsyncIterable<string>, file: string): Promise<Snapshot | null> {
  const snapshot: Snapshot = { ordermock: 1, seq: 0, namespaces: {} };
  const stack: Record<string, unknown>[] = [];
  let headerLines = 0;
  let closed = false;
  for await (const line of lines) {
    if (closed) return null; // nothing may follow the final brace
    if (headerLines < 3) {
      const header = HEADER.exec(line);
      if (!header) return null;
      if (header[1] !== undefined) snapshot.seq = Number(header[1]);
      headerLines++;
      continue;
    }
    const doc = stack.length === 4 ? DOC.exec(line) : null;
    if (doc) {
      try {
        JSON.parse(doc[2]); // a damaged line must stop the start, as a damaged file does
      } catch (err) {
        throw notJson(file, `document ${doc[1]}: ${(err as Error).message}`);
      }
      setOwn(stack[3], JSON.parse(doc[1]), new RawJson(storedDoc(doc[2]))); // as kept in memory: the line can go
      continue;
    }
    const open = OPEN.exec(line);
    if (open && open[1].length === 2 * (stack.length + 1)) {
      const child: Record<string, unknown> = {};
      const parent = stack.length === 0 ? (snapshot as unknown as Record<string, unknown>) : stack[stack.length - 1];
      setOwn(parent, stack.length === 0 ? 'namespaces' : JSON.parse(open[2]), child);
      if (stack.length === 0 && open[2] !== '"namespaces"') return null;
      if (!open[3]) stack.push(child);
      continue;
    }
    if (line === '}' && stack.length === 0) {
      closed = true;
      continue;
    }
    const close = CLOSE.exec(line);
    if (close && stack.length > 0 && close[1].length === 2 * stack.length) {
      stack.pop();
      continue;
    }
    return null;
  }
  // Only a file that ends with its own final brace: a cut-off file is left to JSON.parse, which refuses it.
  return closed ? snapshot : null;
}

/** Ids are data: `__proto__` must become a key, not a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
