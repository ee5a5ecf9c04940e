import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { apiCases } from '../support/api-cases.js';
import { useTestMock } from '../support/harness.js';

// Debian's chromium, never a downloaded browser (.ci/run installs it when missing).
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The README's screenshots are rewritten only on request (ORDERMOCK_UPDATE_SCREENSHOTS=1): a test run never dirties the checkout.
const SHOTS = process.env.ORDERMOCK_UPDATE_SCREENSHOTS ? join(packageRoot, 'docs', 'screenshots') : await mkdtemp(join(tmpdir(), 'ordermock-shots-'));

const recerc = apiCases.find((c) => c.api === 'recerc')!;
const cutmake = apiCases.find((c) => c.api === 'cutmake')!;

describe('the demo dashboard in a real browser', { timeout: 120_000 }, () => {
  const t = useTestMock({ apis: ['cutmake', 'recerc', 'jtl'] });
  let browser: Browser;
  let page: Page;
  const foreign = new Set<string>();

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(query: string): Promise<Page> {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('request', (req) => {
      if (new URL(req.url()).origin !== t().mock.url && !req.url().startsWith('data:')) foreign.add(req.url());
    });
    await page.goto(`${t().mock.url}/__ordermock/ui/?${query}`);
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent === 'live');
    await page.evaluate(() => ((window as any).__sameDocument = true)); // gone if the page reloads
    return page;
  }
  const rowState = (p: Page, id: string) => p.textContent(`#orders tr[data-order="${id}"] .state-cell`);
  const patchRecerc = (body: Record<string, unknown>) => t().http.patch(recerc.update.path).set(recerc.update.headers).send({ id: 'ord_1001', sessionId: 'sess_e2e', ...body });

  it('shows a PATCH sent over HTTP in the feed, the table, the diagram and the timeline without a reload; reset clicks back', async () => {
    const p = await open('api=recerc&order=ord_1001');
    expect(await rowState(p, 'ord_1001')).toBe('draft');
    expect(await p.textContent('#timeline')).toContain('No change');
    expect(await p.getAttribute('g.state.current', 'data-state')).toBe('draft');

    expect((await patchRecerc({ status: 'ready', invoiceFooterText: 'Shown live' })).status).toBe(200);
    await p.waitForSelector('.feed-item.accepted');
    expect(await p.textContent('.feed-item.accepted')).toContain(`PATCH ${recerc.update.path} 200`);
    await p.waitForSelector('#timeline .step');
    const step = await p.textContent('#timeline .step');
    expect(step).toContain('draft → ready');
    expect(step).toContain('version 7 → 8');
    expect(step).toMatch(/invoiceFooterText\s*Thank you for your business\.\s*Shown live/);
    expect(await rowState(p, 'ord_1001')).toBe('ready');
    expect(await p.getAttribute('g.state.current', 'data-state')).toBe('ready');
    expect(await p.$$eval('g.edge.taken', (edges) => edges.map((e) => e.getAttribute('data-transition')))).toEqual(['draft→ready']);

    expect((await patchRecerc({ status: 'bogus' })).status).toBe(400);
    await p.waitForSelector('.feed-item.refused');
    const refused = await p.textContent('.feed-item.refused');
    expect(refused).toContain('ORDERMOCK_ERR_REQUEST_VALIDATION');
    expect(refused).toContain('body.status must be one of');
    await p.screenshot({ path: join(SHOTS, 'dashboard-recerc.png') });

    await p.click('#reset-api');
    await p.waitForFunction(() => document.querySelector('#orders tr[data-order="ord_1001"] .state-cell')?.textContent === 'draft');
    expect(await p.textContent('#control-message')).toBe('Reset recerc in default');
    expect(await p.textContent('#timeline')).toContain('No change');
    expect(JSON.parse(t().stored('recerc', 'orders', 'ord_1001')).status).toBe('draft');
    expect(await p.evaluate(() => (window as any).__sameDocument)).toBe(true);
    await p.close();
  });

  it('adds and clears a fault rule from the page, the feed marks the faulted answer', async () => {
    const p = await open('api=recerc&order=ord_1001');
    await p.fill('#fault-status', '503');
    await p.click('#add-fault');
    await p.waitForSelector('#faults li');
    expect(await p.textContent('#faults')).toContain('recerc [default] → 503');
    expect((await patchRecerc({ invoiceFooterText: 'x' })).status).toBe(503);
    await p.waitForSelector('.feed-item.faulted');
    expect(await p.textContent('.feed-item.faulted')).toContain('fault-injected');
    await p.click('#clear-faults');
    await p.waitForFunction(() => document.querySelectorAll('#faults li').length === 0);
    expect((await t().http.get('/__ordermock/faults')).body.faults).toEqual([]);
    await p.close();
  });

  it('switches namespace from the control plane\'s list', async () => {
    const p = await open('api=recerc&order=ord_1001');
    expect((await patchRecerc({ status: 'ready' }).set('x-ordermock-namespace', 'demo-a')).status).toBe(200);
    await p.waitForSelector('#namespace option[value="demo-a"]', { state: 'attached' });
    expect(await rowState(p, 'ord_1001')).toBe('draft'); // the default namespace did not change
    await p.selectOption('#namespace', 'demo-a');
    await p.waitForFunction(() => document.querySelector('#orders tr[data-order="ord_1001"] .state-cell')?.textContent === 'ready');
    expect(p.url()).toContain('namespace=demo-a');
    await p.close();
  });

  it('is usable with the keyboard: tabs, order buttons, filter; the cutmake diagram marks the action taken', async () => {
    const p = await open('api=recerc');
    const res = await t().http.patch(cutmake.update.path).set(cutmake.update.headers).send({ action: 'submit_for_review', notes: 'Ready for the manager' });
    expect(res.status, res.text).toBe(200);
    await p.waitForSelector('.feed-item.accepted');
    await p.focus('.tab[data-api="cutmake"]');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.getElementById('order-title')?.textContent?.startsWith('cutmake'));
    await p.focus('#filter');
    await p.keyboard.type('pending');
    expect(await p.$$eval('#orders tbody tr', (rows) => rows.map((r) => r.getAttribute('data-order')))).toContain('SO-DOC-1001');
    await p.keyboard.press('Tab'); // to the first order button of the filtered table
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(await p.textContent('#orders tbody tr th button'));
    await p.focus('#orders tr[data-order="SO-DOC-1001"] button');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#timeline .step');
    expect(await p.textContent('#timeline .step')).toContain('action submit_for_review');
    expect(await p.getAttribute('g.state.current', 'data-state')).toBe('pending_review');
    expect(await p.$$eval('g.edge.taken', (edges) => edges.map((e) => e.getAttribute('data-transition')))).toEqual(['draft→pending_review']);
    const outline = await p.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none'); // visible focus
    await p.screenshot({ path: join(SHOTS, 'dashboard-cutmake.png') });

    await p.focus('#large-type');
    await p.keyboard.press('Space');
    expect(await p.getAttribute('#large-type', 'aria-pressed')).toBe('true');
    expect(await p.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(20);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true); // no sideways scrolling at 1280
    expect(await p.evaluate(() => document.getElementById('orders')!.offsetWidth <= document.getElementById('orders-panel')!.clientWidth)).toBe(true); // the table fits its panel
    const label = await p.evaluate(() => (document.querySelector('g.state text') as SVGGraphicsElement).getBoundingClientRect().height);
    expect(label).toBeGreaterThanOrEqual(17); // the diagram's labels grow with the type
    await p.screenshot({ path: join(SHOTS, 'dashboard-large-type.png') });
    await p.keyboard.press('Space');
    await p.close();
  });

  it('loaded nothing from any other origin', () => {
    expect([...foreign]).toEqual([]);
  });
});
