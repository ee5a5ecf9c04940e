import type { Operation } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIOLATIONS_HEADER, apiModules, type ApiModule, type OperationHandler } from '../../src/index.js';
import { buildBackend, type LoadedApi } from '../../src/core/contract/build-backend.js';
import type { OpenApiDocument } from '../../src/core/contract/load-spec.js';
import { loadApis } from '../../src/core/load-apis.js';
import { defaultSpecsDir } from '../../src/paths.js';
import { documentedStatuses, exampleNames, exampleResponse } from '../../src/core/pipeline/example-response.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';
import { checkResponse, validateResponse } from '../../src/core/pipeline/validate-response.js';
import { apiCases } from '../support/api-cases.js';
import { startTestMock, useTestMock, type TestMock } from '../support/harness.js';

// The response side of the pipeline: what the mock sends is checked against the contract for its
// exact status (validate-response), and Prefer / fault answers are built from the contract's
// examples (example-response).

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const object = (required: string, type = 'string') => ({ type: 'object', required: [required], properties: { [required]: { type } } });

/**
 * A small contract of our own, for what the vendors' contracts never declare: a required response
 * header, a `4XX` range, a status without a body, an operation with no `default`.
 */
const SYNTHETIC: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'synthetic', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            headers: {
              'X-Request-Id': { required: true, schema: { type: 'string' } },
              'X-Rate': { schema: { type: 'integer' } },
            },
            ...json(object('id')),
          },
          '204': { description: 'no body' },
          '429': { description: 'slow down', headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } }, ...json(object('error')) },
          '4XX': { description: 'client error', ...json(object('error')) },
        },
      },
    },
    // No `default` on these three: they must not be taken for the API's error shape, however many they are.
    '/plain/one': { get: { operationId: 'plainOne', responses: { '200': { description: 'ok', ...json(object('id')) } } } },
    '/plain/two': { get: { operationId: 'plainTwo', responses: { '200': { description: 'ok', ...json(object('id')) } } } },
    // One operation with an error shape of its own, declared before the two that share the common one.
    '/odd': { get: { operationId: 'odd', responses: { '200': { description: 'ok' }, default: { description: 'odd error', ...json(object('message')) } } } },
    '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' }, default: { description: 'error', ...json(object('code')) } } } },
    '/b': { get: { operationId: 'getB', responses: { '200': { description: 'ok' }, default: { description: 'error', ...json(object('code')) } } } },
  },
} as unknown as OpenApiDocument;

/** The same kind of contract where no operation declares a `default` response at all. */
const NO_DEFAULTS: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'no-defaults', version: '1' },
  paths: { '/x': { get: { operationId: 'getX', responses: { '200': { description: 'ok', ...json(object('id')) } } } } },
} as unknown as OpenApiDocument;

async function loadSynthetic(name: string, document: OpenApiDocument): Promise<LoadedApi> {
  const ids = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((op) => op.operationId));
  const handlers = Object.fromEntries(ids.map((id) => [id, () => ({ status: 200 })]));
  return buildBackend({ name, handlers } as unknown as ApiModule, document);
}

let synthetic: LoadedApi;
let noDefaults: LoadedApi;
let real: LoadedApi[];
const api = (name: string) => real.find((a) => a.name === name)!;
const op = (a: LoadedApi, id: string) => a.operations.get(id)!;

beforeAll(async () => {
  [synthetic, noDefaults, real] = await Promise.all([loadSynthetic('synthetic', SYNTHETIC), loadSynthetic('nodefaults', NO_DEFAULTS), loadApis(apiModules, defaultSpecsDir)]);
});

describe('checkResponse: status and body', () => {
  it('a status the operation declares neither by number, range nor default is a violation naming status and operation', () => {
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), { status: 500, body: { error: 'x' } })).toStrictEqual([
      { location: 'response.status', message: 'status 500 is not declared by getThing', rule: 'status', value: 500 },
    ]);
  });

  it('a status covered by a `4XX` range is checked against that range’s schema', () => {
    const thing = op(synthetic, 'getThing');
    expect(checkResponse(synthetic, thing, { status: 404, body: { error: 'not found' } })).toEqual([]);
    expect(checkResponse(synthetic, thing, { status: 404, body: {} })).toStrictEqual([{ location: 'response.body.error', message: 'is required', rule: 'required' }]);
  });

  it('a status declared without content must be sent without a body', () => {
    const thing = op(synthetic, 'getThing');
    expect(checkResponse(synthetic, thing, { status: 204 })).toEqual([]);
    expect(checkResponse(synthetic, thing, { status: 204, body: { id: '1' } })).toStrictEqual([
      { location: 'response.body', message: 'getThing declares no JSON body for status 204', rule: 'content' },
    ]);
  });

  it('a status declared with a JSON body must be sent with one', () => {
    expect(checkResponse(api('cutmake'), op(api('cutmake'), 'getOrder'), { status: 200 })).toStrictEqual([
      { location: 'response.body', message: 'getOrder declares a JSON body for status 200, none was sent', rule: 'content' },
    ]);
  });

  it('a body violation carries the offending value when there is one, and no value key when there is none', () => {
    const thing = op(synthetic, 'getThing');
    const headers = { 'x-request-id': 'r1' };
    expect(checkResponse(synthetic, thing, { status: 200, headers, body: { id: 42 } })).toStrictEqual([
      { location: 'response.body.id', message: 'must be string', rule: 'type', value: 42 },
    ]);
    const [missing] = checkResponse(synthetic, thing, { status: 200, headers, body: {} });
    expect(missing).toStrictEqual({ location: 'response.body.id', message: 'is required', rule: 'required' });
    expect(Object.keys(missing)).not.toContain('value');
  });
});

