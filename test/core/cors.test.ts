import { describe, expect, it } from 'vitest';
import { useTestMock } from '../support/harness.js';

const ORDER = '/recerc/api/unstable/orders/ord_1001';
const SITE = 'http://localhost:5173';
const preflight = (http: ReturnType<ReturnType<typeof useTestMock>>['http'], path: string, origin = SITE, method = 'PATCH') =>
  http.options(path).set('Origin', origin).set('Access-Control-Request-Method', method).set('Access-Control-Request-Headers', 'authorization,content-type,if-match');

describe('CORS on the API routes (default: any origin)', () => {
  const t = useTestMock({ apis: ['recerc', 'jtl'] });

  it('answers a preflight with the methods and request headers the contract declares for the path', async () => {
    const res = await preflight(t().http, ORDER);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(SITE);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods'].split(', ').sort()).toEqual(['GET', 'PATCH']);
    const allowed = res.headers['access-control-allow-headers'].split(', ');
    // If-Match is a declared header parameter; Authorization comes from the bearer scheme.
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match', 'x-ordermock-namespace']));
    expect(res.headers.vary).toContain('Origin');
  });

  it("lists an apiKey scheme's header and the token endpoint's own method", async () => {
    const res = await preflight(t().http, '/jtl/oauth2/token', SITE, 'POST');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toBe('POST');
    const jtl = await preflight(t().http, '/jtl/erp/v2/salesOrders/SO-1', SITE, 'GET');
    const headers = jtl.headers['access-control-allow-headers'].split(', ');
    expect(headers).toEqual(expect.arrayContaining(['authorization', 'x-tenant-id']));
    expect(headers).not.toContain('content-type'); // a GET with no body declares none
  });

  it('does not journal preflights as API traffic', async () => {
    await preflight(t().http, ORDER);
    await t().http.get(ORDER).set('Authorization', 'Bearer rk_live_demo_key').set('Origin', SITE);
    const entries = (await t().http.get('/__ordermock/journal')).body.entries;
    expect(entries.map((e: { method: string }) => e.method)).toEqual(['GET']);
  });

  it('echoes the origin and exposes the response headers the contract declares (ETag) on real answers, errors included', async () => {
    const ok = await t().http.get(ORDER).set('Authorization', 'Bearer rk_live_demo_key').set('Origin', SITE);
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(SITE);
    expect(ok.headers['access-control-expose-headers'].split(', ')).toEqual(expect.arrayContaining(['etag', 'www-authenticate', 'x-ordermock-violations']));
    expect(ok.headers.etag).toMatch(/^"\d+"$/);
    const refused = await t().http.get(ORDER).set('Origin', SITE);
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(SITE);
    const jtl = await t().http.get('/jtl/erp/v2/salesOrders/SO-1').set('Origin', SITE);
    expect(jtl.headers['access-control-expose-headers'].split(', ')).toContain('retry-after');
  });

  it('adds nothing when the request has no Origin (curl, server-side clients)', async () => {
    const res = await t().http.get(ORDER).set('Authorization', 'Bearer rk_live_demo_key');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await t().http.options(ORDER)).status).toBe(405);
  });

  it('lets a path the contract lacks fall through to 404', async () => {
    expect((await preflight(t().http, '/recerc/api/unstable/nothing')).status).toBe(404);
  });
});

describe('CORS with an origin allow-list', () => {
  const t = useTestMock({ apis: ['recerc'], cors: { origins: [SITE] } });

  it('answers listed origins; refuses the preflight of others, whose requests get no CORS header', async () => {
    expect((await preflight(t().http, ORDER)).status).toBe(204);
    const foreign = await preflight(t().http, ORDER, 'http://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: 'ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED' });
    expect(foreign.body.error.message).toContain('http://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const read = await t().http.get(ORDER).set('Origin', 'http://evil.example').set('Authorization', 'Bearer rk_live_demo_key');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(read.headers['access-control-expose-headers']).toBeUndefined();
  });
});

describe('CORS turned off', () => {
  const t = useTestMock({ apis: ['recerc'], cors: false });

  it('routes OPTIONS like any method (405 with Allow) and adds no CORS header', async () => {
    const res = await preflight(t().http, ORDER);
    expect(res.status).toBe(405);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await t().http.get(ORDER).set('Authorization', 'Bearer rk_live_demo_key').set('Origin', SITE);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });
});
