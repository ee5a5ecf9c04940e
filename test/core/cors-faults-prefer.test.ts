import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiModules, type ApiModule, type OrdermockLogger } from '../../src/index.js';
import { loadApis } from '../../src/core/load-apis.js';
import { defaultSpecsDir } from '../../src/paths.js';
import { preferExample } from '../../src/core/pipeline/prefer-example.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';
import { ContractChecker } from '../support/contract-checker.js';
import { startTestMock, useTestMock, type TestMock } from '../support/harness.js';

const checker = new ContractChecker();
const SITE = 'http://localhost:5173';
const FOREIGN = 'http://evil.example';

// ---------------------------------------------------------------------------------------------
// CORS
// ---------------------------------------------------------------------------------------------

describe('CORS stage with an origin allow-list', () => {
  const CM = { authorization: 'Bearer cm-admin-token' };
  const ORDER = '/cutmake/api/v1/orders/SO-DOC-1001';
  const t = useTestMock({ apis: ['cutmake'], cors: { origins: [SITE] } });
  const preflight = (origin: string, method = 'PATCH') =>
    t().http.options(ORDER).set('Origin', origin).set('Access-Control-Request-Method', method).set('Access-Control-Request-Headers', 'authorization,content-type');

  it('a listed origin gets its preflight answered; another origin is refused 403 with a message naming it and the option, Vary: Origin, and no journal entry', async () => {
    const ok = await preflight(SITE);
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(SITE);
    expect(ok.headers['access-control-allow-methods'].split(', ').sort()).toEqual(['GET', 'PATCH']);
    expect(ok.headers['access-control-max-age']).toBe('60');

    const refused = await preflight(FOREIGN);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: 'ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED', message: `Origin ${FOREIGN} is not allowed to call this API (see --cors-origins)` },
    });
    expect(refused.headers.vary).toBe('Origin');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-methods']).toBeUndefined();
    // Neither preflight is API traffic.
    expect(t().mock.requests()).toEqual([]);
  });

  it('a request (not a preflight) from an unlisted origin is still served, only without CORS headers (the browser refuses it), and journaled', async () => {
    const before = t().stored('cutmake', 'orders', 'SO-DOC-1001');
    const res = await t().http.get(ORDER).set(CM).set('Origin', FOREIGN);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toBe(before);
    expect(res.headers.vary).toBe('Origin');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-expose-headers']).toBeUndefined();
    expect(t().mock.requests().map((e) => [e.method, e.response.status])).toEqual([['GET', 200]]);
  });

  it('only OPTIONS with Access-Control-Request-Method is a preflight: a bare OPTIONS is routed (405), a GET carrying that header is served', async () => {
    const bare = await t().http.options(ORDER).set('Origin', SITE);
    expect(bare.status).toBe(405);
    expect(bare.headers.allow.split(', ').sort()).toEqual(['GET', 'PATCH']);
    expect(bare.headers['access-control-allow-origin']).toBe(SITE);
    expect(bare.headers['access-control-allow-methods']).toBeUndefined();

    const get = await t().http.get(ORDER).set(CM).set('Origin', SITE).set('Access-Control-Request-Method', 'PATCH');
    expect(get.status).toBe(200);
    expect(JSON.stringify(get.body)).toBe(t().stored('cutmake', 'orders', 'SO-DOC-1001'));
    expect(get.headers['access-control-allow-origin']).toBe(SITE);
    expect(get.headers['access-control-allow-methods']).toBeUndefined();
    expect(get.headers['access-control-expose-headers'].split(', ')).toContain('x-ordermock-violations');
    expect(t().mock.requests().map((e) => e.method)).toEqual(['OPTIONS', 'GET']);
  });
});

