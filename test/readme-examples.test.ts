import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { startTestMock, type TestMock } from './support/harness.js';

const run = promisify(execFile);
const README_HOST = 'http://127.0.0.1:4010';

/** The README's shell code blocks that call curl, in document order. */
function readmeCurlBlocks(): string[] {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]).filter((block) => /^curl /m.test(block));
}

// Each curl prints only its status code, one per line, so a block of several commands can be checked.
const statusOnly = `curl() { command curl "$@" -o /dev/null -w '%{http_code}\\n'; }\n`;

describe('README curl examples', () => {
  let t: TestMock;
  beforeAll(async () => {
    t = await startTestMock();
  });
  afterAll(async () => {
    await t.assertResponsesConform();
    await t.close();
  });

  const blocks = readmeCurlBlocks();
  it('there is at least an update and a read for each of the five APIs', () => {
    for (const api of ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud']) {
      const calls = blocks.join('\n').split(`${README_HOST}/${api}/`).length - 1;
      expect(calls, api).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(blocks.map((b) => [b.split('\n')[0].slice(0, 80), b]))('%s … answers 2xx on the default fixtures', async (_label, block) => {
    const { stdout } = await run('bash', ['-c', statusOnly + block.replaceAll(README_HOST, t.mock.url)]);
    const statuses = stdout.trim().split('\n').map(Number);
    expect(statuses.length, block).toBe(block.split(/^curl /m).length - 1);
    for (const status of statuses) expect(status, block).toBeGreaterThanOrEqual(200);
    for (const status of statuses) expect(status, block).toBeLessThan(300);
  });
});
