import { chmod, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Compiled validators are cached on disk (Ajv standalone code): a second start must judge every
// request exactly as a fresh compilation does, and a damaged or untrusted cache must not matter.
const spec = `
openapi: 3.1.0
info: { title: demo, version: '1' }
paths:
  /things/{id}:
    put:
      operationId: putThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer, format: int32 } }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [kind]
              additionalProperties: false
              properties:
                kind: { const: thing }
                email: { type: string, format: email }
                size: { type: integer, format: int32 }
                serial: { type: string, readOnly: true }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: integer } } }
`;

const cases: [string, string, unknown][] = [
  ['valid', '7', { kind: 'thing', email: 'a@example.com', size: 3 }],
  ['read-only field', '7', { kind: 'thing', serial: 'S1' }],
  ['bad email format', '7', { kind: 'thing', email: 'not-an-email' }],
  ['int32 overflow', '7', { kind: 'thing', size: 2 ** 40 }],
  ['wrong const', '7', { kind: 'other' }],
  ['path id not an integer', 'x', { kind: 'thing' }],
];

let cacheDir: string;
let specFile: string;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-vcache-'));
  cacheDir = join(dir, 'cache');
  specFile = join(dir, 'demo.yaml');
  await writeFile(specFile, spec);
  vi.stubEnv('ORDERMOCK_CACHE_DIR', cacheDir);
});
afterEach(() => vi.unstubAllEnvs());

/** A "start": fresh modules (no in-process memo), the contract built (`lazy`: as the server builds it). */
async function build(lazy = false) {
  vi.resetModules();
  const { createBackend } = await import('../../src/core/contract/build-backend.js');
  const { loadSpec } = await import('../../src/core/contract/load-spec.js');
  return createBackend(await loadSpec(specFile), { lazy });
}

/** One start, every case judged. */
async function start(lazy = false): Promise<string[][]> {
  const backend = await build(lazy);
  const validators = backend.validator.getRequestValidatorsForOperation('putThing');
  return cases.map(([, id, body]) => {
    const input = { path: { id }, query: {}, header: {}, cookie: {}, requestBody: body };
    return validators.flatMap((v) => (v(input) ? [] : (v.errors ?? []).map((e) => `${e.keyword} ${e.instancePath} ${e.message}`)));
  });
}

const cacheFiles = async () => (existsSync(cacheDir) ? (await readdir(cacheDir)).filter((f) => f.endsWith('.json')) : []);

