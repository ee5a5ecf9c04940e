import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from './lowdb-store.js';
import type { SeedData } from './store.js';

// Stand-in until the in-memory store lands (its branch replaces this file): ':memory:' means a
// private temp dir, removed on close, so nothing is ever written outside a temp dir.
export async function openStore(options: { file: string; seeds: SeedData }): Promise<LowdbStore> {
  if (options.file !== ':memory:') return LowdbStore.open(options);
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-memory-'));
  const store = await LowdbStore.open({ file: join(dir, 'db.json'), seeds: options.seeds });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  };
  return store;
}
