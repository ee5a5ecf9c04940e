import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AdminSessions } from '../../src/admin/admin-sessions.js';
import { createLogger } from '../../src/server/create-logger.js';
import { VIOLATIONS_HEADER } from '../../src/index.js';
import { useTestMock, type TestMock } from '../support/harness.js';

const TOKEN = 'dash-s3cret-admin-token-42';
const ORDER = '/recerc/api/unstable/orders/ord_1001';
const AUTH = { Authorization: 'Bearer rk_live_demo_key' };
const SESSION_COOKIE = /^ordermock_session=([A-Za-z0-9_-]{43}); /;

/** Everything the mock logs, as the JSON lines pino writes (debug: the most it ever says). */
function capturedLog(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { logger: createLogger({ level: 'debug', format: 'json', stream }), text: () => text };
}

const own = (t: TestMock) => ({ Origin: t.mock.url });

/** Logs in as the dashboard page does (same origin, JSON body); returns the cookie to send back. */
async function login(t: TestMock): Promise<{ cookie: string; id: string }> {
  const res = await t.http.post('/__ordermock/session').set(own(t)).send({ token: TOKEN });
  expect(res.status, res.text).toBe(200);
  const [setCookie] = res.headers['set-cookie'] as unknown as string[];
  const id = SESSION_COOKIE.exec(setCookie)![1];
  return { cookie: `ordermock_session=${id}`, id };
}