describe('CORS stage turned off (enabled: false)', () => {
  const t = useTestMock({ apis: ['cutmake'], cors: { enabled: false } });

  it('a browser preflight is routed like any undeclared method and no answer carries a CORS header', async () => {
    const res = await t().http.options('/cutmake/api/v1/orders/SO-DOC-1001').set('Origin', SITE).set('Access-Control-Request-Method', 'PATCH');
    expect(res.status).toBe(405);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    const get = await t().http.get('/cutmake/api/v1/orders/SO-DOC-1001').set({ authorization: 'Bearer cm-admin-token' }).set('Origin', SITE);
    expect(get.status).toBe(200);
    expect(get.headers['access-control-expose-headers']).toBeUndefined();
  });
});

/** A small contract whose operations use each kind of security scheme (no shipped API has an API key). */
const KEYED_SPEC = `openapi: 3.1.0
info: { title: Keyed, version: '1' }
paths:
  /header-key:
    get:
      operationId: headerKey
      security: [ { HeaderKey: [] } ]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /query-key:
    get:
      operationId: queryKey
      security: [ { QueryKey: [] } ]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /basic:
    get:
      operationId: basic
      security: [ { Basic: [] } ]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /undeclared-scheme:
    get:
      operationId: undeclaredScheme
      security: [ { Nowhere: [] } ]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /no-body:
    get:
      operationId: noBody
      security: []
      responses: { '204': { description: nothing to say } }
  /default-only:
    get:
      operationId: defaultOnly
      security: []
      responses: { default: { description: whatever happens } }
components:
  securitySchemes:
    HeaderKey: { type: apiKey, in: header, name: X-Api-Key }
    QueryKey: { type: apiKey, in: query, name: api_key }
    Basic: { type: http, scheme: basic }
`;

const keyedModule: ApiModule = {
  name: 'keyed',
  title: 'Keyed',
  authenticate: () => ({}),
  handlers: Object.fromEntries(['headerKey', 'queryKey', 'basic', 'undeclaredScheme', 'noBody', 'defaultOnly'].map((id) => [id, () => ({ status: 200, body: {} })])),
  renderError: (err) => ({ status: err.status, body: { message: err.message } }),
};

