import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Operation } from 'openapi-backend';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiModule, ApiResponse } from '../../src/core/api-module.js';
import type { OrdermockError } from '../../src/core/errors/catalogue.js';
import { OperationRouter } from '../../src/core/contract/operation-router.js';

// The contract machinery end to end: a contract file is loaded (and cached), its validators built
// (and cached), and requests and responses judged by them. Every test imports the modules afresh:
// the Ajv instances and caches are module state, and a test must see the code as it is now.

let dir: string;
let cacheDir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ordermock-contract-'));
  cacheDir = join(dir, 'cache');
  vi.stubEnv('ORDERMOCK_CACHE_DIR', cacheDir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function fresh() {
  vi.resetModules();
  const { buildBackend, createBackend } = await import('../../src/core/contract/build-backend.js');
  const { loadSpec } = await import('../../src/core/contract/load-spec.js');
  const { createApp } = await import('../../src/server/create-app.js');
  const { LowdbStore } = await import('../../src/core/store/lowdb-store.js');
  return { buildBackend, createBackend, loadSpec, createApp, LowdbStore };
}

const spec = `
openapi: 3.1.0
info: { title: demo, version: '1' }
paths:
  /things/{id}:
    put:
      operationId: putThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
        - { name: limit, in: query, schema: { type: integer } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Thing' }
      responses:
        '200':
          description: ok
          headers:
            X-Count: { schema: { type: integer } }
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Thing' }
        default:
          description: error
          content:
            application/json:
              schema: { type: object, required: [error], properties: { error: { type: string } } }
components:
  schemas:
    Country: { type: string, minLength: 2 }
    Address:
      type: object
      required: [street, country]
      properties:
        street: { type: string }
        country: { $ref: '#/components/schemas/Country' }
    Pet:
      oneOf:
        - { type: object, required: [type, meow], properties: { type: { const: cat }, meow: { type: string } } }
        - { type: object, required: [type, bark], properties: { type: { const: dog }, bark: { type: string } } }
      discriminator: { propertyName: type }
    Thing:
      type: object
      additionalProperties: false
      required: [kind]
      properties:
        kind: { const: thing }
        size: { type: integer }
        colour: { type: string, default: red }
        serial: { type: string, readOnly: true }
        label: { type: string, readOnly: false }
        tags: { type: array, items: { type: string } }
        pet: { $ref: '#/components/schemas/Pet' }
        origin: { $ref: '#/components/schemas/Country' }
        work: { $ref: '#/components/schemas/Address' }
        home:
          anyOf:
            - { $ref: '#/components/schemas/Address' }
            - { type: 'null' }
        parts: { type: array, items: { $ref: '#/components/schemas/Thing' } }
`;

/** Echoes the body back with its read-only serial, and an integer header (a string on the wire). */
const demo: ApiModule = {
  name: 'demo',
  title: 'demo',
  authenticate: () => undefined,
  handlers: {
    putThing: (req): ApiResponse => {
      const body = req.body as { label?: string };
      // `label` asks for a response that breaks the contract.
      if (body.label === 'broken') return { status: 200, body: { kind: 'nothing', size: 'many' }, headers: { 'x-count': '3' } };
      if (body.label === 'homeless') return { status: 200, body: { kind: 'thing', home: { street: 'Main' } }, headers: { 'x-count': '3' } };
      return { status: 200, body: { ...body, serial: 'S1' }, headers: { 'x-count': '3' } };
    },
  },
  renderError: (err: OrdermockError) => ({ status: err.status, body: { error: err.message } }),
};

async function demoApp(text = spec) {
  const { buildBackend, loadSpec, createApp, LowdbStore } = await fresh();
  await writeFile(join(dir, 'demo.yaml'), text);
  const api = await buildBackend(demo, await loadSpec(join(dir, 'demo.yaml')));
  const store = await LowdbStore.open({ file: join(dir, 'db.json'), seeds: { demo: {} } });
  return supertest(createApp({ apis: [api], store }));
}

/** The request issues the error names, one per `; `. */
const issues = (res: { body: { error?: string } }) => (res.body.error ?? '').replace(/^[^:]*?: /, '').split('; ');
const bigTags = Array.from({ length: 1200 }, (_, i) => `t${i}`);

describe('requests judged by the contract', () => {
  it('a valid request passes as sent: no default filled in, string headers read as the integers they are', async () => {
    const http = await demoApp();
    const res = await http.put('/demo/things/7?limit=3').send({ kind: 'thing', size: 3, label: 'L' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'thing', size: 3, label: 'L', serial: 'S1' });
    expect(res.headers['x-count']).toBe('3');
    // The response (an integer header, a read-only field a server may send) breaks nothing.
    expect(res.headers['x-ordermock-violations']).toBeUndefined();
  });

  it('a body is never coerced or stripped: a numeric string and an unknown property are refused', async () => {
    const http = await demoApp();
    const res = await http.put('/demo/things/7').send({ kind: 'thing', size: '3', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('body.size must be integer');
    expect(res.body.error).toContain('body.extra is not allowed');
  });

  it('a small invalid body has every violation listed', async () => {
    const res = await (await demoApp()).put('/demo/things/7').send({ kind: 'other', size: 'x', serial: 'S9' });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('body.kind must be "thing"');
    expect(res.body.error).toContain('body.size must be integer');
    expect(res.body.error).toContain('body.serial is read-only and must not be sent');
  });

  it('a large invalid body is judged up to its first violation only', async () => {
    const res = await (await demoApp()).put('/demo/things/7').send({ kind: 'other', size: 'x', tags: bigTags });
    expect(res.status).toBe(400);
    const listed = issues(res);
    expect(listed.filter((i) => i.startsWith('body.'))).toHaveLength(1);
    expect(res.body.error).toContain('checked up to its first violation only');
  });

  it('parameters of a request with a large body are judged up to their first violation', async () => {
    const res = await (await demoApp()).put('/demo/things/x?limit=y').send({ kind: 'thing', tags: bigTags });
    expect(res.status).toBe(400);
    expect(issues(res).filter((i) => /^(path|query)\./.test(i))).toHaveLength(1);
  });

  it('a response is judged for every violation', async () => {
    const res = await (await demoApp()).put('/demo/things/7').send({ kind: 'thing', label: 'broken' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers['x-ordermock-violations'])).toEqual([
      { location: 'response.body.kind', message: 'must be "thing"', rule: 'const', value: 'nothing' },
      { location: 'response.body.size', message: 'must be integer', rule: 'type', value: 'many' },
    ]);
  });

  it('a read-only field may be sent when the schema says readOnly: false', async () => {
    const res = await (await demoApp()).put('/demo/things/7').send({ kind: 'thing', label: 'L' });
    expect(res.status).toBe(200);
  });

  it('a discriminator tag naming no variant is told so, not folded into every variant', async () => {
    const http = await demoApp();
    const res = await http.put('/demo/things/7').send({ kind: 'thing', pet: { type: 'cow' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Request does not match the contract: body.pet.type must be one of: "cat", "dog"');
  });

  it('a shared schema inside anyOf is explained by the branch that fits (its $refs expanded)', async () => {
    const http = await demoApp();
    const res = await http.put('/demo/things/7').send({ kind: 'thing', home: { street: 'Main' } });
    expect(res.status).toBe(400);
    expect(issues(res)).toEqual(['body.home.country is required']);
  });

  it('a response violation inside anyOf over a shared schema is explained once, by the branch that fits', async () => {
    const res = await (await demoApp()).put('/demo/things/7').send({ kind: 'thing', label: 'homeless' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers['x-ordermock-violations']).map((v: { location: string; message: string }) => `${v.location} ${v.message}`)).toEqual([
      'response.body.home.country is required',
    ]);
  });

  it('a recursive schema is judged with every violation too', async () => {
    const http = await demoApp();
    const res = await http.put('/demo/things/7').send({ kind: 'thing', parts: [{ kind: 'thing', parts: [{ kind: 'x', size: 'y' }] }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain('body.parts[0].parts[0].kind must be "thing"');
    expect(res.body.error).toContain('body.parts[0].parts[0].size must be integer');
  });
});

describe('a contract and its API module must agree before the start', () => {
  const twoOps = `
openapi: 3.1.0
info: { title: demo, version: '1' }
paths:
  /a:
    get: { operationId: getA, responses: { '200': { description: ok } } }
  /b:
    get: { operationId: getB, responses: { '200': { description: ok } } }
`;
  const build = async (text: string, handlers: ApiModule['handlers']) => {
    const { buildBackend, loadSpec } = await fresh();
    await writeFile(join(dir, 'api.yaml'), text);
    return buildBackend({ ...demo, handlers }, await loadSpec(join(dir, 'api.yaml')));
  };
  const ok = (): ApiResponse => ({ status: 200 });

  it('names every operation without a handler', async () => {
    await expect(build(twoOps, {})).rejects.toThrow(new Error('API demo: handlers and contract disagree; no handler for getA, getB'));
  });

  it('names every handler for an operation the contract does not declare', async () => {
    await expect(build(twoOps, { getA: ok, getB: ok, getC: ok, getD: ok })).rejects.toThrow(
      new Error('API demo: handlers and contract disagree; handlers for unknown operations getC, getD'),
    );
  });

  it('refuses a contract whose readOnly is not a boolean, naming the problem', async () => {
    await expect(build(spec.replace('readOnly: false', "readOnly: 'yes'"), demo.handlers)).rejects.toThrow(/cannot compile: readOnly value must be \["boolean"\]/);
  });

  it('refuses a contract without operations', async () => {
    const empty = "openapi: 3.1.0\ninfo: { title: demo, version: '1' }\npaths: {}\n";
    await expect(build(empty, {})).rejects.toThrow(new Error('Contract of demo declares no operations'));
  });
});

// ---------------------------------------------------------------------------------------------
// The contract cache: a dereferenced contract stored by its text.

const documents = async () => (await readdir(cacheDir).catch(() => [] as string[])).filter((f) => f.endsWith('.document'));

/** Rewrites the one cached document: `change` gets its decoded JSON. */
async function editCachedDocument(change: (doc: { root: Record<string, any>; shared: unknown[] }) => void) {
  const [file] = await documents();
  expect(file).toBeDefined();
  const doc = JSON.parse(await readFile(join(cacheDir, file), 'utf8'));
  change(doc);
  await writeFile(join(cacheDir, file), JSON.stringify(doc));
}

const recursive = `
openapi: 3.1.0
info: { title: tree, version: '1' }
paths:
  /nodes:
    post:
      operationId: postNode
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Node' }
      responses:
        '200': { description: ok }
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: { type: string, minLength: 2 }
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
`;

describe('the contract cache', () => {
  it('a warm load is the cached document (a planted change shows), shared targets still shared', async () => {
    const { loadSpec } = await fresh();
    await writeFile(join(dir, 'demo.yaml'), spec);
    await loadSpec(join(dir, 'demo.yaml'));
    await editCachedDocument((doc) => (doc.root.info.title = 'from the cache'));
    const warm = await loadSpec(join(dir, 'demo.yaml'));
    expect(warm.info.title).toBe('from the cache');
    const schemas = warm.components!.schemas as Record<string, any>;
    expect(schemas.Thing.properties.work).toBe(schemas.Address);
    expect(warm).toEqual({ ...(await SwaggerParser.dereference(join(dir, 'demo.yaml'))), info: { title: 'from the cache', version: '1' } });
  });

  it('a recursive contract is cached too, and comes back recursive', async () => {
    const { loadSpec } = await fresh();
    await writeFile(join(dir, 'tree.yaml'), recursive);
    await loadSpec(join(dir, 'tree.yaml'));
    await editCachedDocument((doc) => (doc.root.info.title = 'from the cache'));
    const warm = await loadSpec(join(dir, 'tree.yaml'));
    expect(warm.info.title).toBe('from the cache');
    const node = (warm.components!.schemas as Record<string, any>).Node;
    expect(node.properties.children.items).toBe(node);
  });

  it('a contract with a YAML date (not plain JSON) is resolved again, never cached as something else', async () => {
    const { loadSpec } = await fresh();
    // A YAML timestamp (explicitly tagged) is a Date, not JSON.
    await writeFile(join(dir, 'demo.yaml'), "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Since: { type: string, example: !!timestamp 2026-01-01T10:00:00Z }\n");
    const first = await loadSpec(join(dir, 'demo.yaml'));
    expect((first.components!.schemas as Record<string, any>).Since.example).toBeInstanceOf(Date);
    expect(await loadSpec(join(dir, 'demo.yaml'))).toEqual(first);
  });

  it('keeps an object whose only key is the empty string as it is', async () => {
    const { loadSpec } = await fresh();
    await writeFile(join(dir, 'demo.yaml'), spec.replace('kind: { const: thing }', "kind: { const: thing }\n        odd: { type: object, example: { '': 0 } }"));
    const first = await loadSpec(join(dir, 'demo.yaml'));
    expect(await documents()).toHaveLength(1);
    const warm = await loadSpec(join(dir, 'demo.yaml'));
    expect((warm.components!.schemas as Record<string, any>).Thing.properties.odd.example).toEqual({ '': 0 });
    expect(warm).toEqual(first);
  });

  it('ignores a cached document whose shared entry is not an object', async () => {
    const { loadSpec } = await fresh();
    await writeFile(join(dir, 'demo.yaml'), spec);
    const first = await loadSpec(join(dir, 'demo.yaml'));
    await editCachedDocument((doc) => {
      doc.root = { '\u0000shared': 0 };
      doc.shared = [42];
    });
    expect(await loadSpec(join(dir, 'demo.yaml'))).toEqual(first);
  });

  it.each([
    ['a quoted key', '"$ref": "./common.yaml#/Thing"'],
    ['a space before the colon', '"$ref" : "./common.yaml#/Thing"'],
  ])('never serves a stale contract whose external $ref is written with %s', async (_form, ref) => {
    const { loadSpec } = await fresh();
    await writeFile(join(dir, 'common.yaml'), 'Thing: { type: object, properties: { a: { type: string } } }\n');
    await writeFile(join(dir, 'api.yaml'), `openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Thing: { ${ref} }\n`);
    await loadSpec(join(dir, 'api.yaml'));
    await writeFile(join(dir, 'common.yaml'), 'Thing: { type: object, properties: { b: { type: integer } } }\n');
    const doc = await loadSpec(join(dir, 'api.yaml'));
    expect((doc.components!.schemas!.Thing as { properties: object }).properties).toEqual({ b: { type: 'integer' } });
  });

  it('caches a contract whose text merely mentions a local "$ref: #/…"', async () => {
    const { loadSpec } = await fresh();
    await writeFile(join(dir, 'demo.yaml'), spec.replace("info: { title: demo, version: '1' }", "info:\n  title: demo\n  version: '1'\n  description: |\n    Shared parts use $ref: #/components/schemas"));
    await loadSpec(join(dir, 'demo.yaml'));
    expect(await documents()).toHaveLength(1);
  });

  it('a contract that cannot be read is reported by its file name', async () => {
    const { loadSpec } = await fresh();
    await expect(loadSpec(join(dir, 'missing.yaml'))).rejects.toThrow(/^Cannot load contract .*missing\.yaml: /);
  });

  it('does not cache a contract that changed while it was resolved (an editor saving during --watch)', async () => {
    const { loadSpec } = await fresh();
    const file = join(dir, 'demo.yaml');
    const edited = spec.replace("title: demo", "title: edited");
    await writeFile(file, spec);
    const dereference = SwaggerParser.dereference.bind(SwaggerParser);
    vi.spyOn(SwaggerParser, 'dereference').mockImplementationOnce((async (path: string) => {
      await writeFile(file, edited); // saved between the read and the resolution
      return dereference(path);
    }) as never);
    expect((await loadSpec(file)).info.title).toBe('edited');
    await writeFile(file, spec); // the edit undone
    expect((await loadSpec(file)).info.title).toBe('demo');
  });
});

// ---------------------------------------------------------------------------------------------
// The validator cache: compiled validators stored as code, one file per contract.

const vspec = `
openapi: 3.1.0
info: { title: v, version: '1' }
paths:
  /things/{id}:
    put:
      operationId: putThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [kind]
              properties:
                kind: { const: thing }
                email: { type: string, format: email }
                size: { type: integer, format: int32 }
      responses:
        '200': { description: ok }
`;
const vcases = [{ kind: 'thing', email: 'a@example.com', size: 3 }, { kind: 'thing', email: 'not-an-email' }, { kind: 'thing', size: 2 ** 40 }, { kind: 'other' }];
const strict = [true, false, false, false];
const lax = [true, true, true, true];
const acceptAll = 'module.exports = function v() { return true; }; module.exports.default = module.exports;';

async function freshContract() {
  vi.resetModules();
  const { createBackend } = await import('../../src/core/contract/build-backend.js');
  const { loadSpec } = await import('../../src/core/contract/load-spec.js');
  return { createBackend, loadSpec };
}

/** One start (as the server builds a contract: lazy), then whether each body is accepted. */
async function verdicts(file = join(dir, 'v.yaml')): Promise<boolean[]> {
  const { createBackend, loadSpec } = await freshContract();
  const backend = await createBackend(await loadSpec(file), { lazy: true });
  const validators = backend.validator.getRequestValidatorsForOperation('putThing');
  return vcases.map((body) => validators.every((v) => v({ path: { id: '7' }, query: {}, header: {}, cookie: {}, requestBody: body })));
}

/** A start only: the contract's validators are built as the server builds them, none asked for. */
async function start(file = join(dir, 'v.yaml')) {
  const { createBackend, loadSpec } = await freshContract();
  return createBackend(await loadSpec(file), { lazy: true });
}

const validatorFiles = async () => (await readdir(cacheDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));

/** Rewrites every validator in the one cache file (or the whole file). */
async function plant(change: (doc: { format: number; validators: Record<string, unknown> }) => void) {
  const files = await validatorFiles();
  expect(files).toHaveLength(1);
  const doc = JSON.parse(await readFile(join(cacheDir, files[0]), 'utf8'));
  change(doc);
  await writeFile(join(cacheDir, files[0]), JSON.stringify(doc));
}
const everyValidator = (code: string) => (doc: { validators: Record<string, unknown> }) => {
  for (const key of Object.keys(doc.validators)) doc.validators[key] = code;
};

describe('the validator cache', () => {
  beforeEach(() => writeFile(join(dir, 'v.yaml'), vspec));

  it('a warm start compiles nothing: every validator, formats and all, runs from the cached code', async () => {
    expect(await verdicts()).toEqual(strict);
    const compile = vi.spyOn(Ajv2020.prototype, 'compile');
    expect(await verdicts()).toEqual(strict);
    expect(compile).not.toHaveBeenCalled();
  });

  it('a cached validator whose code defines no function is compiled after all', async () => {
    expect(await verdicts()).toEqual(strict);
    await plant(everyValidator('module.exports.default = 5;'));
    expect(await verdicts()).toEqual(strict);
  });

  it('ignores a cache file of another format', async () => {
    await verdicts();
    await plant(everyValidator(acceptAll));
    expect(await verdicts()).toEqual(lax); // the planted code is what a start runs
    await plant((doc) => (doc.format = 2));
    expect(await verdicts()).toEqual(strict);
  });

  it('ignores a cache directory its user does not own', async () => {
    await verdicts();
    await plant(everyValidator(acceptAll));
    expect(await verdicts()).toEqual(lax); // the planted code is what a start runs
    vi.spyOn(process, 'getuid').mockReturnValue(process.getuid!() + 1);
    expect(await verdicts()).toEqual(strict);
  });

  it('writes its files readable by their owner only', async () => {
    await verdicts();
    const [file] = await validatorFiles();
    expect((await stat(join(cacheDir, file))).mode & 0o777).toBe(0o600);
    const [document] = await documents();
    expect((await stat(join(cacheDir, document))).mode & 0o777).toBe(0o600);
  });

  it('caches the validators of a recursive contract (named by its text) and uses them', async () => {
    await writeFile(join(dir, 'v.yaml'), vspec.replace('email: { type: string, format: email }', "email: { type: string, format: email }\n                parts: { type: array, items: { $ref: '#/paths/~1things~1{id}/put/requestBody/content/application~1json/schema' } }"));
    expect(await verdicts()).toEqual(strict);
    await plant(everyValidator(acceptAll));
    expect(await verdicts()).toEqual(lax);
  });

  it.each([
    ['plain', ''],
    ['recursive', "\n                parts: { type: array, items: { $ref: '#/paths/~1things~1{id}/put/requestBody/content/application~1json/schema' } }"],
  ])('two %s contracts the contract cache skips (an external $ref) do not share a validator cache', async (_kind, extra) => {
    await writeFile(join(dir, 'size.yaml'), 'type: integer\n');
    const withRef = vspec.replace('email: { type: string, format: email }', `email: { type: string, format: email }\n                count: { $ref: './size.yaml' }${extra}`);
    await writeFile(join(dir, 'a.yaml'), withRef);
    await writeFile(join(dir, 'b.yaml'), withRef.replace('format: email', "pattern: '('"));
    expect(await verdicts(join(dir, 'a.yaml'))).toEqual(strict);
    // b's schema cannot compile: a start without b's own cache compiles everything, and fails.
    await expect(start(join(dir, 'b.yaml'))).rejects.toThrow(/regular expression|pattern/i);
  });

  it('a contract whose schema cannot compile fails the next start too (no cache file makes it look compiled)', async () => {
    await writeFile(join(dir, 'v.yaml'), vspec.replace('format: email', "pattern: '('"));
    await expect(start()).rejects.toThrow(/regular expression|pattern/i);
    await expect(start()).rejects.toThrow(/regular expression|pattern/i);
  });
});

describe('where the cache lives', () => {
  it('nowhere with ORDERMOCK_CACHE_DIR=off', async () => {
    vi.stubEnv('ORDERMOCK_CACHE_DIR', 'off');
    const { cacheDir: where } = await import('../../src/core/cache-files.js');
    expect(where()).toBeNull();
  });

  it('in a per-user directory of the OS temp dir when run from a checkout', async () => {
    vi.stubEnv('ORDERMOCK_CACHE_DIR', undefined);
    vi.spyOn(process, 'getuid').mockReturnValue(4321);
    const { cacheDir: where } = await import('../../src/core/cache-files.js');
    expect(where()).toBe(join(tmpdir(), 'ordermock-cache-4321'));
  });

  it('in one directory of the OS temp dir on a system without user ids', async () => {
    vi.stubEnv('ORDERMOCK_CACHE_DIR', undefined);
    const getuid = process.getuid;
    process.getuid = undefined;
    try {
      const { cacheDir: where } = await import('../../src/core/cache-files.js');
      expect(where()).toBe(join(tmpdir(), 'ordermock-cache-user'));
    } finally {
      process.getuid = getuid;
    }
  });

  it('in node_modules/.cache/ordermock when installed as a dependency', async () => {
    vi.stubEnv('ORDERMOCK_CACHE_DIR', undefined);
    vi.resetModules();
    vi.doMock('node:url', async (importOriginal) => {
      const real = await importOriginal<typeof import('node:url')>();
      const installed = '/srv/shop/node_modules/ordermock/dist/core/cache-files.js';
      return { ...real, fileURLToPath: (url: string | URL) => (String(url).endsWith('/cache-files.ts') ? installed : real.fileURLToPath(url)) };
    });
    try {
      const { cacheDir: where } = await import('../../src/core/cache-files.js');
      expect(where()).toBe('/srv/shop/node_modules/.cache/ordermock');
    } finally {
      vi.doUnmock('node:url');
      vi.resetModules();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Routing: a request's method and path to the contract's operation.

describe('routing a request to its operation', () => {
  const op = (method: string, path: string, operationId: string) => ({ method, path, operationId }) as unknown as Operation;
  const route = (ops: Operation[], method: string, path: string) => new OperationRouter(ops).match(method, path);
  const routed = (ops: Operation[], method: string, path: string) => route(ops, method, path)?.operation.operationId;

  it('a literal path wins over a template with as many literal characters, whichever is declared first', () => {
    const template = op('get', '/o/{id}/', 'byId');
    const literal = op('get', '/o/x', 'x');
    expect(routed([template, literal], 'GET', '/o/x')).toBe('x');
    expect(routed([literal, template], 'GET', '/o/x')).toBe('x');
    expect(routed([literal, template], 'GET', '/o/y')).toBe('byId');
  });

  it('of two templates, the one with more literal characters wins, whichever is declared first', () => {
    const lines = op('get', '/o/{id}/lines', 'lines');
    const part = op('get', '/o/{id}/{part}', 'part');
    expect(routed([lines, part], 'GET', '/o/7/lines')).toBe('lines');
    expect(routed([part, lines], 'GET', '/o/7/lines')).toBe('lines');
    expect(routed([part, lines], 'GET', '/o/7/notes')).toBe('part');
  });

  it('ignores the trailing slashes of a declared path', () => {
    const ops = [op('get', '/things/', 'things'), op('get', '/stuff//', 'stuff')];
    expect(routed(ops, 'GET', '/things')).toBe('things');
    expect(routed(ops, 'GET', '/things/')).toBe('things');
    expect(routed(ops, 'GET', '/stuff')).toBe('stuff');
  });

  it('takes the literal characters of a path literally (a dot is a dot)', () => {
    const ops = [op('get', '/v1.0/files/{name}.json', 'file')];
    expect(route(ops, 'GET', '/v1.0/files/a.json')).toMatchObject({ operation: { operationId: 'file' }, params: { name: 'a' } });
    expect(route(ops, 'GET', '/v1x0/files/a.json')).toBeUndefined();
    expect(route(ops, 'GET', '/v1.0/files/ajson')).toBeUndefined();
  });

  it('keeps a path parameter that is not valid percent-encoding as it was sent', () => {
    expect(route([op('get', '/files/{name}', 'file')], 'GET', '/files/100%')?.params).toEqual({ name: '100%' });
  });
});
