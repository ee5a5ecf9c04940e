// What one durable write costs on this disk: append a log-sized record, fdatasync, repeat.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** fdatasync after a small append in a fresh file under `dir`: p50/p99 in ms over `samples` (sync, ~1 s). */
export function measureFdatasync(dir, { samples = 200, bytes = 600 } = {}) {
  const where = mkdtempSync(join(dir, 'fsync-'));
  const fd = openSync(join(where, 'log'), 'a');
  const record = Buffer.alloc(bytes, 'x');
  const times = [];
  try {
    for (let i = 0; i < samples; i++) {
      writeSync(fd, record);
      const t = performance.now();
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(where, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(samples / 2)], p99: times[Math.floor(samples * 0.99)], samples };
}
