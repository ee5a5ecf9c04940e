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
    /** Yields the file's content in pieces (text, or UTF-8 bytes), so a large state is never one giant string. */
    private readonly serialize: (data: T) => Iterable<string | Uint8Array>,
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
      // Pieces are packed into one 1 MiB buffer, written and reused once full: a document kept as
      // bytes is copied, never decoded and encoded again, and requests run between two writes
      // during a background compaction.
      const chunk = Buffer.allocUnsafe(WRITE_STEP);
      let used = 0;
      let bytes = 0;
      const put = async (data: Uint8Array) => {
        for (let offset = 0; offset < data.length; ) offset += (await handle.write(data.subarray(offset))).bytesWritten || fail(tmp);
        bytes += data.length;
      };
      for (const piece of this.serialize(data)) {
        const size = typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
        if (used + size > WRITE_STEP && used > 0) {
          await put(chunk.subarray(0, used)); // written by the time it resolves: the buffer can be reused
          used = 0;
        }
        if (size > WRITE_STEP) await put(typeof piece === 'string' ? Buffer.from(piece) : piece);
        else if (typeof piece === 'string') used += chunk.write(piece, used);
        else {
          chunk.set(piece, used);
          used += size;
        }
      }
      if (used) await put(chunk.subarray(0, used));
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

const WRITE_STEP = 1 << 20;

function fail(file: string): never {
  throw Object.assign(new Error(`EIO: write to ${file} made no progress`), { code: 'EIO' });
}
