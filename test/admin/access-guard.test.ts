import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestMock, type TestMock } from '../support/harness.js';

const ORDER = '/recerc/api/unstable/orders/ord_1001';
const AUTH = { Authorization: 'Bearer rk_live_demo_key' };

/** Sends `request` as it is (any request line) and returns the first line of the answer. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer.split('\r\n')[0]));
    socket.on('error', reject);
  });
}

/** Changes one order, so a reset that went through would be visible. */
async function changeOrder(t: TestMock): Promise<string> {
  const res = await t.http.patch(ORDER).set(AUTH).send({ id: 'ord_1001', sessionId: 'sess_abc123', status: 'in review' });
  expect(res.status).toBe(200);
  return t.stored('recerc', 'orders', 'ord_1001');
}

describe('control plane access guard (defaults)', () => {
  const t = useTestMock({ apis: ['recerc'] });

  it('refuses a cross-origin text/plain POST to reset (no preflight needed) and wipes nothing', async () => {
    const changed = await changeOrder(t());
    const res = await t().http.post('/__ordermock/reset?all=true').set('Origin', 'http://evil.example').set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(t().stored('recerc', 'orders', 'ord_1001')).toBe(changed);
  });

  it('refuses a cross-site fetch that carries no Origin (Sec-Fetch-Site)', async () => {
    const res = await t().http.get('/__ordermock/journal').set('Sec-Fetch-Site', 'cross-site');
    expect(res.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and answers loopback names and IPs', async () => {
    const rebound = await t().http.get('/__ordermock/journal').set('Host', `attacker.example:${t().mock.port}`);
    expect(rebound.status).toBe(403);
    expect(rebound.body.error).toMatchObject({ code: 'ORDERMOCK_ERR_HOST_NOT_ALLOWED' });
    expect(rebound.body.error.message).toContain('attacker.example');
    expect(rebound.body).not.toHaveProperty('entries');
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '[::1]', '192.168.1.20']) {
      expect((await t().http.get('/__ordermock/health').set('Host', `${host}:${t().mock.port}`)).status, host).toBe(200);
    }
  });

  it('answers same-origin requests (a page served by the mock itself) and plain clients', async () => {
    const sameOrigin = await t().http.get('/__ordermock/health').set('Origin', t().mock.url);
    expect(sameOrigin.status).toBe(200);
    expect((await t().http.post('/__ordermock/reset')).status).toBe(200);
  });

  it('leaves the API routes to CORS: a foreign Host on an API route is served', async () => {
    expect((await t().http.get(ORDER).set(AUTH).set('Host', 'attacker.example')).status).toBe(200);
  });
});

describe('control plane with --allowed-hosts, --admin-origins and --admin-token', () => {
  const t = useTestMock({
    apis: ['recerc'],
    access: { allowedHosts: ['mock.internal'], origins: ['http://localhost:3000'], adminToken: 's3cret-admin' },
  });
  const bearer = { Authorization: 'Bearer s3cret-admin' };

  it('needs the admin token for state and the journal, not for health and docs', async () => {
    const changed = await changeOrder(t());
    const none = await t().http.post('/__ordermock/reset?all=true');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('ORDERMOCK_ERR_ADMIN_TOKEN');
    const wrong = await t().http.post('/__ordermock/reset?all=true').set('Authorization', 'Bearer s3cret-admiN');
    expect(wrong.status).toBe(401);
    expect(t().stored('recerc', 'orders', 'ord_1001')).toBe(changed);
    expect((await t().http.get('/__ordermock/journal')).status).toBe(401);
    expect((await t().http.get('/__ordermock/journal').set(bearer)).status).toBe(200);
    expect((await t().http.get('/__ordermock/health')).status).toBe(200);
    expect((await t().http.get('/__ordermock/specs')).status).toBe(200);
    expect((await t().http.post('/__ordermock/reset?all=true').set(bearer)).status).toBe(200);
    expect(t().stored('recerc', 'orders', 'ord_1001')).not.toBe(changed);
  });

  it('guards the control plane however its path is spelled: letter case, query, an absolute-form request line', async () => {
    const changed = await changeOrder(t());
    expect((await t().http.get('/__ORDERMOCK/journal')).status).toBe(401);
    expect((await t().http.post('/__OrderMock/reset?all=true')).status).toBe(401);
    expect((await t().http.get('/__ordermock/journal?x=1#y')).status).toBe(401);
    for (const target of [`http://127.0.0.1:${t().mock.port}/__ordermock/reset?all=true`, `http://mock.internal/__ORDERMOCK/reset?all=true`]) {
      const head = await rawRequest(t().mock.port, `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      expect(head, target).toMatch(/^HTTP\/1\.1 401 /);
    }
    expect(t().stored('recerc', 'orders', 'ord_1001')).toBe(changed);
  });

  it('answers a configured Host name and a configured origin (with CORS headers for it)', async () => {
    expect((await t().http.get('/__ordermock/health').set('Host', 'mock.internal:80')).status).toBe(200);
    const pre = await t()
      .http.options('/__ordermock/journal')
      .set('Origin', 'http://localhost:3000')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const res = await t().http.get('/__ordermock/journal').set('Origin', 'http://localhost:3000').set(bearer);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect((await t().http.get('/__ordermock/health').set('Origin', 'http://localhost:4000')).status).toBe(403);
  });
});
