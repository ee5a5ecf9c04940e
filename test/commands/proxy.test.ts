import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/index.js';
import { startTestMock, type TestMock } from '../support/harness.js';
import { CLI_TIMEOUT, runOrdermock, startOrdermockProcess, type LongRunning } from './support/cli-process.js';
import { editJson, startTamperingUpstream } from './support/tampering-upstream.js';

const admin = { authorization: 'Bearer cm-admin-token' };
const json = { ...admin, 'content-type': 'application/json' };

/**
 * `ordermock proxy` in front of a small upstream that answers most requests right (through a real
 * ordermock) and some wrong: the traffic passes unchanged and every mismatch is reported.
 */
describe('ordermock proxy', { timeout: CLI_TIMEOUT }, () => {
  let mock: TestMock;
  let upstream: Awaited<ReturnType<typeof startTamperingUpstream>>;
  let proxy: LongRunning;
  let url: string;
  let journalFile: string;

  beforeAll(async () => {
    mock = await startTestMock({ apis: ['cutmake'] });
    upstream = await startTamperingUpstream(mock.mock.baseUrl('cutmake'), [
      (req, answer) => (req.path.endsWith('/SO-DOC-1002') && req.method === 'GET' ? editJson(answer, (o) => ((o.versionNumber = 'three'), delete o.status)) : undefined),
      (req) => (req.path.endsWith('/SO-DOC-1004') ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>maintenance</h1>' } : undefined),
    ]);
    journalFile = join(mock.dir, 'proxy-journal.ndjson');
    proxy = startOrdermockProcess(['proxy', '--api', 'cutmake', '--upstream', upstream.url, '--port', '0', '--journal-file', journalFile]);
    url = await proxy.url();
  }, CLI_TIMEOUT);
  afterAll(async () => {
    proxy?.child.kill('SIGKILL');
    await upstream?.close();
    await mock?.close();
  }, CLI_TIMEOUT);

  const both = async (path: string, init: RequestInit = {}) => {
    const [viaProxy, direct] = await Promise.all([fetch(`${url}${path}`, init), fetch(`${upstream.url}${path}`, init)]);
    return { viaProxy: { status: viaProxy.status, type: viaProxy.headers.get('content-type'), marker: viaProxy.headers.get('x-upstream'), text: await viaProxy.text() }, direct: { status: direct.status, type: direct.headers.get('content-type'), marker: direct.headers.get('x-upstream'), text: await direct.text() } };
  };
  const journal = async (): Promise<JournalEntry[]> => ((await (await fetch(`${url}/__ordermock/journal`)).json()) as { entries: JournalEntry[] }).entries;

  it('passes right and wrong answers through unchanged (status, headers, bytes)', async () => {
    for (const path of ['/api/v1/orders/SO-DOC-1001', '/api/v1/orders/SO-DOC-1002', '/api/v1/orders/SO-DOC-1004']) {
      const { viaProxy, direct } = await both(path, { headers: admin });
      expect(viaProxy, path).toEqual(direct);
      expect(viaProxy.marker).toBe('tampering');
    }
  });

  it('journals a right answer with no violation and a wrong one with each field, rule and value', async () => {
    await fetch(`${url}/__ordermock/journal`, { method: 'DELETE' });
    await fetch(`${url}/api/v1/orders/SO-DOC-1001`, { headers: admin });
    await fetch(`${url}/api/v1/orders/SO-DOC-1002`, { headers: admin });
    await fetch(`${url}/api/v1/orders/SO-DOC-1004`, { headers: admin });
    const [right, wrong, html] = await journal();
    expect(right).toMatchObject({ api: 'cutmake', operationId: 'getOrder', path: '/api/v1/orders/SO-DOC-1001', violations: [] });
    expect(wrong.violations).toEqual(
      expect.arrayContaining([
        { location: 'response.body.versionNumber', rule: 'type', message: 'must be integer', value: 'three' },
        { location: 'response.body.status', rule: 'required', message: 'is required' },
      ]),
    );
    expect(html.violations).toEqual([expect.objectContaining({ location: 'response.header.content-type', rule: 'content-type', value: 'text/html' })]);
    const warned = proxy.lines.filter((l) => l.level === 40 && l.path === '/api/v1/orders/SO-DOC-1002');
    expect(warned.map((l) => [l.field, l.rule, l.value])).toEqual(expect.arrayContaining([['response.body.versionNumber', 'type', 'three'], ['response.body.status', 'required', undefined]]));
  });

  it('reports a request that breaks the contract, with the upstream answer untouched', async () => {
    const body = JSON.stringify({ estimatedCost: 'cheap', action: 'cancel' });
    const { viaProxy, direct } = await both('/api/v1/orders/SO-DOC-1001', { method: 'PATCH', headers: json, body });
    expect(viaProxy).toEqual(direct);
    expect(viaProxy.status).toBe(422);
    const entry = (await journal()).at(-1)!;
    expect(entry).toMatchObject({ method: 'PATCH', operationId: 'updateOrder' });
    expect(entry.violations).toEqual(
      expect.arrayContaining([
        { location: 'request.body.estimatedCost', rule: 'type', message: expect.stringMatching(/must be/), value: 'cheap' },
        expect.objectContaining({ location: 'request.body.action', rule: 'enum', value: 'cancel' }),
      ]),
    );
    expect(entry.violations.filter((v) => v.location.startsWith('response'))).toEqual([]);
  });

  it('names an unknown route and keeps passwords and tokens out of the journal and the logs', async () => {
    await fetch(`${url}/api/v2/nothing`, { headers: admin });
    expect((await journal()).at(-1)!.violations).toContainEqual(expect.objectContaining({ location: 'request', rule: 'route' }));
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=marco.rossi%40example.com&password=manager-pass-2025' });
    const token = ((await login.json()) as { access_token: string }).access_token;
    expect(login.status).toBe(200);
    const recorded = JSON.stringify(await journal()) + JSON.stringify(proxy.lines);
    expect(recorded).toContain('marco.rossi@example.com');
    for (const secret of ['manager-pass-2025', token, 'cm-admin-token']) expect(recorded).not.toContain(secret);
  });

  it('writes its journal on shutdown, and coverage reads it', async () => {
    expect(await proxy.stop()).toBe(0);
    const lines = (await readFile(journalFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const coverage = await runOrdermock(['coverage', '--journal', journalFile, '--format', 'json']);
    expect(coverage.code, coverage.stderr).toBe(0);
    const report = JSON.parse(coverage.stdout);
    expect(report.apis.map((a: { api: string }) => a.api)).toEqual(['cutmake']);
    const failed = report.cases.filter((c: { status: string }) => c.status === 'failed').map((c: { name: string }) => c.name);
    expect(failed).toContain('getOrder 200');
  });

  it('answers 502 in the API’s error shape when the upstream does not answer, and journals why', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', () => done()));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const lonely = startOrdermockProcess(['proxy', '--api', 'cutmake', '--upstream', `http://127.0.0.1:${port}`, '--port', '0']);
    try {
      const base = await lonely.url();
      const res = await fetch(`${base}/api/v1/orders/SO-DOC-1001`, { headers: admin });
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ detail: expect.stringMatching(/^Upstream http:\/\/127\.0\.0\.1:\d+ did not answer: /) });
      const [entry] = ((await (await fetch(`${base}/__ordermock/journal`)).json()) as { entries: JournalEntry[] }).entries;
      expect(entry).toMatchObject({ errorCode: 'ORDERMOCK_ERR_UPSTREAM_UNREACHABLE', response: { status: 502 } });
    } finally {
      lonely.child.kill('SIGKILL');
    }
  });
});
