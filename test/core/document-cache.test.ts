import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import { loadSpec } from '../../src/core/contract/load-spec.js';

// The dereferenced contract is cached by its text: a warm load must give the very same document,
// shared `$ref` targets still shared (openapi-backend's validators depend on it).
let cacheDir: string;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ordermock-dcache-'));
  cacheDir = join(dir, 'cache');
  vi.stubEnv('ORDERMOCK_CACHE_DIR', cacheDir);
});
afterEach(() => vi.unstubAllEnvs());

const documents = async () => (await readdir(cacheDir).catch(() => [] as string[])).filter((f) => f.endsWith('.document'));
const specFile = join(import.meta.dirname, '../../specs/recerc.yaml');
/** Distinct objects in a document, and how many places point at one: sharing, as a shape. */
function sharing(root: unknown): { distinct: number; visits: number } {
  const seen = new Set<unknown>();
  let visits = 0;
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    visits++;
    if (seen.has(v)) return;
    seen.add(v);
    for (const child of Object.values(v)) walk(child);
  };
  walk(root);
  return { distinct: seen.size, visits };
}

describe('document cache', () => {
  it('a warm load returns the same document as a fresh dereference, shared targets shared', async () => {
    const fresh = await SwaggerParser.dereference(specFile);
    const first = await loadSpec(specFile);
    expect(await documents()).toHaveLength(1);
    const second = await loadSpec(specFile);
    expect(second).not.toBe(first);
    expect(second).toEqual(fresh);
    // A `$ref` target used in several places is one object, as SwaggerParser makes it.
    const shape = sharing(fresh);
    expect(shape.distinct).toBeLessThan(shape.visits);
    expect(sharing(second)).toEqual(shape);
  });

  it('ignores a corrupt cached document and rewrites it', async () => {
    await loadSpec(specFile);
    const [file] = await documents();
    await writeFile(join(cacheDir, file), '{"format":1,"root":{"\\u0000shared":99},"shared":[]}');
    expect(await loadSpec(specFile)).toEqual(await SwaggerParser.dereference(specFile));
    expect(await loadSpec(specFile)).toEqual(await SwaggerParser.dereference(specFile));
  });

  it('never caches a contract with an external $ref (the other file is not in the key)', async () => {
    await writeFile(join(dir, 'common.yaml'), 'Thing: { type: object, properties: { a: { type: string } } }\n');
    await writeFile(
      join(dir, 'api.yaml'),
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Thing: { $ref: './common.yaml#/Thing' }\n",
    );
    const doc = await loadSpec(join(dir, 'api.yaml'));
    expect((doc.components!.schemas!.Thing as { properties: object }).properties).toEqual({ a: { type: 'string' } });
    expect(await documents()).toHaveLength(0);
  });
});
