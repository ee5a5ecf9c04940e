import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/index.js';
import { startTestMock, type TestMock } from '../support/harness.js';
import { CLI_TIMEOUT, runOrdermock, runOrdermockProcess, startOrdermockProcess } from './support/cli-process.js';
import { parseJunit } from './support/parse-junit.js';

interface Item {
  category: string;
  operationId: string | null;
  name: string;
  hits: number;
}
interface CoverageJson {
  entries: number;
  total: { covered: number; total: number; percent: number };
  apis: { api: string; items: Item[]; total: { covered: number; total: number; percent: number } }[];
  cases: { suite: string; name: string; status: string }[];
}

const patch = (t: TestMock, id: string, token: string, body: object) =>
  t.http.patch(`/cutmake/api/v1/orders/${id}`).set({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }).send(body);

/** A known slice of cutmake traffic: what coverage must report is decided by these six requests. */
async function exercise(t: TestMock): Promise<void> {
  expect((await t.http.get('/cutmake/api/v1/orders/SO-DOC-1001').set({ authorization: 'Bearer cm-admin-token' })).status).toBe(200);
  expect((await patch(t, 'SO-DOC-1001', 'cm-member1-token', { action: 'submit_for_review', notes: 'ready' })).status).toBe(200);
  expect((await patch(t, 'SO-DOC-1001', 'cm-manager-token', { action: 'confirm' })).status).toBe(200);
  expect((await patch(t, 'SO-DOC-1001', 'cm-manager-token', { action: 'bogus' })).status).toBe(422);
  expect((await t.http.get('/cutmake/api/v1/orders/SO-DOC-9999').set({ authorization: 'Bearer cm-admin-token' })).status).toBe(404);
  expect((await t.http.post('/cutmake/auth/login').type('form').send({ username: 'marco.rossi@example.com', password: 'manager-pass-2025' })).status).toBe(200);
}

