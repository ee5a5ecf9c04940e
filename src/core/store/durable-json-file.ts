import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import type { FileLayer } from './file-layer.js';

/**
 * lowdb adapter that means it when it says "written": temp file, fsync, rename, fsync of the
 * directory (lowdb's own JSONFile uses steno, which renames but never fsyncs).
 */
export abstract class DurableJSONFile<T> implements Adapter<T> {
  /** Size of the file as last written (or read, by subclasses that know it). */
  bytesWritten = 0;

  constructor(
    protected readonly file: string,
    protected readonly files: FileLayer,
    /** Yields the file's text in pieces, so a large state is never one giant string. */
    private readonly serialize: (data: T) => Iterable<string>,
  ) {}

  /** The file's data, or null when there is no file (lowdb then keeps its default data). */
  abstract read(): Promise<T | null>;

  write(data: T): Promise<void> {
    return this.writeWhen(data, async () => undefined);
  }

  /**
   * Writes and syncs the temp file, then renames it into place only once `ready` resolves (the
   * change log holds everything the data contains); if `ready` rejects, the old file stays.
   */
  async writeWhen(data: T, ready: () => Promise<void>): Promise<void> {
    const tmp = `${this.file}.tmp`;
    const handle = await this.files.open(tmp, 'w');
    try {
      let buffer = '';
      let bytes = 0;
      const put = async (text: string) => {
        const chunk = Buffer.from(text);
        for (let offset = 0; offset < chunk.length; ) offset += (await handle.write(chunk.subarray(offset))).bytesWritten || fail(tmp);
        bytes += chunk.length;
      };
      for (const piece of this.serialize(data)) {
        buffer += piece;
        // Writing in ~1 MiB steps also lets requests run between steps during a background compaction.
        if (buffer.length >= 1 << 20) {
          await put(buffer);
          buffer = '';
        }
      }
      if (buffer) await put(buffer);
      await handle.sync();
      this.bytesWritten = bytes;
    } finally {
      await handle.close();
    }
    try {
      await ready();
    } catch (err) {
      await this.files.unlink(tmp).catch(() => undefined);
      throw err;
    }
    await this.files.rename(tmp, this.file);
    await this.files.syncDir(dirname(this.file));
  }
}

function fail(file: string): never {
  throw Object.assign(new Error(`EIO: write to ${file} made no progress`), { code: 'EIO' });
}
