import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestMock } from '../support/harness.js';

// Debian's chromium, never a downloaded browser (.ci/run installs it when missing).
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A front end on its own port: another origin than the mock. */
async function serveFrontEnd(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>front end</title><p>app</p>'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

describe('a real browser', { timeout: 60_000 }, () => {
  const t = useTestMock({ apis: ['recerc'] });
  let browser: Browser;
  let front: { server: Server; origin: string };
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    front = await serveFrontEnd();
  });
  afterAll(async () => {
    await browser?.close();
    front?.server.close();
  });

  it('on another origin makes a cross-origin PATCH with Authorization and reads the exposed ETag', async () => {
    const page = await browser.newPage();
    await page.goto(front.origin);
    const result = await page.evaluate(async (api) => {
      const res = await fetch(`${api}/recerc/api/unstable/orders/ord_1001`, {
        method: 'PATCH',
        credentials: 'include',
        headers: { Authorization: 'Bearer rk_live_demo_key', 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: 'ord_1001', sessionId: 'sess_abc123', invoiceFooterText: 'from the browser' }),
      });
      const again = await fetch(`${api}/recerc/api/unstable/orders/ord_1001`, { headers: { Authorization: 'Bearer rk_live_demo_key' } });
      return { status: res.status, etag: res.headers.get('ETag'), footer: (await again.json()).invoiceFooterText, etagAfter: again.headers.get('ETag') };
    }, t().mock.url);
    expect(result.status).toBe(200);
    expect(result.etag).toMatch(/^"\d+"$/);
    expect(result.etagAfter).toBe(result.etag);
    expect(result.footer).toBe('from the browser');
    expect(t().mock.journal.list().map((e) => e.method)).toEqual(['PATCH', 'GET']); // the preflight is not API traffic
    await page.close();
  });

  it('on another origin cannot reset state through the control plane, not even with a text/plain POST', async () => {
    const before = await t().http.patch('/recerc/api/unstable/orders/ord_1002').set('Authorization', 'Bearer rk_live_demo_key').send({ id: 'ord_1002', sessionId: 's', invoiceFooterText: 'keep me' });
    expect(before.status).toBe(200);
    const stored = t().stored('recerc', 'orders', 'ord_1002');
    const page = await browser.newPage();
    await page.goto(front.origin);
    const outcome = await page.evaluate(async (api) => {
      // "Simple" request: the browser sends it without asking first; only the server can refuse it.
      await fetch(`${api}/__ordermock/reset?all=true`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
      try {
        await fetch(`${api}/__ordermock/journal`);
        return 'journal readable';
      } catch {
        return 'journal refused';
      }
    }, t().mock.url);
    expect(outcome).toBe('journal refused');
    expect(t().stored('recerc', 'orders', 'ord_1002')).toBe(stored);
    await page.close();
  });

  it('renders the API reference from the mock alone (no request to any other origin)', async () => {
    const page = await browser.newPage();
    const origins = new Set<string>();
    page.on('request', (req) => origins.add(new URL(req.url()).origin));
    await page.goto(`${t().mock.url}/__ordermock/reference/recerc`);
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.textContent('.swagger-ui .info .title')).toContain('Recerc');
    await page.waitForSelector('.opblock-summary-path');
    expect(await page.locator('.servers select option').first().textContent()).toContain('/recerc');
    expect([...origins]).toEqual([t().mock.url]);
    await page.close();
  });
});
