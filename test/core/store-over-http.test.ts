import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedApi } from '../../src/core/contract/build-backend.js';
import { loadApis } from '../../src/core/load-apis.js';
import { fsError, nodeFiles, type FileLayer } from '../../src/core/store/file-layer.js';
import { loadSeeds } from '../../src/core/store/load-seeds.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import type { SeedData } from '../../src/core/store/store.js';
import { apiModules, NAMESPACE_HEADER } from '../../src/index.js';
import { createApp } from '../../src/server/create-app.js';
import { Journal } from '../../src/core/journal/journal.js';
import { loadControlPlane } from '../../src/admin/control-plane.js';
import { controlledClock } from '../../src/core/clock.js';
import { FaultRules } from '../../src/core/faults/fault-rules.js';
import { defaultSeedDir, defaultSpecsDir } from '../../src/paths.js';
import { apiCases, type ApiCase } from '../support/api-cases.js';
import { ContractChecker } from '../support/contract-checker.js';
import { faultyFiles, latch } from '../support/faulty-files.js';
import type { TestMock } from '../support/harness.js';

let apis: LoadedApi[];
let seeds: SeedData;
const checker = new ContractChecker();
const opened: { store: LowdbStore; journal: Journal }[] = [];

beforeAll(async () => {
  apis = await loadApis(apiModules, defaultSpecsDir);
  seeds = await loadSeeds(defaultSeedDir, apiModules.map((m) => m.name));
});

/** Every answer recorded so far conforms to its contract (checked by an independent Ajv); then the stores close. */
afterEach(async () => {
  for (const { store, journal } of opened.splice(0)) {
    for (const entry of journal.list()) {
      if (!entry.api || !entry.operationId) continue;
      expect(await checker.check(entry.api, entry.operationId, entry.response.status, entry.response.body)).toEqual([]);
      expect(entry.violations).toEqual([]);
    }
    await store.close();
  }
});

/** An app over a store on `files` (faults injectable), driven without listening. */
async function mockWith(options: { files?: FileLayer; maxNamespaces?: number } = {}) {
  const file = join(await mkdtemp(join(tmpdir(), 'ordermock-http-store-')), 'db.json');
  const store = await LowdbStore.open({ file, seeds, files: options.files ?? nodeFiles, maxNamespaces: options.maxNamespaces });
  const journal = new Journal();
  opened.push({ store, journal });
  const apiMap = new Map(apis.map((api) => [api.name, api]));
  const clock = controlledClock();
  const faults = new FaultRules(apiMap);
  const controlPlane = await loadControlPlane({ apis: apiMap, store, journal, faults, clock, seeds });
  const app = createApp({ apis: apiMap, store, journal, faults, controlPlane, clock });
  const http = supertest(app);
  const inNamespace = (namespace?: string) => (namespace ? { [NAMESPACE_HEADER]: namespace } : {});
  /** A valid update body, built (by the shared cases) from the order as `namespace` shows it. */
  const body = (c: ApiCase, marker: string, namespace?: string) =>
    c.body({ http: supertest.agent(app).set(inNamespace(namespace)) } as unknown as TestMock, marker);
  const send = (c: ApiCase, payload: object, namespace?: string) =>
    http[c.update.method](c.update.path).set({ ...c.update.headers, ...inNamespace(namespace) }).send(payload);
  /** `bodyFrom` null: build the body from the default namespace's order. */
  const update = async (c: ApiCase, marker: string, namespace?: string, bodyFrom?: string | null) =>
    send(c, await body(c, marker, bodyFrom === undefined ? namespace : (bodyFrom ?? undefined)), namespace);
  const read = async (c: ApiCase, namespace?: string) =>
    c.marker((await http.get(c.read.path).set({ ...c.read.headers, ...inNamespace(namespace) })).body);
  return { file, store, journal, http, body, send, update, read };
}

describe('an answer leaves only after the group commit', () => {
  it.each(apiCases)('$api: no answer while the log’s datasync is held; the 2xx comes once it is released', async (c) => {
    const files = faultyFiles(nodeFiles);
    const m = await mockWith({ files });
    const payload = await m.body(c, 'held-marker');
    const hold = latch();
    files.faults.datasync = (name) => (name.includes('.changes-') ? hold.wait() : undefined);
    let answered = false;
    const pending = m.send(c, payload).then((res) => {
      answered = true;
      return res;
    });
    await hold.entered;
    // A request that does not wait on the store: once it is answered, an answer already sent would have arrived too.
    expect((await m.http.get('/').set('accept', 'application/json')).status).toBe(200);
    expect(answered).toBe(false);
    hold.release();
    const res = await pending;
    expect(res.status, res.text).toBeLessThan(300);
    expect(files.events.filter((e) => e.startsWith('datasync') && e.includes('.changes-')).length).toBeGreaterThan(0);
  });
});