describe('ordermock coverage', { timeout: CLI_TIMEOUT }, () => {
  let t: TestMock;
  beforeAll(async () => {
    t = await startTestMock();
    await exercise(t);
  }, CLI_TIMEOUT);
  afterAll(async () => {
    await t.assertResponsesConform();
    await t.close();
  }, CLI_TIMEOUT);

  it('reports, from a running server, exactly what the traffic exercised (JSON)', async () => {
    const run = await runOrdermock(['coverage', '--url', t.mock.url, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CoverageJson;
    expect(report.entries).toBe(6);
    expect(report.apis.map((a) => a.api)).toEqual(['cutmake']);
    const items = report.apis[0].items;
    const covered = (category: string) => items.filter((i) => i.category === category && i.hits > 0).map((i) => i.name).sort();
    expect(covered('operations')).toEqual(['GET /api/v1/orders/{document_id} (getOrder)', 'PATCH /api/v1/orders/{document_id} (updateOrder)', 'POST /auth/login (login)']);
    expect(covered('statuses')).toEqual(['getOrder 200', 'getOrder 404', 'login 200', 'updateOrder 200', 'updateOrder 422']);
    expect(covered('enums')).toEqual(['updateOrder body.action = "confirm"', 'updateOrder body.action = "submit_for_review"']);
    expect(covered('transitions')).toEqual(['draft → pending_review', 'pending_review → confirmed']);
    expect(covered('fields')).toEqual(expect.arrayContaining(['updateOrder body.action', 'updateOrder body.notes', 'login body.username', 'login body.password']));
    expect(covered('fields')).not.toContain('updateOrder body.lineItems');
    expect(items.find((i) => i.name === 'updateOrder body.action = "confirm"')!.hits).toBe(1);
    expect(items.filter((i) => i.category === 'transitions')).toHaveLength(14); // every legal move of the state machine
    // The total is the share of all items, recomputable from the items themselves.
    const hit = items.filter((i) => i.hits > 0).length;
    expect(report.total).toEqual({ covered: hit, total: items.length, percent: Math.round((hit / items.length) * 1000) / 10 });
  });

  it('prints a table and gates on --fail-under', async () => {
    const ok = await runOrdermock(['coverage', '--url', t.mock.url, '--fail-under', '5']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^API\s+operations\s+statuses\s+fields\s+enums\s+transitions\s+total$/m);
    expect(ok.stdout).toMatch(/^cutmake\s+3\/3 100%\s+5\/12 41\.7%\s+/m);
    expect(ok.stdout).toMatch(/statuses: .*updateOrder 403/);
    expect(ok.stdout).toMatch(/transitions: .*pending_review → rejected/);
    // A real process: the gate's exit code as CI sees it.
    const under = await runOrdermockProcess(['coverage', '--url', t.mock.url, '--fail-under', '90']);
    expect(under.code).toBe(1);
    expect(under.stderr).toMatch(/coverage \d+(\.\d)?% is under --fail-under 90%/);
  });

  it('writes JUnit and CTRF with one case per operation × documented status', async () => {
    const xmlFile = join(t.dir, 'coverage.xml');
    const run = await runOrdermock(['coverage', '--url', t.mock.url, '--format', 'junit', '--output', xmlFile, '--fail-under', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cutmake\s+3\/3/m); // the table still goes to stdout
    const junit = parseJunit(await readFile(xmlFile, 'utf8'));
    const statuses = junit.cases.filter((c) => c.classname === 'ordermock.cutmake');
    expect(statuses.map((c) => c.name)).toEqual([
      'login 200', 'login 401', 'login 422',
      'getOrder 200', 'getOrder 401', 'getOrder 404',
      'updateOrder 200', 'updateOrder 401', 'updateOrder 403', 'updateOrder 404', 'updateOrder 409', 'updateOrder 422',
    ]);
    expect(statuses.filter((c) => !c.skipped).map((c) => c.name)).toEqual(['login 200', 'getOrder 200', 'getOrder 404', 'updateOrder 200', 'updateOrder 422']);
    expect(junit.cases.find((c) => c.classname === 'ordermock.coverage')).toMatchObject({ name: 'total coverage ≥ 5%' });
    expect([junit.tests, junit.failures, junit.skipped]).toEqual([13, 0, 7]);

    const ctrf = JSON.parse((await runOrdermock(['coverage', '--url', t.mock.url, '--format', 'ctrf'])).stdout);
    expect(ctrf.results.tool.name).toBe('ordermock');
    expect(ctrf.results.summary).toMatchObject({ tests: 12, passed: 5, failed: 0, skipped: 7 });
    expect(ctrf.results.tests[0]).toMatchObject({ name: 'cutmake login 200', status: 'passed', suite: 'cutmake' });
  });

  it('turns recorded contract violations into failed cases, and --fail-on-violations into exit 1', async () => {
    const entries = ((await (await fetch(`${t.mock.url}/__ordermock/journal`)).json()) as { entries: JournalEntry[] }).entries;
    const read = entries.find((e) => e.operationId === 'getOrder' && e.response.status === 200)!;
    read.violations = [{ location: 'response.body.versionNumber', message: 'must be integer', rule: 'type', value: 'two' }];
    const file = join(t.dir, 'journal.json');
    await writeFile(file, JSON.stringify({ entries }));
    const run = await runOrdermock(['coverage', '--journal', file, '--format', 'junit', '--fail-on-violations']);
    expect(run.code).toBe(1);
    const failed = parseJunit(run.stdout).cases.filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c.name)).toEqual(['getOrder 200']);
    expect(failed[0].failure).toContain('response.body.versionNumber must be integer (got "two")');
    expect((await runOrdermock(['coverage', '--journal', file])).code).toBe(0);
  });

  it('refuses with exit 2 and a reason when there is no journal to read', async () => {
    const none = await runOrdermock(['coverage']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give a journal/);
    const missing = await runOrdermock(['coverage', '--journal', join(t.dir, 'nope.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the journal: .*nope\.ndjson/);
  });
});

describe('ordermock serve --journal-file', { timeout: CLI_TIMEOUT }, () => {
  it('writes the journal as NDJSON on shutdown, and coverage reads it after the server stopped', async () => {
    const t = await startTestMock({ apis: ['sellercloud'] }); // only for its temp dir
    try {
      const file = join(t.dir, 'journal.ndjson');
      const serve = startOrdermockProcess(['serve', '--port', '0', '--data', join(t.dir, 'served.json'), '--api', 'recerc', '--journal-file', file]);
      const url = await serve.url();
      const headers = { authorization: 'Bearer rk_live_demo_key', 'content-type': 'application/json' };
      expect((await fetch(`${url}/recerc/api/unstable/orders/ord_1001`, { headers })).status).toBe(200);
      const res = await fetch(`${url}/recerc/api/unstable/orders/ord_1001`, { method: 'PATCH', headers, body: JSON.stringify({ id: 'ord_1001', sessionId: 's1', status: 'in review' }) });
      expect(res.status).toBe(200);
      expect(await serve.stop()).toBe(0);
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as JournalEntry).operationId)).toEqual(['getOrder', 'updateOrder']);

      const run = await runOrdermock(['coverage', '--journal', file, '--format', 'json']);
      const report = JSON.parse(run.stdout) as CoverageJson;
      const recerc = report.apis.find((a) => a.api === 'recerc')!;
      expect(recerc.items.filter((i) => i.category === 'transitions' && i.hits > 0).map((i) => i.name)).toEqual(['draft → in review']);
      expect(recerc.items.find((i) => i.name === 'updateOrder body.status = "in review"')!.hits).toBe(1);
    } finally {
      await t.close();
    }
  });
});
