import { describe, expect, it } from 'vitest';
import { NAMESPACE_HEADER, apiModules, type ApiModule } from '../../src/index.js';
import { apiCases } from '../support/api-cases.js';
import { useTestMock } from '../support/harness.js';

// What the pipeline's stages decide before any API rule runs, seen through HTTP on one API (cutmake).
const ORDER = '/cutmake/api/v1/orders/SO-DOC-1001';
const AUTH = { authorization: 'Bearer cm-admin-token' };

const fabric = apiCases.find((c) => c.api === 'fabric')!;

describe('pipeline stages', () => {
  const mock = useTestMock({ apis: ['cutmake'] });
  const patch = (headers: Record<string, string>, body: string) => mock().http.patch(ORDER).set({ ...AUTH, ...headers }).send(body);
  const notes = async (headers: Record<string, string> = {}) => (await mock().http.get(ORDER).set({ ...AUTH, ...headers })).body.notes;

  describe('resolve API and route', () => {
    it.each(['/nope/api/v1/orders/SO-DOC-1001', '/nope', '/cutmakes/api/v1/orders/SO-DOC-1001'])('%s names no API → 404 in ordermock’s own shape', async (path) => {
      const res = await mock().http.get(path).set(AUTH);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'ORDERMOCK_ERR_ROUTE_NOT_FOUND', message: expect.stringContaining(path) } });
    });

    it('the API prefix alone is a 404 of that API', async () => {
      const res = await mock().http.get('/cutmake').set(AUTH);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Not Found' });
    });

    it('a known path with the wrong method → 405 listing every method the path has', async () => {
      const res = await mock().http.post(ORDER).set(AUTH).send({});
      expect(res.status).toBe(405);
      expect(res.headers.allow.split(', ').sort()).toEqual(['GET', 'PATCH']);
    });
  });

  describe('namespace header', () => {
    it('an empty header means the default namespace', async () => {
      expect((await patch({ 'content-type': 'application/json', [NAMESPACE_HEADER]: '' }, '{"notes":"in default"}')).status).toBe(200);
      expect(await notes()).toBe('in default');
    });

    it.each(['a', 'job-42_run.7', 'A'.repeat(64)])('%s is a namespace of its own', async (ns) => {
      expect((await patch({ 'content-type': 'application/json', [NAMESPACE_HEADER]: ns }, '{"notes":"private"}')).status).toBe(200);
      expect(await notes({ [NAMESPACE_HEADER]: ns })).toBe('private');
      expect(await notes()).not.toBe('private');
    });

    it.each(['-job', '.hidden', 'job/42', 'job 42', 'A'.repeat(65), 'job\u00e9'])('%j → 422 naming the header, nothing changes', async (ns) => {
      const before = mock().stored('cutmake', 'orders', 'SO-DOC-1001');
      const res = await patch({ 'content-type': 'application/json', [NAMESPACE_HEADER]: ns }, '{"notes":"x"}');
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([
        { type: 'string_pattern_mismatch', loc: ['header', NAMESPACE_HEADER], msg: 'String should match pattern /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/' },
      ]);
      expect(mock().stored('cutmake', 'orders', 'SO-DOC-1001')).toBe(before);
    });
  });

  describe('body media types', () => {
    it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/merge-patch+json', 'application/vnd.ordermock.v1+json'])('%s is JSON', async (type) => {
      const res = await patch({ 'content-type': type }, '{"notes":"typed"}');
      expect(res.status, res.text).toBe(200);
      expect(await notes()).toBe('typed');
    });

    it.each(['application/jsonx', 'text/json', 'application/x-www-form-urlencoded', 'xapplication/json'])('%s → 415 naming the accepted type, nothing changes', async (type) => {
      const before = mock().stored('cutmake', 'orders', 'SO-DOC-1001');
      const res = await patch({ 'content-type': type }, '{"notes":"typed"}');
      expect(res.status).toBe(415);
      expect(res.body.detail).toContain('application/json');
      expect(mock().stored('cutmake', 'orders', 'SO-DOC-1001')).toBe(before);
    });

    it('a body without a content type → 415 saying so', async () => {
      const res = await mock().http.patch(ORDER).set(AUTH).set('content-type', '').send(Buffer.from('{"notes":"x"}'));
      expect(res.status).toBe(415);
      expect(res.body.detail).toContain('(none)');
    });

    it('an empty body is no body (422 missing), whatever its content type', async () => {
      const res = await patch({ 'content-type': 'text/plain' }, '');
      expect(res.status).toBe(422);
      expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    });

    it('a form body is parsed for an operation that declares forms; prototype keys are refused, never applied', async () => {
      const login = 'username=marco.rossi%40example.com&password=manager-pass-2025';
      const ok = await mock().http.post('/cutmake/auth/login').type('form').send(login);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.access_token).toMatch(/^cm-login-[0-9a-f]{32}$/);
      const res = await mock().http.post('/cutmake/auth/login').type('form').send(`__proto__=x&constructor=y&${login}`);
      expect(res.status, res.text).toBe(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toEqual([['body', '__proto__'], ['body', 'constructor']]);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  });

  // The stages' messages reach the client where an API passes them through (fabric, jtl).
  describe('messages an API passes through', () => {
    const other = useTestMock({ apis: ['fabric', 'jtl'] });

    it('the API prefix alone names the vendor path "/"', async () => {
      const res = await other().http.get('/fabric');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Not Found: No operation matches GET /' });
    });

    it('a wrong method names the method and the vendor path', async () => {
      const res = await other().http.post('/fabric/order/309019176').send({});
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('PUT');
      expect(res.body).toEqual({ message: 'Method POST is not allowed on /order/309019176' });
    });

    it('a bad namespace is a field error on the header', async () => {
      const res = await other().http.patch('/jtl/erp/v2/salesorder/update').set({ authorization: 'Bearer jtl-demo-token', [NAMESPACE_HEADER]: '-bad' }).send({});
      expect(res.status).toBe(400);
      expect(res.body.validationErrors).toEqual({ [NAMESPACE_HEADER]: `${NAMESPACE_HEADER} must match pattern /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/` });
    });

    it('a bad namespace is refused with a message naming the header and its pattern', async () => {
      const res = await other().http.get('/fabric/order/?orderNumber=309019176').set({ ...fabric.read.headers, [NAMESPACE_HEADER]: '-bad' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: `Request does not match the contract: ${NAMESPACE_HEADER} must match /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/` });
    });
  });

  // A handler that throws something other than an OrdermockError is a bug in a module: a 500 that says what was thrown.
  describe('a handler that crashes', () => {
    const crashing = (thrown: unknown): ApiModule => {
      const real = apiModules.find((m) => m.name === 'fabric')!;
      return { ...real, handlers: { ...real.handlers, getOrder: () => Promise.reject(thrown) } };
    };
    const withError = useTestMock({ apis: ['fabric'], modules: [crashing(new Error('disk on fire'))] });
    const withString = useTestMock({ apis: ['fabric'], modules: [crashing('a bare string')] });

    it.each([
      ['an Error', withError, 'disk on fire'],
      ['a string', withString, 'a bare string'],
    ])('%s → 500 ORDERMOCK_ERR_INTERNAL carrying its message, in the API’s shape', async (_kind, t, message) => {
      const res = await t().http.get(fabric.read.path).set(fabric.read.headers);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ message: `Internal Server Error: Internal error: ${message}` });
      expect(t().mock.journal.list({ api: 'fabric' })[0].errorCode).toBe('ORDERMOCK_ERR_INTERNAL');
    });
  });
});