describe('one request, one log record', () => {
  it.each(apiCases)('$api: an update (however many documents it changes) adds exactly one record to the change log', async (c) => {
    const m = await mockWith();
    const payload = await m.body(c, 'one-record');
    const logDir = join(m.file, '..');
    const logText = async () => {
      const logs = (await readdir(logDir)).filter((n) => n.includes('.changes-')).sort();
      return (await Promise.all(logs.map((n) => readFile(join(logDir, n), 'utf8')))).join('');
    };
    const before = (await logText()).split('\n').filter(Boolean).length;
    expect((await m.send(c, payload)).status).toBeLessThan(300);
    const added = (await logText()).split('\n').filter(Boolean).slice(before);
    // jtl's authentication counts the request against the client's rate limit: a record of its own, before the update's.
    expect(added.filter((line) => !line.includes('"c":"rateLimits"'))).toEqual([expect.stringContaining('one-record')]);
  });
});

describe('a write the disk refuses', () => {
  it.each(apiCases)('$api: answers a native 5xx, and neither later reads nor the saved file show the change', async (c) => {
    const files = faultyFiles(nodeFiles);
    const m = await mockWith({ files });
    const before = await m.read(c);
    const payload = await m.body(c, 'refused-by-disk');
    files.faults.write = (name) => {
      if (name.includes('.changes-')) throw fsError('ENOSPC', 'no space left on device, write');
      return undefined;
    };
    const res = await m.send(c, payload);
    expect(res.status).toBe(500);
    expect(res.text).toContain('ENOSPC');
    // The store's failure, not an unexplained crash: the API's 5xx for ORDERMOCK_ERR_STORE_WRITE.
    expect(m.journal.list().find((e) => e.response.status === 500)?.errorCode).toBe('ORDERMOCK_ERR_STORE_WRITE');
    files.faults.write = undefined;
    expect(await m.read(c)).toEqual(before);
    await m.store.close();
    expect(await readFile(m.file, 'utf8')).not.toContain('refused-by-disk');
  });
});

describe('namespaces', () => {
  it.each(apiCases)('$api: requests refused before the handler (no or bad credentials, invalid body) and reads create no namespace', async (c) => {
    const m = await mockWith();
    const body = await m.body(c, 'never');
    for (let i = 0; i < 20; i++) {
      const { authorization: _dropped, ...anonymous } = c.update.headers;
      const headers = i % 2 ? anonymous : { ...c.update.headers, authorization: 'Bearer wrong-token' };
      const res = await m.http[c.update.method](c.update.path).set({ ...headers, [NAMESPACE_HEADER]: `anon-${i}` }).send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await m.http.get(c.read.path).set({ ...c.read.headers, [NAMESPACE_HEADER]: `reader-${i}` }); // reads see the seeds, create nothing
    }
    const invalid = await m.http[c.update.method](c.update.path).set({ ...c.update.headers, [NAMESPACE_HEADER]: 'invalid-body' }).send('{"broken');
    expect(invalid.status).toBeGreaterThanOrEqual(400);
    // jtl counts every authenticated request against a per-namespace rate limit (before reading
    // the body, as JTL does): its reads and its authenticated-but-malformed requests write.
    const readers = c.api === 'jtl' ? [...Array.from({ length: 20 }, (_, i) => `reader-${i}`), 'invalid-body'] : [];
    expect(m.store.namespaces()).toEqual(['default', ...readers]);
    await m.store.close();
    expect(Object.keys(JSON.parse(await readFile(m.file, 'utf8')).namespaces)).toEqual(['default', ...readers]);
  });

  it.each(apiCases)('$api: a write in one namespace too many is refused natively (507) and changes nothing', async (c) => {
    const m = await mockWith({ maxNamespaces: 1 });
    expect((await m.update(c, 'first-tenant', 'tenant-1')).status).toBeLessThan(300);
    const refused = await m.update(c, 'second-tenant', 'tenant-2', null);
    expect(refused.status).toBe(507);
    expect(refused.text).toContain('limit of 1 namespaces');
    expect(m.store.namespaces()).toEqual(['default', 'tenant-1']);
    expect((await m.update(c, 'still-writable', 'tenant-1')).status).toBeLessThan(300);
    expect((await m.update(c, 'default-is-free')).status).toBeLessThan(300);
  });

  it.each(apiCases)('$api: /__ordermock/reset resets the namespace it names and no other', async (c) => {
    const m = await mockWith();
    for (const ns of ['team-a', 'team-b', undefined]) expect((await m.update(c, `marker-${ns ?? 'default'}`, ns)).status).toBeLessThan(300);
    const seedValue = await m.read(c, 'untouched');
    expect((await m.http.post('/__ordermock/reset').set(NAMESPACE_HEADER, 'team-a')).body).toEqual({ reset: { namespace: 'team-a', api: null } });
    expect(await m.read(c, 'team-a')).toEqual(seedValue);
    expect(await m.read(c, 'team-b')).toBe('marker-team-b');
    expect(await m.read(c)).toBe('marker-default');
    await m.http.post('/__ordermock/reset?namespace=team-b');
    expect(await m.read(c, 'team-b')).toEqual(seedValue);
    expect(await m.read(c)).toBe('marker-default');
  });
});