describe('CORS preflight: request headers from the security schemes', () => {
  let dir: string;
  let keyed: TestMock;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermock-keyed-'));
    await writeFile(join(dir, 'keyed.yaml'), KEYED_SPEC);
    await writeFile(join(dir, 'keyed.json'), JSON.stringify({ collections: {} }));
    keyed = await startTestMock({ modules: [keyedModule], apis: ['keyed'], specsDir: dir, seedDir: dir });
  });
  afterAll(async () => {
    await keyed?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const allowedHeaders = async (path: string) => {
    const res = await keyed.http.options(`/keyed${path}`).set('Origin', SITE).set('Access-Control-Request-Method', 'GET');
    expect(res.status, path).toBe(204);
    return res.headers['access-control-allow-headers'].split(', ').sort();
  };

  it('an API key sent in a header is allowed by its name (lower-cased); one sent in the query adds no header; an http scheme adds Authorization', async () => {
    expect(await allowedHeaders('/header-key')).toEqual(['prefer', 'x-api-key', 'x-ordermock-namespace']);
    expect(await allowedHeaders('/query-key')).toEqual(['prefer', 'x-ordermock-namespace']);
    expect(await allowedHeaders('/basic')).toEqual(['authorization', 'prefer', 'x-ordermock-namespace']);
  });

  it('a requirement naming a scheme the contract does not declare adds nothing (and does not break the preflight)', async () => {
    expect(await allowedHeaders('/undeclared-scheme')).toEqual(['prefer', 'x-ordermock-namespace']);
  });

  it('a malformed-body fault on an operation with no documented body (or no documented status) still sends half a JSON document', async () => {
    const full = JSON.stringify({ error: 'malformed' });
    for (const [operationId, path] of [['noBody', '/no-body'], ['defaultOnly', '/default-only']]) {
      const rule = await keyed.http.post('/__ordermock/faults').send({ api: 'keyed', operationId, malformed: true, times: 1 });
      expect(rule.status, operationId).toBe(201);
      const res = await fetch(`${keyed.mock.url}/keyed${path}`);
      expect(res.status, operationId).toBe(200);
      expect(await res.text(), operationId).toBe(full.slice(0, Math.floor(full.length / 2)));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------------------------

describe('fault effects', () => {
  const logLines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const logger: OrdermockLogger = {
    debug: (obj, msg) => logLines.push({ level: 'debug', obj: obj as Record<string, unknown>, msg }),
    info: (obj, msg) => logLines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => logLines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => logLines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  const t = useTestMock({ apis: ['sellercloud', 'jtl'], logger });
  const SC = { authorization: 'Bearer sc-demo-token' };
  const SC_ORDER = '/sellercloud/rest/api/Orders/5001';
  const JTL = { authorization: 'Bearer jtl-demo-token', 'x-appid': 'ordermock-tests/1.0.0', 'x-appversion': '1.0.0', 'x-tenant-id': '7e000000-0000-4000-8000-00000000000a' };
  const JTL_ORDER = '/jtl/erp/v2/salesOrders/50000000-0000-4000-8000-0000000000a1';
  const addRule = async (rule: Record<string, unknown>): Promise<string> => {
    const res = await t().http.post('/__ordermock/faults').send(rule);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  };
  const exampleJson = async (status: number, name: string) =>
    JSON.stringify((await checker.load('sellercloud')).paths['/rest/api/Orders/{id}'].get.responses[String(status)].content['application/json'].examples[name].value);

  it('malformed: the first half of the documented example for the status (else of the first documented status), sent as application/json', async () => {
    await addRule({ api: 'sellercloud', operationId: 'getOrder', malformed: true, status: 404, times: 1 });
    const notFound = await fetch(`${t().mock.url}${SC_ORDER}`, { headers: SC });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toMatch(/^application\/json/);
    const full404 = await exampleJson(404, 'notFound');
    expect(full404.length).toBeGreaterThan(4);
    expect(await notFound.text()).toBe(full404.slice(0, Math.floor(full404.length / 2)));

    // 503 is covered only by `default`: the body is cut from the first documented status's example (200).
    await addRule({ api: 'sellercloud', operationId: 'getOrder', malformed: true, status: 503, times: 1 });
    const unavailable = await fetch(`${t().mock.url}${SC_ORDER}`, { headers: SC });
    expect(unavailable.status).toBe(503);
    const full200 = await exampleJson(200, 'amazonInProcess');
    expect(await unavailable.text()).toBe(full200.slice(0, Math.floor(full200.length / 2)));
  });

  it('a status only `default` covers answers the API native error body naming the status and the rule', async () => {
    const id = await addRule({ api: 'jtl', operationId: 'getSalesOrder', status: 409, times: 1 });
    const res = await t().http.get(JTL_ORDER).set(JTL);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errorCode: 'CONFLICT', validationErrors: {}, errors: {}, errorMessage: `Status 409 injected by fault rule ${id}`, stacktrace: null });
    const [entry] = t().mock.requests({ faulted: true });
    expect(entry).toMatchObject({ errorCode: 'ORDERMOCK_ERR_FAULT_INJECTED', fault: { ruleId: id, effects: ['status'] } });
  });

  it("on JTL's token endpoint that error body is OAuth's, as every error of that operation", async () => {
    const id = await addRule({ api: 'jtl', operationId: 'createToken', status: 503, times: 1 });
    const res = await t().http.post('/jtl/oauth2/token').type('form').send('grant_type=client_credentials');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'server_error', error_description: `Status 503 injected by fault rule ${id}` });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('drop: the log line, like the journal, records status 0 with the fault', async () => {
    const id = await addRule({ api: 'sellercloud', operationId: 'getOrder', drop: true, times: 1 });
    logLines.length = 0;
    await expect(fetch(`${t().mock.url}${SC_ORDER}`, { headers: SC })).rejects.toThrow();
    await expect.poll(() => t().mock.requests({ faulted: true }).length).toBe(1);
    expect(t().mock.requests({ faulted: true })[0].response.status).toBe(0);
    const line = logLines.find((l) => l.msg === `GET ${SC_ORDER}`);
    expect(line).toMatchObject({ level: 'info', obj: { api: 'sellercloud', operationId: 'getOrder', status: 0, fault: { ruleId: id, effects: ['drop'] } } });
  });
});

// ---------------------------------------------------------------------------------------------
// Prefer
// ---------------------------------------------------------------------------------------------

describe('Prefer header', () => {
  const t = useTestMock({ apis: ['cutmake'] });
  const CM = { authorization: 'Bearer cm-admin-token' };
  const PATH = '/cutmake/api/v1/orders/SO-DOC-1001';
  const patchExample = async (name: string) =>
    (await checker.load('cutmake')).paths['/api/v1/orders/{document_id}'].patch.responses['409'].content['application/json'].examples[name].value;

  it('code + an example documented under another status is a 400 listing only that status’s examples; the handler does not run', async () => {
    const before = t().stored('cutmake', 'orders', 'SO-DOC-1001');
    const res = await t().http.patch(PATH).set({ ...CM, prefer: 'code=200, example=lockedOrder' }).send({ notes: 'never stored' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Prefer example=lockedOrder is not documented for updateOrder 200; documented: confirmed (200), draftEdited (200)' });
    expect(t().stored('cutmake', 'orders', 'SO-DOC-1001')).toBe(before);
    expect((await t().http.get(PATH).set(CM)).body.notes).not.toBe('never stored');
  });

  it('an unknown example name is a 400 echoing it and listing every documented example with its status', async () => {
    const res = await t().http.get(PATH).set({ ...CM, prefer: 'example=nope' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: 'Prefer example=nope is not documented for getOrder; documented: confirmed (200), missingToken (401), invalidToken (401), expiredToken (401), notFound (404)',
    });
  });

  it('values may be quoted and spaced (RFC 7240); a quoted value keeps an `=` it contains', async () => {
    const res = await t().http.patch(PATH).set({ ...CM, prefer: 'code = 409 , example = "lockedOrder"' }).send({ notes: 'x' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(await patchExample('lockedOrder'));
    expect(t().mock.requests()[0].prefer).toBe('code = 409 , example = "lockedOrder"');

    const withEquals = await t().http.get(PATH).set({ ...CM, prefer: 'example="locked=Order"' });
    expect(withEquals.status).toBe(400);
    expect(withEquals.body.detail).toMatch(/^Prefer example=locked=Order is not documented for getOrder;/);
  });

  it('only a value quoted at both ends is unquoted: a stray quote is part of the name', async () => {
    for (const prefer of ['example="confirm"ed', 'example=confirm"ed"']) {
      const res = await t().http.get(PATH).set({ ...CM, prefer });
      expect(res.status, prefer).toBe(400);
      expect(res.body.detail, prefer).toBe(`Prefer ${prefer} is not documented for getOrder; documented: confirmed (200), missingToken (401), invalidToken (401), expiredToken (401), notFound (404)`);
    }
  });

  it('the stage reads several Prefer header values as one list', async () => {
    const [cutmake] = await loadApis(apiModules.filter((m) => m.name === 'cutmake'), defaultSpecsDir);
    const operation = cutmake.operations.get('updateOrder')!;
    const ex: Exchange = {
      id: 'x',
      receivedAt: new Date(),
      incoming: { method: 'PATCH', path: PATH, query: {}, headers: { prefer: ['code=409', 'example=lockedOrder'] }, rawBody: undefined },
      namespace: 'default',
      api: cutmake,
      apiPath: '/api/v1/orders/SO-DOC-1001',
      operation,
      violations: [],
    };
    preferExample(ex);
    expect(ex.response).toMatchObject({ status: 409, body: await patchExample('lockedOrder') });
    expect(ex.prefer).toBe('code=409,example=lockedOrder');
  });
});
