import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { startTestMock, type TestMock } from './support/harness.js';

const run = promisify(execFile);
const README_HOST = 'http://127.0.0.1:4010';

/** The README's shell code blocks that call curl, in document order (scripts, `#!`, run in test/admin/packed-package.test.ts). */
function readmeCurlBlocks(): string[] {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]).filter((block) => /^curl /m.test(block) && !block.startsWith('#!'));
}

/** Per curl command of a block, the status its `# → NNN` comment documents (undefined: any 2xx). */
function documentedStatuses(block: string): (number | undefined)[] {
  return block
    .split(/^curl /m)
    .slice(1)
    .map((command) => {
      const found = /# → (\d{3})/.exec(command);
      return found ? Number(found[1]) : undefined;
    });
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

  // Run twice: every example can be repeated with the documented result (2xx, or the `# → NNN` it names).
  it.each(blocks.map((b) => [b.split('\n')[0].slice(0, 80), b]))('%s … answers as documented, twice in a row', async (_label, block) => {
    const expected = documentedStatuses(block);
    for (const round of [1, 2]) {
      const { stdout } = await run('bash', ['-c', statusOnly + block.replaceAll(README_HOST, t.mock.url)]);
      const statuses = stdout.trim().split('\n').map(Number);
      expect(statuses.length, block).toBe(expected.length);
      statuses.forEach((status, i) => {
        if (expected[i] === undefined) {
          expect(status, `round ${round}: ${block}`).toBeGreaterThanOrEqual(200);
          expect(status, `round ${round}: ${block}`).toBeLessThan(300);
        } else expect(status, `round ${round}: ${block}`).toBe(expected[i]);
      });
    }
  });
});
