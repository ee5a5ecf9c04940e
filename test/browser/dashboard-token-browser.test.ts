import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCases } from '../support/api-cases.js';
import { useTestMock } from '../support/harness.js';

// Debian's chromium, never a downloaded browser (.ci/run installs it when missing).
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TOKEN = 'browser-admin-token-7f3a';
const recerc = apiCases.find((c) => c.api === 'recerc')!;

/** Another page on 127.0.0.1, another port: a different origin but the same site, so SameSite lets the cookie through. */
async function serveSameSitePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other app</title><p>app</p>'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the dashboard of a mock started with an admin token, in a real browser', { timeout: 90_000 }, () => {
  const t = useTestMock({ apis: ['recerc'], access: { adminToken: TOKEN } });
  let browser: Browser;
  let other: { server: Server; origin: string };
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    other = await serveSameSitePage();
  });
  afterAll(async () => {
    await browser?.close();
    other?.server.close();
  });

  it('asks for the token, refuses a wrong one, and once given the right one shows a request made afterwards in the live feed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const foreign = new Set<string>();
    page.on('request', (req) => new URL(req.url()).origin !== t().mock.url && !req.url().startsWith('data:') && foreign.add(req.url()));
    await page.goto(`${t().mock.url}/__ordermock/ui/?api=recerc`);
    await page.waitForSelector('#login[open]');
    expect(await page.textContent('#live-status')).toBe('admin token needed');

    await page.fill('#login-token', `${TOKEN}-nope`);
    await page.click('#login-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('login-message')?.textContent === 'That is not the admin token.');
    expect(await context.cookies()).toEqual([]);
    expect(await page.isVisible('#login')).toBe(true);

    await page.fill('#login-token', TOKEN);
    await page.press('#login-token', 'Enter');
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live');
    expect(await page.isVisible('#login')).toBe(false);
    const [cookie, ...more] = await context.cookies();
    expect(more).toEqual([]);
    expect(cookie).toMatchObject({ name: 'ordermock_session', path: '/__ordermock', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.value).not.toContain(TOKEN);
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: no script on the page can read it
    expect(await page.textContent('#orders')).toContain('ord_1001');

    const patch = await t().http.patch(recerc.update.path).set(recerc.update.headers).send({ id: 'ord_1001', sessionId: 'sess_token', invoiceFooterText: 'after login' });
    expect(patch.status).toBe(200);
    await page.waitForSelector('.feed-item.accepted');
    expect(await page.textContent('.feed-item.accepted')).toContain(`PATCH ${recerc.update.path} 200`);

    // The session outlives a reload; logging out ends it and the page asks again.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live');
    expect(await page.isVisible('#logout')).toBe(true);
    await page.click('#logout');
    await page.waitForSelector('#login[open]');
    expect(await context.cookies()).toEqual([]);
    expect((await t().http.get('/__ordermock/journal').set('Cookie', `${cookie.name}=${cookie.value}`)).status).toBe(401);
    expect([...foreign]).toEqual([]);
    await context.close();
  });

  it('does not let another page of the same site use the session cookie, which the browser does send it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t().mock.url}/__ordermock/ui/`);
    await page.waitForSelector('#login[open]');
    await page.fill('#login-token', TOKEN);
    await page.press('#login-token', 'Enter');
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live');
    const patch = await t().http.patch(recerc.update.path).set(recerc.update.headers).send({ id: 'ord_1001', sessionId: 'sess_token', invoiceFooterText: 'keep me' });
    expect(patch.status).toBe(200);
    const kept = t().stored('recerc', 'orders', 'ord_1001');

    // What the browser attached to each request (Playwright's own header view leaves these cookies out).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const sent = new Map<string, string>();
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, `${e.request.method} ${new URL(e.request.url).pathname}`));
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
      const ours = e.associatedCookies.filter((c) => c.cookie.name === 'ordermock_session' && c.blockedReasons.length === 0);
      sent.set(e.requestId, ours.length ? 'cookie sent' : 'no cookie');
    });
    await page.goto(other.origin);
    const outcome = await page.evaluate(async (mock) => {
      await fetch(`${mock}/__ordermock/reset?all=true`, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
      const journal = await fetch(`${mock}/__ordermock/journal`, { credentials: 'include', mode: 'no-cors' });
      return journal.type;
    }, t().mock.url);
    expect(outcome).toBe('opaque');
    expect(t().stored('recerc', 'orders', 'ord_1001')).toBe(kept);
    // The browser did send the cookie (same site): the guard's Origin checks refused the requests anyway.
    const attached = [...sent].map(([id, what]) => `${urls.get(id)}: ${what}`).filter((line) => /__ordermock\/(reset|journal):/.test(line));
    expect(attached.sort()).toEqual(['GET /__ordermock/journal: cookie sent', 'POST /__ordermock/reset: cookie sent']);
    await context.close();
  });
});
