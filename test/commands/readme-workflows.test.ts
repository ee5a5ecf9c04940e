import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { startTestMock, type TestMock } from '../support/harness.js';
import { CLI_TIMEOUT } from './support/cli-process.js';
import { parseJunit } from './support/parse-junit.js';
import { freePort } from '../support/free-port.js';
import { cliCommand } from '../support/cli-process.js';

const run = promisify(execFile);

/** The ```shell blocks of the README's "Contract testing" section, in order. */
function workflowBlocks(readme: string): string[] {
  const section = readme.split(/^## Contract testing$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/```shell\n([\s\S]*?)```/g)].map((m) => m[1]);
}


describe('README "Contract testing" workflows, run as written', { timeout: CLI_TIMEOUT }, () => {
  let blocks: string[];
  let bin: string;
  let mock: TestMock;
  beforeAll(async () => {
    blocks = workflowBlocks(await readFile(join(packageRoot, 'README.md'), 'utf8'));
    // `ordermock` on PATH runs the CLI from source, exactly as the installed bin runs the build.
    bin = await mkdtemp(join(tmpdir(), 'ordermock-bin-'));
    const node = [process.execPath, ...cliCommand()].map((a) => `"${a}"`).join(' ');
    await writeFile(join(bin, 'ordermock'), `#!/bin/sh\nexec ${node} "$@"\n`);
    await chmod(join(bin, 'ordermock'), 0o755);
    mock = await startTestMock({ apis: ['cutmake'] }); // stands for staging and for the provider
  }, CLI_TIMEOUT);
  afterAll(async () => {
    await mock?.close();
  }, CLI_TIMEOUT);

  const shell = async (block: string) => {
    const cwd = await mkdtemp(join(tmpdir(), 'ordermock-workflow-'));
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NODE_OPTIONS: '', CUTMAKE_TOKEN: 'cm-admin-token' };
    const result = await run('bash', ['-euo', 'pipefail', '-c', block], { cwd, env, timeout: 120_000 }).catch((err) => err);
    expect(result.code ?? 0, `${block}\n${result.stdout}\n${result.stderr}`).toBe(0);
    return { cwd, stdout: String(result.stdout) };
  };

  it('there are exactly three, and each calls ordermock', () => {
    expect(blocks).toHaveLength(3);
    for (const b of blocks) expect(b).toMatch(/^ordermock /m);
  });

  it('1. consumer suite + coverage gate: serves, records, stops, and the gate passes with a JUnit report', async () => {
    const port = await freePort();
    const { cwd } = await shell(blocks[0].replaceAll('4010', String(port)));
    const junit = parseJunit(await readFile(join(cwd, 'coverage.xml'), 'utf8'));
    expect(junit.failures).toBe(0);
    // The stand-in suite (verify's flows) reaches these statuses; the gate is one more case, passed.
    expect(junit.cases.filter((c) => !c.skipped).map((c) => c.name)).toEqual(
      expect.arrayContaining(['login 200', 'login 401', 'getOrder 200', 'getOrder 401', 'getOrder 404', 'updateOrder 200', 'updateOrder 403', 'updateOrder 409', 'updateOrder 422', 'total coverage ≥ 40%']),
    );
  });

  it('2. proxy in front of staging: traffic through the proxy, no mismatch, a JUnit report', async () => {
    const port = await freePort();
    const { cwd } = await shell(blocks[1].replaceAll('4020', String(port)).replaceAll('https://staging.cutmake.ai', mock.mock.baseUrl('cutmake')));
    const journal = (await readFile(join(cwd, 'proxy-journal.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.map((e) => [e.operationId, e.response.status, e.violations])).toEqual([['getOrder', 200, []]]);
    expect(JSON.stringify(journal)).not.toContain('cm-admin-token');
    const junit = parseJunit(await readFile(join(cwd, 'contract.xml'), 'utf8'));
    expect([junit.failures, junit.cases.filter((c) => !c.skipped).map((c) => c.name)]).toEqual([0, ['getOrder 200']]);
  });

  it('3. provider verification: the mock, holding the fixtures, passes every check', async () => {
    const { cwd } = await shell(blocks[2].replaceAll('http://127.0.0.1:8000', mock.mock.baseUrl('cutmake')));
    const junit = parseJunit(await readFile(join(cwd, 'verify.xml'), 'utf8'));
    expect(junit.tests).toBeGreaterThan(10);
    expect(junit.failures).toBe(0);
  });
});