describe('validator cache', () => {
  it('a second start judges every request exactly as the first, from the cached code', async () => {
    const first = await start();
    expect(first[0]).toEqual([]);
    for (let i = 1; i < cases.length; i++) expect(first[i], cases[i][0]).not.toEqual([]);
    expect(first[1].join()).toMatch(/readOnly .*read-only/);
    expect(await cacheFiles()).toHaveLength(1);
    const written = await readFile(join(cacheDir, (await cacheFiles())[0]), 'utf8');

    expect(await start()).toEqual(first);
    // Nothing was missing: the file is not rewritten.
    expect(await readFile(join(cacheDir, (await cacheFiles())[0]), 'utf8')).toBe(written);
  });

  it('uses the cached code on the next start, unless the directory is writable by others', async () => {
    await start();
    const [file] = await cacheFiles();
    const doc = JSON.parse(await readFile(join(cacheDir, file), 'utf8'));
    // Plant validators that accept anything: if the cache is used, bad requests pass.
    for (const key of Object.keys(doc.validators)) doc.validators[key] = 'module.exports.default = function v() { return true; };';
    await writeFile(join(cacheDir, file), JSON.stringify(doc));
    expect((await start()).every((errors) => errors.length === 0)).toBe(true);

    await chmod(cacheDir, 0o777);
    const verdicts = await start();
    expect(verdicts.slice(1).every((errors) => errors.length > 0)).toBe(true);
  });

  it('ignores a corrupt cache file and rewrites it', async () => {
    const first = await start();
    const [file] = await cacheFiles();
    await writeFile(join(cacheDir, file), '{"format":1,"validators":{"x":');
    expect(await start()).toEqual(first);
    expect(JSON.parse(await readFile(join(cacheDir, file), 'utf8')).validators).not.toEqual({});
  });

  it('compiles a validator whose cached code does not load', async () => {
    const first = await start();
    const [file] = await cacheFiles();
    const doc = JSON.parse(await readFile(join(cacheDir, file), 'utf8'));
    for (const key of Object.keys(doc.validators)) doc.validators[key] = 'this is not javascript (';
    await writeFile(join(cacheDir, file), JSON.stringify(doc));
    expect(await start()).toEqual(first);
  });

  it('a changed contract gets its own cache entry', async () => {
    await start();
    await writeFile(specFile, spec.replace('format: email', 'minLength: 1'));
    const verdicts = await start();
    expect(verdicts[2]).toEqual([]); // 'not-an-email' is fine without the format
    expect(verdicts[3]).not.toEqual([]);
    expect(await cacheFiles()).toHaveLength(2);
  });

  it('caches the validators of a contract the contract cache skips (an external $ref), by its content', async () => {
    await writeFile(join(cacheDir, '..', 'size.yaml'), 'type: integer\nformat: int32\n');
    await writeFile(specFile, spec.replace('size: { type: integer, format: int32 }', "size: { $ref: './size.yaml' }"));
    const first = await start();
    expect(first[3]).not.toEqual([]); // the int32 rule comes from the other file
    expect(await cacheFiles()).toHaveLength(1);
    const written = await readFile(join(cacheDir, (await cacheFiles())[0]), 'utf8');
    expect(await start()).toEqual(first);
    expect(await readFile(join(cacheDir, (await cacheFiles())[0]), 'utf8')).toBe(written);
  });

  it('writes nothing with ORDERMOCK_CACHE_DIR=off', async () => {
    vi.stubEnv('ORDERMOCK_CACHE_DIR', 'off');
    const verdicts = await start();
    expect(verdicts[2]).not.toEqual([]);
    expect(existsSync(cacheDir)).toBe(false);
  });
});

describe('validators compiled per operation on first use (what the server does)', () => {
  it('a warm start builds no validator before its operation is asked for, then judges as a full compilation does', async () => {
    const eager = await start();
    const backend = await build(true);
    expect(Object.keys(backend.validator.requestValidators)).toEqual([]);
    expect(Object.keys(backend.validator.statusBasedResponseValidators)).toEqual([]);
    expect(await start(true)).toEqual(eager);
  });

  it('a start without the contract\'s cache compiles everything at once, so a schema Ajv cannot compile fails the start', async () => {
    expect(Object.keys((await build(true)).validator.statusBasedResponseValidators)).toEqual(['putThing']);
    await writeFile(specFile, spec.replace('minLength: 1', '').replace('format: email', "pattern: '('"));
    await expect(build(true)).rejects.toThrow(/pattern|regular expression/i);
  });

  it('a contract that failed to compile leaves no cache behind: every later start fails too, not a request', async () => {
    // The first operation compiles, the second cannot: nothing may be stored for this contract.
    const broken = `${spec}  /others/{id}:
    put:
      operationId: putOther
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { code: { type: string, pattern: '(' } } }
      responses:
        '200': { description: ok }
`;
    await writeFile(specFile, broken);
    await expect(build(true)).rejects.toThrow(/pattern|regular expression/i);
    expect(await cacheFiles()).toEqual([]);
    await expect(build(true)).rejects.toThrow(/pattern|regular expression/i);
  });

  it('a validator missing from the cache is compiled and added, and the file keeps the others', async () => {
    const eager = await start();
    const [file] = await cacheFiles();
    const doc = JSON.parse(await readFile(join(cacheDir, file), 'utf8'));
    const keys = Object.keys(doc.validators);
    expect(keys.length).toBeGreaterThan(1); // the request's and the response's
    const requestKey = keys.find((k) => doc.validators[k].includes('kind'))!;
    delete doc.validators[requestKey];
    await writeFile(join(cacheDir, file), JSON.stringify(doc));

    expect(await start(true)).toEqual(eager); // asks for the request's validators only
    const rewritten = JSON.parse(await readFile(join(cacheDir, file), 'utf8'));
    expect(Object.keys(rewritten.validators).sort()).toEqual(keys.sort());
  });
});