describe('checkResponse: declared headers', () => {
  const ok = { status: 200, body: { id: '1' } };

  it('a required header that is not sent is a violation naming the header', () => {
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), { ...ok, headers: { 'x-rate': '3' } })).toStrictEqual([
      { location: 'response.header.X-Request-Id', message: 'is required', rule: 'required' },
    ]);
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), ok)).toStrictEqual([
      { location: 'response.header.X-Request-Id', message: 'is required', rule: 'required' },
    ]);
  });

  it.each([{ 'x-request-id': 'r1' }, { 'X-Request-Id': 'r1' }, { 'X-REQUEST-ID': 'r1' }])('a required header sent in any case (%j) conforms; optional ones may be left out', (headers) => {
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), { ...ok, headers })).toEqual([]);
  });

  it('a header value that breaks its schema names the header, the rule and the value', () => {
    expect(checkResponse(api('recerc'), op(api('recerc'), 'getOrder'), { status: 200, headers: { ETag: 'W/bad' }, body: {} })[0]).toStrictEqual({
      location: 'response.header.etag',
      message: 'must match pattern "^"[0-9]+"$"',
      rule: 'pattern',
      value: 'W/bad',
    });
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), { ...ok, headers: { 'x-request-id': 'r1', 'x-rate': 'fast' } })).toStrictEqual([
      { location: 'response.header.x-rate', message: 'must be integer', rule: 'type', value: 'fast' },
    ]);
  });

  it('headers are checked against the declaration of the status sent, not of another status', () => {
    const jtl = api('jtl');
    const [violation] = checkResponse(jtl, op(jtl, 'getSalesOrder'), { status: 429, headers: { 'Retry-After': '0' }, body: { errorCode: 'TOO_MANY_REQUESTS', validationErrors: {} } });
    expect(violation).toMatchObject({ location: 'response.header.retry-after', rule: 'minimum' });
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), { status: 429, headers: { 'retry-after': '0', 'x-rate': 'fast' }, body: { error: 'slow' } })).toStrictEqual([
      { location: 'response.header.retry-after', message: 'must be >= 1', rule: 'minimum', value: 0 },
    ]);
  });

  it('a status that declares no headers accepts any header', () => {
    expect(checkResponse(synthetic, op(synthetic, 'getThing'), { status: 404, headers: { 'x-rate': 'fast', 'retry-after': '0' }, body: { error: 'x' } })).toEqual([]);
  });
});

describe('checkResponse: unrouted answers use the API’s most common default response', () => {
  it('the catch-all is the default most operations share, not the first one declared, nor operations without one', () => {
    expect(checkResponse(synthetic, undefined, { status: 404, body: { code: 'not_found' } })).toEqual([]);
    expect(checkResponse(synthetic, undefined, { status: 404, body: { message: 'Not Found' } })).toStrictEqual([
      { location: 'response.body.code', message: "is required (unrouted: checked against synthetic's default error response)", rule: 'required' },
    ]);
  });

  it('an API with no default response at all checks nothing for unrouted answers', () => {
    expect(checkResponse(noDefaults, undefined, { status: 404, body: { anything: true } })).toEqual([]);
  });
});

describe('validateResponse stage', () => {
  const exchange = (extra: Partial<Exchange>): Exchange => ({
    id: 'x',
    receivedAt: new Date(),
    incoming: { method: 'GET', path: '/cutmake/api/v1/orders/SO-DOC-1001', query: {}, headers: {}, rawBody: undefined },
    namespace: 'default',
    api: api('cutmake'),
    operation: op(api('cutmake'), 'getOrder'),
    response: { status: 200, body: { broken: true } },
    violations: [],
    ...extra,
  });

  it('records the violations of the answer on the exchange, but checks nothing for a dropped connection', () => {
    const sent = exchange({});
    validateResponse(sent);
    expect(sent.violations.length).toBeGreaterThan(0);
    const dropped = exchange({ drop: true });
    validateResponse(dropped);
    expect(dropped.violations).toEqual([]);
  });
});

