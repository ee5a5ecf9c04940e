import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * lowdb adapter that means it when it says "written": temp file, fsync, rename, fsync of the
 * directory (lowdb's own JSONFile uses steno, which renames but never fsyncs).
 */
export class DurableJSONFile<T> implements Adapter<T> {
  /** Size of the file as last written (or read, by subclasses that know it). */
  bytesWritten = 0;

  constructor(
    private readonly file: string,
    /** Yields the file's text in pieces, so a large state is never one giant string. */
    private readonly serialize: (data: T) => Iterable<string> = (data) => [JSON.stringify(data, null, 2)],
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new DataFileError(this.file, (err as Error).message);
    }
  }

  async write(data: T): Promise<void> {
    const tmp = `${this.file}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      let buffer = '';
      let bytes = 0;
      for (const piece of this.serialize(data)) {
        buffer += piece;
        // Writing in ~1 MiB steps also lets requests run between steps during a background compaction.
        if (buffer.length >= 1 << 20) {
          bytes += (await handle.write(buffer)).bytesWritten;
          buffer = '';
        }
      }
      if (buffer) bytes += (await handle.write(buffer)).bytesWritten;
      this.bytesWritten = bytes;
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file);
    await fsyncDir(dirname(this.file));
  }
}

/** Makes a rename or unlink in `dir` durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Data file ${file} is not valid JSON (${reason}). ordermock left it untouched: fix it, or move it away to start from the seed data.`);
    this.name = 'DataFileError';
  }
}