/** Opens the live feed with these headers; resolves with the response and the `data:` lines seen so far. */
function openFeed(t: TestMock, headers: Record<string, string>): Promise<{ res: IncomingMessage; text: () => string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${t.mock.url}/__ordermock/events`, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      resolve({ res, text: () => text, stop: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(probe: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the dashboard with --admin-token', () => {
  const log = capturedLog();
  const t = useTestMock({ apis: ['recerc'], strictResponses: true, logger: log.logger, access: { adminToken: TOKEN, origins: ['http://localhost:3000'] } });

  it('serves the page without the token', async () => {
    const page = await t().http.get('/__ordermock/ui/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>ordermock dashboard</title>');
    expect((await t().http.get('/__ordermock/ui/app.js')).status).toBe(200);
    expect((await t().http.get('/__ordermock/ui/control-plane.js')).status).toBe(200);
    expect((await t().http.get('/__ordermock/ui')).status).toBe(308);
    expect((await t().http.get('/__ordermock/session')).body).toEqual({ tokenRequired: true, expiresAt: null });
  });

  it('refuses every data request that has neither the token nor a session: 401', async () => {
    const changed = (await t().http.patch(ORDER).set(AUTH).send({ id: 'ord_1001', sessionId: 's', invoiceFooterText: 'changed' })).status;
    expect(changed).toBe(200);
    for (const [method, path] of [['get', '/journal'], ['get', '/namespaces'], ['get', '/apis/recerc/orders'], ['get', '/apis/recerc/lifecycle'], ['get', '/faults'], ['post', '/reset?all=true'], ['get', '/events']] as const) {
      const res = await t().http[method](`/__ordermock${path}`).set(own(t()));
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('ORDERMOCK_ERR_ADMIN_TOKEN');
    }
    // A cookie of the right name but no live session is no better.
    const forged = await t().http.get('/__ordermock/journal').set('Cookie', `ordermock_session=${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toContain('expired or was closed');
    expect(t().stored('recerc', 'orders', 'ord_1001')).toContain('changed'); // the reset did not run
  });

  it('answers a wrong token at the login route 401 with no cookie, whatever its length', async () => {
    for (const token of [TOKEN.slice(0, -1) + '3', 'x', `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const res = await t().http.post('/__ordermock/session').set(own(t())).send({ token });
      expect(res.status, token).toBe(401);
      expect(res.body.error.code).toBe('ORDERMOCK_ERR_ADMIN_TOKEN');
      expect(res.headers['set-cookie'], token).toBeUndefined();
    }
    const invalid = await t().http.post('/__ordermock/session').set(own(t())).send({ token: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['set-cookie']).toBeUndefined();
  });

  it('gives the right token an HttpOnly, SameSite=Strict session cookie holding a random id, not the token', async () => {
    const res = await t().http.post('/__ordermock/session').set(own(t())).send({ token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers[VIOLATIONS_HEADER]).toBeUndefined();
    const [setCookie, ...more] = res.headers['set-cookie'] as unknown as string[];
    expect(more).toEqual([]);
    expect(setCookie).toMatch(SESSION_COOKIE);
    const attributes = setCookie.split('; ').slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/__ordermock', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']));
    expect(setCookie).not.toContain(TOKEN);
    expect(res.body.tokenRequired).toBe(true);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    const second = await login(t());
    expect(second.cookie).not.toBe(setCookie.split(';')[0]); // a fresh id each login
  });

  it('then answers the journal, the state and the live feed for that cookie', async () => {
    const { cookie } = await login(t());
    const withCookie = { Cookie: cookie };
    expect((await t().http.get('/__ordermock/session').set(withCookie)).body.expiresAt).toEqual(expect.any(String));
    expect((await t().http.get('/__ordermock/journal').set(withCookie)).status).toBe(200);
    expect((await t().http.get('/__ordermock/namespaces').set(withCookie)).status).toBe(200);
    expect((await t().http.get('/__ordermock/apis/recerc/orders').set(withCookie)).body.orders.length).toBeGreaterThan(0);
    expect((await t().http.get('/__ordermock/faults').set(withCookie).set(own(t()))).status).toBe(200);
    await t().http.patch(ORDER).set(AUTH).send({ id: 'ord_1001', sessionId: 's', invoiceFooterText: 'before reset' });
    // A write from the page: the browser adds its Origin.
    expect((await t().http.post('/__ordermock/reset?api=recerc').set(withCookie).set(own(t()))).status).toBe(200);
    expect(t().stored('recerc', 'orders', 'ord_1001')).not.toContain('before reset');

    const feed = await openFeed(t(), { ...withCookie, 'Sec-Fetch-Site': 'same-origin' });
    try {
      expect(feed.res.statusCode).toBe(200);
      expect(feed.res.headers['content-type']).toContain('text/event-stream');
      await t().http.patch(ORDER).set(AUTH).send({ id: 'ord_1001', sessionId: 's', invoiceFooterText: 'seen live' });
      expect(await until(() => (/"path":"\/recerc\/api\/unstable\/orders\/ord_1001"/.test(feed.text()) ? true : undefined))).toBe(true);
    } finally {
      feed.stop();
    }
  });

  it('refuses the cookie on a cross-origin or cross-site request, even from a listed admin origin (which sends the token)', async () => {
    const { cookie } = await login(t());
    await t().http.patch(ORDER).set(AUTH).send({ id: 'ord_1001', sessionId: 's', invoiceFooterText: 'keep me' });
    const kept = t().stored('recerc', 'orders', 'ord_1001');
    const refusals = [
      t().http.get('/__ordermock/journal').set('Cookie', cookie).set('Origin', 'http://evil.example'),
      t().http.post('/__ordermock/reset?all=true').set('Cookie', cookie).set('Origin', 'http://evil.example').set('Content-Type', 'text/plain').send('x'),
      t().http.get('/__ordermock/journal').set('Cookie', cookie).set('Origin', 'http://localhost:3000'),
      t().http.post('/__ordermock/reset?all=true').set('Cookie', cookie).set('Origin', 'http://localhost:3000'),
      t().http.get('/__ordermock/events').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-site'),
      t().http.get('/__ordermock/journal').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site'),
      // another port of localhost is the same site (SameSite lets the cookie through): the Origin check must not
      t().http.post('/__ordermock/reset?all=true').set('Cookie', cookie).set('Origin', `http://localhost:${t().mock.port + 1}`),
      // a write that names no origin is not the page's
      t().http.post('/__ordermock/reset?all=true').set('Cookie', cookie),
    ];
    for (const [i, pending] of refusals.entries()) {
      const res = await pending;
      expect(res.status, `refusal ${i}`).toBe(403);
      expect(res.body.error.code).toBe('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED');
      expect(res.body).not.toHaveProperty('entries');
    }
    expect(t().stored('recerc', 'orders', 'ord_1001')).toBe(kept);
    // The listed origin itself still works with the bearer token.
    expect((await t().http.get('/__ordermock/journal').set('Origin', 'http://localhost:3000').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('logs in only from its own origin: a foreign page gets no cookie even with the right token', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:3000']) {
      const res = await t().http.post('/__ordermock/session').set('Origin', origin).send({ token: TOKEN });
      expect(res.status, origin).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const noOrigin = await t().http.post('/__ordermock/session').send({ token: TOKEN });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers['set-cookie']).toBeUndefined();
  });

  it('logs out: the session ends at once and the cookie is removed', async () => {
    const { cookie } = await login(t());
    expect((await t().http.get('/__ordermock/journal').set('Cookie', cookie)).status).toBe(200);
    const out = await t().http.delete('/__ordermock/session').set('Cookie', cookie).set(own(t()));
    expect(out.status).toBe(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^ordermock_session=; Path=\/__ordermock; Max-Age=0/);
    const after = await t().http.get('/__ordermock/journal').set('Cookie', cookie);
    expect(after.status).toBe(401);
    expect((await t().http.get('/__ordermock/session').set('Cookie', cookie)).body.expiresAt).toBeNull();
  });

  it('never writes the token or a session id to the log or the journal', async () => {
    const { cookie, id } = await login(t());
    await t().http.post('/__ordermock/session').set(own(t())).send({ token: `${TOKEN}-wrong` });
    await t().http.get('/__ordermock/journal').set('Authorization', `Bearer ${TOKEN}`);
    await t().http.get('/__ordermock/journal').set('Authorization', `Bearer ${TOKEN}x`);
    await t().http.get(`/__ordermock/journal?token=${TOKEN}`).set('Cookie', cookie);
    await t().http.get('/__ordermock/journal').set('Cookie', cookie).set('Origin', 'http://evil.example');
    await t().http.post('/__ordermock/session').set(own(t())).send({ token: TOKEN, extra: TOKEN }); // refused by the contract
    // API traffic is journaled: a cookie or token sent there is redacted like any credential.
    await t().http.patch(ORDER).set(AUTH).set('Cookie', cookie).send({ id: 'ord_1001', sessionId: 's', token: TOKEN });
    await t().http.delete('/__ordermock/session').set('Cookie', cookie).set(own(t()));
    const logged = log.text();
    expect(logged).toContain('/__ordermock/session'); // the calls were logged...
    expect(logged).toContain('ORDERMOCK_ERR_ADMIN_TOKEN');
    expect(logged).not.toContain(TOKEN); // ...without what they carried
    expect(logged).not.toContain(id);
    const journal = JSON.stringify(t().mock.journal.list());
    expect(journal).toContain('ord_1001');
    expect(journal).not.toContain(TOKEN);
    expect(journal).not.toContain(id);
  });
});

describe('the dashboard without --admin-token', () => {
  const t = useTestMock({ apis: ['recerc'], strictResponses: true });

  it('changes nothing: no login needed, none offered, no cookie', async () => {
    expect((await t().http.get('/__ordermock/journal')).status).toBe(200);
    expect((await t().http.get('/__ordermock/session')).body).toEqual({ tokenRequired: false, expiresAt: null });
    const res = await t().http.post('/__ordermock/session').set(own(t())).send({ token: 'anything' });
    expect(res.status).toBe(404);
    expect(res.headers['set-cookie']).toBeUndefined();
    const out = await t().http.delete('/__ordermock/session');
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toBeUndefined();
  });
});

describe('dashboard sessions are bounded and expire', () => {
  it('keeps at most `max` sessions (a login beyond ends the oldest) and stores nothing for a wrong token', () => {
    const sessions = new AdminSessions(TOKEN, { max: 3 });
    for (let i = 0; i < 50; i++) expect(sessions.open(`wrong-${i}`)).toBeUndefined();
    expect(sessions.size).toBe(0);
    const cookies = Array.from({ length: 100 }, () => sessions.open(TOKEN)!.cookie.split(';')[0]);
    expect(sessions.size).toBe(3);
    expect(cookies.slice(-3).every((c) => sessions.valid(c))).toBe(true);
    expect(sessions.valid(cookies[96])).toBe(false);
    expect(sessions.valid(cookies[0])).toBe(false);
  });

  it('ends a session its lifetime after the login, by the wall clock', () => {
    let now = 1_000_000;
    const sessions = new AdminSessions(TOKEN, { ttlMs: 60_000, now: () => now });
    const cookie = sessions.open(TOKEN)!.cookie.split(';')[0];
    now += 59_999;
    expect(sessions.valid(cookie)).toBe(true);
    now += 1;
    expect(sessions.valid(cookie)).toBe(false);
    expect(sessions.size).toBe(0); // an expired session is dropped when seen
  });
});
