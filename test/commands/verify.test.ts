import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMock, type TestMock } from '../support/harness.js';
import { CLI_TIMEOUT, runOrdermock, runOrdermockProcess } from './support/cli-process.js';
import { editJson, startTamperingUpstream } from './support/tampering-upstream.js';
import { parseJunit } from './support/parse-junit.js';

interface VerifyReport {
  api: string;
  passed: number;
  failed: number;
  cases: { suite: string; name: string; status: string; message?: string; details?: string[] }[];
}

describe('ordermock verify against the mock itself', { timeout: CLI_TIMEOUT }, () => {
  it.each(['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud'])('%s: every flow step and every documented example passes, exit 0', async (api) => {
    const t = await startTestMock({ apis: [api] });
    try {
      const run = await runOrdermock(['verify', '--api', api, '--target', t.mock.baseUrl(api), '--format', 'json']);
      const report = JSON.parse(run.stdout) as VerifyReport;
      expect(report.cases.filter((c) => c.status !== 'passed'), run.stdout).toEqual([]);
      expect(run.code).toBe(0);
      // Flows and examples both ran: at least one flow suite and one replay per documented example.
      expect(report.cases.some((c) => c.suite.startsWith(`${api} flow:`))).toBe(true);
      expect(report.cases.filter((c) => c.suite === `${api} examples`).length).toBeGreaterThanOrEqual(2);
      await t.assertResponsesConform();
    } finally {
      await t.close();
    }
  });
});

describe('ordermock verify against a broken implementation', { timeout: CLI_TIMEOUT }, () => {
  let mock: TestMock;
  let broken: Awaited<ReturnType<typeof startTamperingUpstream>>;

  beforeAll(async () => {
    mock = await startTestMock({ apis: ['cutmake'] });
    // Five deliberate breaks of the cutmake contract; everything else is answered right.
    broken = await startTamperingUpstream(mock.mock.baseUrl('cutmake'), [
      (req, a) => (req.method === 'GET' && req.path.endsWith('/SO-DOC-1001') && a.status === 200 ? editJson(a, (o) => (o.versionNumber = 'two')) : undefined),
      (req, a) => (req.method === 'PATCH' && req.body.includes('"submit_for_review"') && a.status === 200 ? { ...a, status: 201 } : undefined),
      (req, a) => (req.path === '/auth/login' && a.status === 200 ? editJson(a, (o) => delete o.token_type) : undefined),
      (req) => (req.path.endsWith('/SO-DOC-9999') ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' } : undefined),
      (_req, a) => (a.status === 401 ? { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' } : undefined),
    ]);
  }, CLI_TIMEOUT);
  afterAll(async () => {
    await broken?.close();
    await mock?.close();
  }, CLI_TIMEOUT);

  it('finds and names each failure, exits 1, and the JUnit report says the same', async () => {
    const output = join(mock.dir, 'verify.xml');
    const run = await runOrdermock(['verify', '--api', 'cutmake', '--target', broken.url, '--format', 'junit', '--output', output]);
    expect(run.code, run.stderr).toBe(1);
    const junit = parseJunit(await readFile(output, 'utf8'));
    const failures = junit.cases.filter((c) => c.failure !== undefined);
    const failure = (name: RegExp) => failures.find((c) => name.test(c.name))?.failure ?? '';

    expect(failure(/read the draft/)).toContain('response.body.versionNumber must be integer (got "two")');
    expect(failure(/submit it for review/)).toContain('expected status 200, got 201');
    // 201 is not declared, so the contract's `default` (an error body) applies, and a success body is not one.
    expect(failure(/submit it for review/)).toContain('response.body must have detail');
    expect(failure(/the manager logs in/)).toContain('response.body.token_type is required');
    expect(failure(/an unknown order/)).toContain('expected status 404, got 200');
    expect(failure(/no credentials/)).toContain('response.header.content-type is text/plain');
    // Nothing else failed: each break is found where it happens (the 401 break hits both 401 steps), and no right answer is blamed.
    expect(failures.map((c) => c.name).sort()).toEqual(
      [
        '1. read the draft (getOrder → 200)',
        '3. submit it for review (updateOrder → 200)',
        '1. the manager logs in (login → 200)',
        '2. a wrong password (login → 401)',
        '3. no credentials (getOrder → 401)',
        '4. an unknown order (getOrder → 404)',
        'getOrder (parameter examples)',
        'login example manager',
        'login example withGrantType',
      ].sort(),
    );
    expect(junit.failures).toBe(failures.length);
    // The table on stdout names them too.
    expect(run.stdout).toMatch(/ordermock verify cutmake against .*: \d+ checks, \d+ passed, 9 failed/);
    expect(run.stdout).toContain('FAIL 1. read the draft (getOrder → 200)');
  });

  it('sends --token instead of the fixture token on every secured call', async () => {
    const run = await runOrdermock(['verify', '--api', 'cutmake', '--target', mock.mock.baseUrl('cutmake'), '--token', 'not-a-fixture-token', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as VerifyReport;
    expect(report.cases.find((c) => c.name.startsWith('1. read the draft'))!.details).toEqual(['expected status 200, got 401']);
    // Steps that name their own credentials, and the login, are unaffected.
    expect(report.cases.find((c) => c.name.startsWith('5. the manager confirms'))!.details).not.toContain('expected status 200, got 401');
    expect(report.cases.find((c) => c.name.startsWith('1. the manager logs in'))!.status).toBe('passed');
  });

  it('exits 2 when the target does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', () => done()));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const run = await runOrdermockProcess(['verify', '--api', 'cutmake', '--target', `http://127.0.0.1:${port}`]); // a real process's exit code
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not answer/);
  });
});
