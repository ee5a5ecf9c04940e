import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Doc, SeedData } from './store.js';

/** Reads `<dir>/<api>.json` for each API: `{ "collections": { name: { id: doc } } }`. */
export async function loadSeeds(dir: string, apis: string[]): Promise<SeedData> {
  const seeds: SeedData = {};
  for (const api of apis) {
    const file = join(dir, `${api}.json`);
    let parsed: { collections?: Record<string, Record<string, Doc>> };
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new Error(`Cannot read seed data ${file}: ${(err as Error).message}`);
    }
    if (!parsed || typeof parsed.collections !== 'object') throw new Error(`Seed data ${file} has no "collections" object`);
    seeds[api] = parsed.collections;
  }
  return seeds;
}
