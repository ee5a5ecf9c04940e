import { readFile, unlink, writeFile } from 'node:fs/promises';
import { StoreOpenError } from './store-open-error.js';

/**
 * One writer per data file: a second ordermock on the same file would interleave two change logs
 * and lose changes. The lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
export async function lockDataFile(file: string): Promise<() => Promise<void>> {
  const lockFile = `${file}.lock`;
  try {
    await writeFile(lockFile, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new StoreOpenError(file, 'in-use', `Data file ${file} is in use by another ordermock (pid ${owner}); stop it, or use another --data file (or :memory:).`);
    }
    await writeFile(lockFile, String(process.pid));
  }
  return () => unlink(lockFile).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
