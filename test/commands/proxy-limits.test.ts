import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidatingProxy } from '../../src/commands/proxy/validating-proxy.js';
import { loadContracts } from '../../src/commands/shared/load-contracts.js';
import { Journal } from '../../src/core/journal/journal.js';
import { startTestMock, type TestMock } from '../support/harness.js';
import { startTamperingUpstream } from './support/tampering-upstream.js';

const admin = { authorization: 'Bearer cm-admin-token' };

/** fetch() sends its own Host header; a DNS-rebound page's request carries the foreign name. */
function statusWithHost(target: string, host: string, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((done, fail) => {
    request(target, { headers: { ...headers, host } }, (res) => {
      res.resume();
      done(res.statusCode);
    })
      .once('error', fail)
      .end();
  });
}

/**
 * The proxy buffers each request and answer to check them, so both are bounded; and its control
 * plane (the journal of forwarded traffic) has the mock's access guard: no foreign page or
 * rebound host name reads or clears it.
 */
describe('ordermock proxy: bounded bodies and a guarded control plane', () => {
  let mock: TestMock;
  let upstream: Awaited<ReturnType<typeof startTamperingUpstream>>;
  let proxy: Server;
  let url: string;
  const journal = new Journal(100);
  const seen: string[] = [];

  beforeAll(async () => {
    mock = await startTestMock({ apis: ['cutmake'] });
    upstream = await startTamperingUpstream(mock.mock.baseUrl('cutmake'), [
      (req) => void seen.push(`${req.method} ${req.path}`),
      (req, answer) => (req.path.endsWith('/SO-DOC-1003') ? { ...answer, body: JSON.stringify({ notes: 'x'.repeat(5000) }) } : undefined),
    ]);
    const [api] = await loadContracts(['cutmake']);
    proxy = createValidatingProxy({ api, upstream: upstream.url, journal, logger: pino({ level: 'silent' }), bodyLimit: 2048, upstreamBodyLimit: 4096, access: { adminToken: 'proxy-admin' } });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', () => done()));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise((done) => proxy?.close(done));
    await upstream?.close();
    await mock?.close();
  });

  it('refuses a request body over --body-limit with 413 in the API’s error shape, forwarding nothing', async () => {
    seen.length = 0;
    const res = await fetch(`${url}/api/v1/orders/SO-DOC-1001`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'y'.repeat(4000) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ detail: 'Request body exceeds the limit of 2048 bytes' });
    expect(seen).toEqual([]);
    const order = await mock.http.get('/cutmake/api/v1/orders/SO-DOC-1001').set(admin);
    expect(order.body.notes).not.toMatch(/^y+$/);
  });

  it('forwards a body at the limit', async () => {
    seen.length = 0;
    const res = await fetch(`${url}/api/v1/orders/SO-DOC-1001`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'z'.repeat(2048 - 12) }) });
    expect(res.status).toBe(200);
    expect(seen).toEqual(['PATCH /api/v1/orders/SO-DOC-1001']);
  });

  it('answers 502 when the upstream answer is over its limit, and journals why', async () => {
    const res = await fetch(`${url}/api/v1/orders/SO-DOC-1003`, { headers: admin });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ detail: `Upstream ${upstream.url} answered with a body over the limit of 4096 bytes` });
    expect(journal.list().at(-1)).toMatchObject({ errorCode: 'ORDERMOCK_ERR_UPSTREAM_TOO_LARGE', response: { status: 502 } });
  });

  it('serves its journal only to a loopback host, a same-origin caller and the admin token', async () => {
    const entries = journal.list().length;
    expect(entries).toBeGreaterThan(0);
    const call = (method: string, headers: Record<string, string>) => fetch(`${url}/__ordermock/journal`, { method, headers });
    expect((await call('GET', {})).status).toBe(401);
    const token = { authorization: 'Bearer proxy-admin' };
    const read = await call('GET', token);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { entries: unknown[] }).entries).toHaveLength(entries);
    expect(await statusWithHost(`${url}/__ordermock/journal`, 'rebound.example:4020', token)).toBe(403);
    expect((await call('DELETE', { ...token, origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('DELETE', { ...token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(journal.list()).toHaveLength(entries);
    expect((await call('DELETE', token)).status).toBe(204);
    expect(journal.list()).toHaveLength(0);
    expect((await fetch(`${url}/__ordermock/health`)).status).toBe(200);
  });

  it('never shows a password given in the upstream URL', async () => {
    const [api] = await loadContracts(['cutmake']);
    const withSecret = createValidatingProxy({ api, upstream: upstream.url.replace('http://', 'http://ci:s3cret-pass@'), journal: new Journal(10), logger: pino({ level: 'silent' }) });
    await new Promise<void>((done) => withSecret.listen(0, '127.0.0.1', () => done()));
    try {
      const health = await (await fetch(`http://127.0.0.1:${(withSecret.address() as AddressInfo).port}/__ordermock/health`)).text();
      expect(health).toContain('ci:***@127.0.0.1');
      expect(health).not.toContain('s3cret-pass');
    } finally {
      await new Promise((done) => withSecret.close(done));
    }
  });
});
