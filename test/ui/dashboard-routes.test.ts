import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { packageRoot, uiDir } from '../../src/paths.js';
import { describe, expect, it } from 'vitest';
import { ACTIONS, TRANSITIONS as CUTMAKE } from '../../src/apis/cutmake/state-machine.js';
import { TRANSITIONS as RECERC } from '../../src/apis/recerc/state-machine.js';
import { EventFeed, MAX_BUFFERED_BYTES, MAX_SUBSCRIBERS } from '../../src/admin/live/event-feed.js';
import { VIOLATIONS_HEADER } from '../../src/index.js';
import type { Request, Response } from 'express';
import { apiCases } from '../support/api-cases.js';
import { useTestMock, type TestMock } from '../support/harness.js';

const recerc = apiCases.find((c) => c.api === 'recerc')!;
const patchRecerc = (t: TestMock, body: Record<string, unknown>, namespace?: string) => {
  const req = t.http.patch(recerc.update.path).set(recerc.update.headers);
  if (namespace) req.set('x-ordermock-namespace', namespace);
  return req.send({ id: 'ord_1001', sessionId: 'sess_dash', ...body });
};

/** Opens the live feed and collects its `exchange` events until `stop()`. */
function openFeed(url: string, headers: Record<string, string> = {}): Promise<{ res: IncomingMessage; events: any[]; raw: () => string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/__ordermock/events`, { headers }, (res) => {
      let text = '';
      const events: any[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        for (const block of text.split('\n\n').slice(events.length + 1, -1)) {
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) events.push(JSON.parse(data));
        }
      });
      resolve({ res, events, raw: () => text, stop: () => req.destroy() });
    });
    req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
    req.end();
  });
}

/** A request/response pair just real enough for EventFeed.stream: what was written, whether it was destroyed. */
function fakeStream() {
  const chunks: string[] = [];
  let destroyed = false;
  const listeners: Record<string, () => void> = {};
  const res = {
    locals: {},
    writableLength: 0,
    status: () => res,
    set: () => res,
    flushHeaders: () => undefined,
    write: (chunk: string) => chunks.push(chunk) > 0,
    destroy: () => {
      destroyed = true;
      listeners.close?.();
    },
  };
  const req = { query: {}, on: (name: string, fn: () => void) => void (listeners[name] = fn) };
  return { req: req as unknown as Request, res: res as unknown as Response & { writableLength: number }, written: () => chunks.join(''), destroyed: () => destroyed };
}

async function until<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('the expected event never came');
}

describe('dashboard routes of the control plane', () => {
  const t = useTestMock({ strictResponses: true });

  it('serves each lifecycle from the API module\'s own transition table', async () => {
    const cut = await t().http.get('/__ordermock/apis/cutmake/lifecycle');
    expect(cut.status).toBe(200);
    expect(cut.headers[VIOLATIONS_HEADER]).toBeUndefined();
    expect(cut.body.enforced).toBe(true);
    const pairs = ACTIONS.flatMap((a) => CUTMAKE[a].from.map((from) => `${a}:${from}->${CUTMAKE[a].to}`)).sort();
    expect(cut.body.lifecycle.transitions.map((x: any) => `${x.name}:${x.from}->${x.to}`).sort()).toEqual(pairs);
    expect(cut.body.lifecycle.actionField).toBe('action');

    const rec = await t().http.get('/__ordermock/apis/recerc/lifecycle');
    expect(rec.body.lifecycle.states).toEqual(Object.keys(RECERC));
    expect(rec.body.lifecycle.transitions.map((x: any) => [x.from, x.to])).toEqual(Object.entries(RECERC).flatMap(([from, tos]) => tos.map((to) => [from, to])));

    const jtl = await t().http.get('/__ordermock/apis/jtl/lifecycle');
    expect(jtl.body).toEqual({ api: 'jtl', stateField: 'status', enforced: false, lifecycle: null });
  });

  it('refuses an unknown API or order in the control plane\'s error shape', async () => {
    const api = await t().http.get('/__ordermock/apis/nope/orders');
    expect(api.status).toBe(400);
    expect(api.body.error.code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
    const order = await t().http.get('/__ordermock/apis/recerc/orders/ord_404/history');
    expect(order.status).toBe(404);
    expect(Object.keys(order.body.error).sort()).toEqual(['code', 'issues', 'message']);
    const query = await t().http.get('/__ordermock/apis/recerc/orders?stauts=1');
    expect(query.status).toBe(400);
  });

  it('lists the orders with their key fields, per namespace', async () => {
    expect((await patchRecerc(t(), { status: 'ready' }, 'demo')).status).toBe(200);
    const demo = await t().http.get('/__ordermock/apis/recerc/orders?namespace=demo');
    const plain = await t().http.get('/__ordermock/apis/recerc/orders');
    expect(demo.headers[VIOLATIONS_HEADER]).toBeUndefined();
    expect(demo.body.orders.find((o: any) => o.id === 'ord_1001')).toEqual({ id: 'ord_1001', state: 'ready', version: 8, total: 661523, tenant: 'cus_andes' });
    expect(plain.body.orders.find((o: any) => o.id === 'ord_1001').state).toBe('draft');
    const seller = await t().http.get('/__ordermock/apis/sellercloud/orders');
    expect(seller.body.orders[0]).toEqual({ id: '5001', state: 2, version: null, total: 450.86, tenant: 1 });
  });

  for (const c of apiCases) {
    it(`${c.api}: an update becomes a timeline step with the field-level diff and the request`, async () => {
      const marker = `dash-${c.api}-marker`;
      expect((await t().http.get(`/__ordermock/apis/${c.api}/orders/${c.orderId}/history`)).body.steps).toEqual([]); // the first read starts the recording
      const res = await (t().http as any)[c.update.method](c.update.path).set(c.update.headers).send(await c.body(t(), marker));
      expect(res.status, res.text).toBeLessThan(300);
      const history = await t().http.get(`/__ordermock/apis/${c.api}/orders/${c.orderId}/history`);
      expect(history.status).toBe(200);
      expect(history.headers[VIOLATIONS_HEADER]).toBeUndefined();
      expect(history.body.steps).toHaveLength(1);
      const [step] = history.body.steps;
      expect(step.method).toBe(c.update.method.toUpperCase());
      expect(step.changes).toContainEqual(expect.objectContaining({ after: marker }));
      expect(JSON.stringify(step.request)).toContain(marker);
      expect(step.exchangeId).toBe(t().mock.journal.list().at(-1)!.id);
      const other = await t().http.get(`/__ordermock/apis/${c.api}/orders/${c.orderId}/history?namespace=elsewhere`);
      expect(other.body.steps).toEqual([]);
    });
  }

  it('shows transitions and versions; a refused update adds no step; a reset forgets the timeline', async () => {
    expect((await patchRecerc(t(), { status: 'bogus' })).status).toBe(400);
    expect((await patchRecerc(t(), { status: 'accepted' })).status).toBe(422); // not allowed from draft
    expect((await patchRecerc(t(), { status: 'ready' })).status).toBe(200);
    const { body } = await t().http.get('/__ordermock/apis/recerc/orders/ord_1001/history');
    expect(body.steps.map((s: any) => [s.transition, s.version])).toEqual([[{ from: 'draft', to: 'ready' }, { from: 7, to: 8 }]]);
    expect(body.steps[0].changes).toContainEqual({ path: 'status', before: 'draft', after: 'ready' });

    expect((await t().http.post('/__ordermock/reset?api=recerc')).status).toBe(200);
    expect((await t().http.get('/__ordermock/apis/recerc/orders/ord_1001/history')).body.steps).toEqual([]);
    expect((await patchRecerc(t(), { invoiceFooterText: 'after reset' })).status).toBe(200);
    const again = await t().http.get('/__ordermock/apis/recerc/orders/ord_1001/history');
    expect(again.body.steps).toHaveLength(1);
    expect(again.body.steps[0].transition).toBeNull(); // diffed against the seeds again, not the pre-reset state
  });

  it('a document written through the control plane moves the baseline (no phantom step)', async () => {
    const doc = JSON.parse(t().stored('recerc', 'orders', 'ord_1002'));
    expect((await t().http.put('/__ordermock/store/recerc/orders/ord_1002').send({ ...doc, invoiceFooterText: 'fixture' })).status).toBe(200);
    expect((await patchRecerc(t(), { invoiceFooterText: 'real change' })).status).toBe(200); // ord_1001, not ord_1002
    expect((await t().http.get('/__ordermock/apis/recerc/orders/ord_1002/history')).body.steps).toEqual([]);
  });
});

describe('order timelines, before anyone watches', () => {
  const t = useTestMock({ apis: ['recerc'] });

  it('records nothing until the dashboard first reads (a suite that never opens it pays nothing per write)', async () => {
    expect((await patchRecerc(t(), { invoiceFooterText: 'before anyone watched' })).status).toBe(200);
    const first = await t().http.get('/__ordermock/apis/recerc/orders/ord_1001/history');
    expect(first.body.steps).toEqual([]);
    expect((await patchRecerc(t(), { invoiceFooterText: 'watched' })).status).toBe(200);
    const [step] = (await t().http.get('/__ordermock/apis/recerc/orders/ord_1001/history')).body.steps;
    expect(step.changes).toContainEqual({ path: 'invoiceFooterText', before: 'before anyone watched', after: 'watched' });
  });
});

describe('the live feed at /__ordermock/events', () => {
  const t = useTestMock({ apis: ['recerc', 'cutmake'] });

  it('sends one redacted event per finished API exchange, with validation issues and the orders changed', async () => {
    const feed = await openFeed(t().mock.url);
    try {
      expect(feed.res.statusCode).toBe(200);
      expect(feed.res.headers['content-type']).toMatch(/^text\/event-stream/);
      expect((await patchRecerc(t(), { status: 'ready' })).status).toBe(200);
      expect((await patchRecerc(t(), { status: 'bogus' })).status).toBe(400);
      await t().http.get('/__ordermock/journal'); // control-plane calls are not traffic
      const events = await until(() => (feed.events.length >= 2 ? feed.events : undefined));
      const journal = t().mock.journal.list();
      expect(events.map((e) => e.id)).toEqual(journal.map((e) => e.id));
      expect(events[0]).toMatchObject({ method: 'PATCH', path: recerc.update.path, status: 200, outcome: 'accepted', changedOrders: ['ord_1001'], api: 'recerc', namespace: 'default' });
      expect(events[1]).toMatchObject({ status: 400, outcome: 'refused', errorCode: 'ORDERMOCK_ERR_REQUEST_VALIDATION', changedOrders: [] });
      expect(events[1].issues).toEqual([{ in: 'body', path: 'status', message: expect.stringContaining('must be one of') }]);
      expect(feed.raw()).not.toContain('rk_live_demo_key');
      expect(feed.raw()).not.toContain('bogus'); // issue values are left out (they may be secrets)
    } finally {
      feed.stop();
    }
  });

  it('marks fault-injected answers and narrows to ?api= and ?namespace=', async () => {
    const feed = await openFeed(t().mock.url);
    const filtered = await new Promise<Awaited<ReturnType<typeof openFeed>>>((resolve, reject) => {
      const req = httpRequest(`${t().mock.url}/__ordermock/events?api=cutmake`, (res) => {
        const events: any[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => /^data: (.*)$/m.test(chunk) && events.push(JSON.parse(/^data: (.*)$/m.exec(chunk)![1])));
        resolve({ res, events, raw: () => '', stop: () => req.destroy() });
      });
      req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
      req.end();
    });
    try {
      expect((await t().http.post('/__ordermock/faults').send({ api: 'recerc', status: 503, times: 1 })).status).toBe(201);
      const faulted = await patchRecerc(t(), { invoiceFooterText: 'x' });
      expect(faulted.status).toBe(503);
      const [event] = await until(() => (feed.events.length ? feed.events : undefined));
      expect(event).toMatchObject({ outcome: 'faulted', status: 503, fault: { effects: ['status'] } });
      expect(filtered.events).toEqual([]);
    } finally {
      feed.stop();
      filtered.stop();
    }
  });

  it(`holds at most ${MAX_SUBSCRIBERS} readers: one more gets 503 in the control plane's error shape, a freed place is taken again`, async () => {
    const feeds = await Promise.all(Array.from({ length: MAX_SUBSCRIBERS }, () => openFeed(t().mock.url)));
    try {
      expect(feeds.every((f) => f.res.statusCode === 200)).toBe(true);
      const refused = await t().http.get('/__ordermock/events');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toEqual({ error: { code: 'ORDERMOCK_ERR_FEED_FULL', message: expect.stringContaining(`limit of ${MAX_SUBSCRIBERS} subscribers`), issues: [] } });
      feeds.pop()!.stop();
      // The server frees the place when it sees the socket close: try until it has.
      let reopened = await openFeed(t().mock.url);
      for (let i = 0; reopened.res.statusCode === 503 && i < 100; i++) {
        reopened.stop();
        await new Promise((done) => setTimeout(done, 20));
        reopened = await openFeed(t().mock.url);
      }
      feeds.push(reopened);
      expect(reopened.res.statusCode).toBe(200);
    } finally {
      for (const f of feeds) f.stop();
    }
  });

  it('drops a reader that stopped reading once a megabyte waits for it, and keeps serving the others', () => {
    const feed = new EventFeed();
    const slow = fakeStream();
    const fast = fakeStream();
    feed.stream(slow.req, slow.res);
    feed.stream(fast.req, fast.res);
    const entry = { id: 'e1', receivedAt: new Date(0).toISOString(), durationMs: 1, namespace: 'default', api: 'recerc', operationId: 'updateOrder', method: 'PATCH', path: '/x', request: { headers: {}, query: {}, body: null }, response: { status: 200, body: null }, errorCode: null, violations: [], fault: null, prefer: null };
    feed.publish(entry, undefined, []);
    expect(slow.written()).toContain('event: exchange');
    slow.res.writableLength = MAX_BUFFERED_BYTES + 1;
    feed.publish({ ...entry, id: 'e2' }, undefined, []);
    expect(slow.destroyed()).toBe(true);
    expect(slow.written()).not.toContain('id: e2');
    expect(fast.written()).toContain('id: e2');
    expect(fast.destroyed()).toBe(false);
  });

  it('is behind the control-plane guard: a foreign origin is refused', async () => {
    const res = await t().http.get('/__ordermock/events').set('Origin', 'http://evil.example');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED');
  });
});

describe('the dashboard page', () => {
  const t = useTestMock({ apis: ['recerc'] });

  it('is served by ordermock itself: HTML, modules and styles, nothing outside src/ui', async () => {
    const redirect = await t().http.get('/__ordermock/ui');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/__ordermock/ui/');
    const page = await t().http.get('/__ordermock/ui/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).not.toMatch(/https?:\/\//); // no CDN, no web font
    const app = await t().http.get('/__ordermock/ui/app.js');
    expect(app.headers['content-type']).toMatch(/javascript/);
    expect((await t().http.get('/__ordermock/ui/style.css')).headers['content-type']).toMatch(/^text\/css/);
    const escape = await t().http.get('/__ordermock/ui/..%2f..%2fpackage.json');
    expect(escape.text).not.toContain('"devDependencies"');
  });

  it('ships with the package: npm pack lists every file of src/ui (dist/ has no copy of them)', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageRoot });
    const packed = new Set((JSON.parse(stdout)[0].files as { path: string }[]).map((f) => f.path));
    const files = await readdir(uiDir);
    expect(files).toContain('index.html');
    for (const file of files) expect(packed, file).toContain(`src/ui/${file}`);
  }, 60_000);
});