/** The real module, except that every answer it gives is changed by `change`. */
function changedModule(name: string, change: (res: Awaited<ReturnType<OperationHandler>>) => Awaited<ReturnType<OperationHandler>>): ApiModule {
  const module = apiModules.find((m) => m.name === name)!;
  const wrap = (handler: OperationHandler): OperationHandler => async (req, ctx) => change(await handler(req, ctx));
  return { ...module, handlers: Object.fromEntries(Object.entries(module.handlers).map(([id, h]) => [id, wrap(h)])) };
}

describe('the mock’s own answer, checked through HTTP', () => {
  const cutmake = apiCases.find((c) => c.api === 'cutmake')!;
  const recerc = apiCases.find((c) => c.api === 'recerc')!;
  let noBody: TestMock;
  let badEtag: TestMock;
  let strictBadEtag: TestMock;
  beforeAll(async () => {
    [noBody, badEtag, strictBadEtag] = await Promise.all([
      startTestMock({ apis: ['cutmake'], modules: [changedModule('cutmake', (res) => ({ ...res, body: undefined }))] }),
      startTestMock({ apis: ['recerc'], modules: [changedModule('recerc', (res) => ({ ...res, headers: { ...res.headers, ETag: 'W/"8"' } }))] }),
      startTestMock({ apis: ['recerc'], modules: [changedModule('recerc', (res) => ({ ...res, headers: { ...res.headers, ETag: 'W/"8"' } }))], strictResponses: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([noBody?.close(), badEtag?.close(), strictBadEtag?.close()]);
  });

  it('an answer without the body its status declares is flagged in the header and the journal', async () => {
    const res = await noBody.http.get(cutmake.read.path).set(cutmake.read.headers);
    expect(res.status).toBe(200);
    const expected = [{ location: 'response.body', message: 'getOrder declares a JSON body for status 200, none was sent', rule: 'content' }];
    expect(JSON.parse(res.headers[VIOLATIONS_HEADER])).toEqual(expected);
    expect(noBody.mock.journal.list({ api: 'cutmake' })[0].violations).toEqual(expected);
  });

  it('a header that breaks its declared schema is flagged, and is a 500 in strict mode', async () => {
    const res = await badEtag.http.get(recerc.read.path).set(recerc.read.headers);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers[VIOLATIONS_HEADER])).toEqual([{ location: 'response.header.etag', message: 'must match pattern "^"[0-9]+"$"', rule: 'pattern', value: 'W/"8"' }]);
    const strict = await strictBadEtag.http.get(recerc.read.path).set(recerc.read.headers);
    expect(strict.status).toBe(500);
    const [entry] = strictBadEtag.mock.journal.list({ api: 'recerc' });
    expect(entry.errorCode).toBe('ORDERMOCK_ERR_RESPONSE_VALIDATION');
    expect(entry.violations).toEqual([{ location: 'response.header.etag', message: 'must match pattern "^"[0-9]+"$"', rule: 'pattern', value: 'W/"8"' }]);
  });
});

describe('answers built from the contract’s examples', () => {
  const thing = {
    operationId: 'getThing',
    responses: {
      '200': {
        headers: {
          'X-Request-Id': { required: true, schema: { type: 'string' } },
          'X-Count': { required: true, schema: { type: 'integer' } },
          'X-Ratio': { required: true, schema: { type: 'number' } },
          'X-Plain': { required: true, content: { 'text/plain': { schema: { type: 'string' } } } },
          'X-Optional': { schema: { type: 'string' } },
          'X-Trace': { example: 'trace-1', content: { 'text/plain': { schema: { type: 'string' } } } },
          'X-Schema-Example': { schema: { type: 'string', example: 'from-schema' } },
          'X-Default': { schema: { type: 'integer', default: 5 } },
          'X-Mode': { schema: { type: 'string', enum: ['fast', 'slow'] } },
        },
        content: { 'application/json': { examples: { first: { value: { id: 1 } }, second: { value: { id: 2 } } } } },
      },
      '201': { content: { 'application/json': { example: { from: 'media' }, schema: { example: { from: 'schema' } } } } },
      '202': { content: { 'application/json': { schema: { example: { from: 'schema' } } } } },
      '203': { content: { 'application/json': { schema: { examples: [{ from: 'schema examples' }, { from: 'second' }] } } } },
      '204': { description: 'no body' },
      '409': { content: { 'application/json': { examples: { locked: { value: { error: 'locked' } } } } } },
      '415': { content: { 'text/plain': { example: 'nope' } } },
      '422': { content: { 'application/json': {} } },
      '4XX': { content: { 'application/json': { examples: { ranged: { value: {} } } } } },
      default: { content: { 'application/json': { examples: { fallback: { value: {} } } } } },
      'x-sla-500': { note: 'a specification extension, not a status' },
    },
  } as unknown as Operation;

  it('documents only the statuses given by number, ascending', () => {
    expect(documentedStatuses(thing)).toEqual([200, 201, 202, 203, 204, 409, 415, 422]);
  });

  it('lists every named example with its status, skipping statuses without a JSON body', () => {
    expect(exampleNames(thing)).toEqual([
      { name: 'first', status: 200 },
      { name: 'second', status: 200 },
      { name: 'locked', status: 409 },
    ]);
  });

  it('gives every declared header with a value and a stand-in for required ones without, in lower case', () => {
    expect(exampleResponse(thing, 200)!.headers).toStrictEqual({
      'x-request-id': 'example',
      'x-count': '1',
      'x-ratio': '1',
      'x-plain': 'example',
      'x-trace': 'trace-1',
      'x-schema-example': 'from-schema',
      'x-default': '5',
      'x-mode': 'fast',
    });
  });

  it('picks the named example, else the first, else the media example, else the schema’s', () => {
    expect(exampleResponse(thing, 200)!.body).toEqual({ id: 1 });
    expect(exampleResponse(thing, 200, 'second')!.body).toEqual({ id: 2 });
    expect(exampleResponse(thing, 201)!.body).toEqual({ from: 'media' });
    expect(exampleResponse(thing, 202)!.body).toEqual({ from: 'schema' });
    expect(exampleResponse(thing, 203)!.body).toEqual({ from: 'schema examples' });
  });

  it('a status without a JSON body answers without one; a JSON status without any example has an undefined body', () => {
    expect(exampleResponse(thing, 204)).toStrictEqual({ status: 204, headers: {} });
    expect(exampleResponse(thing, 415)).toStrictEqual({ status: 415, headers: {} });
    expect(exampleResponse(thing, 422)).toStrictEqual({ status: 422, headers: {}, body: undefined });
  });

  it('an undocumented status or an unknown example name gives no answer', () => {
    expect(exampleResponse(thing, 418)).toBeUndefined();
    expect(exampleResponse(thing, 200, 'locked')).toBeUndefined();
    expect(exampleResponse(thing, 422, 'any')).toBeUndefined();
  });
});

describe('Prefer and fault answers through HTTP', () => {
  const t = useTestMock({ apis: ['cutmake', 'recerc'] });
  const cutmake = apiCases.find((c) => c.api === 'cutmake')!;
  const recerc = apiCases.find((c) => c.api === 'recerc')!;

  it('Prefer code=200 sends the documented header example (recerc ETag)', async () => {
    const res = await t().http.get(recerc.read.path).set({ ...recerc.read.headers, prefer: 'code=200' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"8"');
  });

  it('Prefer code=401 does not invent an optional header the contract gives no value for', async () => {
    const res = await t().http.get(cutmake.read.path).set({ ...cutmake.read.headers, prefer: 'code=401' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('an unknown example name lists exactly the documented ones; one of another status is refused for that code', async () => {
    const named = await t().http.get(cutmake.read.path).set({ ...cutmake.read.headers, prefer: 'example=nope' });
    expect(named.status).toBe(400);
    expect(named.body.detail).toBe(
      'Prefer example=nope is not documented for getOrder; documented: confirmed (200), missingToken (401), invalidToken (401), expiredToken (401), notFound (404)',
    );
    const other = await t().http.get(cutmake.read.path).set({ ...cutmake.read.headers, prefer: 'code=200, example=notFound' });
    expect(other.status).toBe(400);
    expect(other.body.detail).toBe('Prefer example=notFound is not documented for getOrder 200; documented: confirmed (200)');
  });

  it('a fault status only the default response covers answers in the API’s native error shape', async () => {
    const rule = await t().http.post('/__ordermock/faults').send({ api: 'cutmake', operationId: 'getOrder', status: 503, times: 1 });
    expect(rule.status, rule.text).toBe(201);
    const res = await t().http.get(cutmake.read.path).set(cutmake.read.headers);
    expect(res.status).toBe(503);
    expect(res.body).toHaveProperty('detail');
    expect(t().mock.journal.list({ api: 'cutmake' })[0].errorCode).toBe('ORDERMOCK_ERR_FAULT_INJECTED');
  });
});
