import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSeedDir, defaultSpecsDir } from '../../src/paths.js';
import { CLI_TIMEOUT, runOrdermock, runOrdermockProcess } from './support/cli-process.js';
import { parseJunit } from './support/parse-junit.js';

describe('ordermock lint', { timeout: CLI_TIMEOUT }, () => {
  it('passes the bundled contracts (five APIs and the control plane) and their seeds, redocly rules included (exit 0)', async () => {
    const run = await runOrdermock(['lint']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/6 file\(s\) checked \(structure, project rules, examples, seed orders, redocly; redocly ran\): 0 error\(s\)/);
  });

  describe('on a contract and seeds with mistakes', () => {
    let dir: string;
    let spec: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ordermock-lint-'));
      await mkdir(join(dir, 'seeds'));
      spec = join(dir, 'cutmake.yaml');
      const text = (await readFile(join(defaultSpecsDir, 'cutmake.yaml'), 'utf8'))
        .replace('                    expires_in: 3600\n', '                    expires_in: an hour\n')
        .replace('operationId: getOrder', 'operationId: GetOrder')
        .replace('      summary: Log in\n', '');
      await writeFile(spec, text);
      const seeds = JSON.parse(await readFile(join(defaultSeedDir, 'cutmake.json'), 'utf8'));
      seeds.collections.orders['SO-DOC-1002'].totalQuantity = 'lots';
      await writeFile(join(dir, 'seeds', 'cutmake.json'), JSON.stringify(seeds, null, 2));
    }, CLI_TIMEOUT);

    it('names each problem by file and JSON pointer and exits 1', async () => {
      const run = await runOrdermock(['lint', spec, '--seeds', join(dir, 'seeds'), '--no-redocly', '--format', 'json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { problems: { file: string; pointer: string; rule: string; message: string }[] };
      const found = report.problems.map((p) => [p.file, p.pointer, p.rule]);
      expect(found).toEqual(
        expect.arrayContaining([
          [spec, '#/paths/~1auth~1login/post/responses/200/content/application~1json/examples/manager/value/expires_in', 'example-valid'],
          [spec, '#/paths/~1api~1v1~1orders~1{document_id}/get/operationId', 'operation-id'],
          [join(dir, 'seeds', 'cutmake.json'), '#/collections/orders/SO-DOC-1002/totalQuantity', 'seed-valid'],
        ]),
      );
      expect(report.problems.find((p) => p.rule === 'seed-valid')!.message).toMatch(/order SO-DOC-1002: totalQuantity must be integer/);
      expect(report.problems.every((p) => p.rule !== 'redocly/operation-summary')).toBe(true);
    });

    it('runs the redocly rules of redocly.yaml when installed, with line numbers', async () => {
      const run = await runOrdermock(['lint', spec, '--seeds', join(dir, 'seeds')]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/error {3}#\/paths\/~1auth~1login\/post\/summary \(line \d+\) {2}Operation object should contain `summary` field\. {2}\[redocly\/operation-summary\]/);
      expect(run.stdout).toMatch(/: \d+ error\(s\)/);
    });

    it('writes JUnit with one case per file and check', async () => {
      const out = join(dir, 'lint.xml');
      const run = await runOrdermock(['lint', spec, '--seeds', join(dir, 'seeds'), '--no-redocly', '--format', 'junit', '--output', out]);
      expect(run.code).toBe(1);
      const junit = parseJunit(await readFile(out, 'utf8'));
      const status = Object.fromEntries(junit.cases.map((c) => [`${c.classname.split('.').pop()} ${c.name}`, c.failure === undefined ? 'passed' : 'failed']));
      expect(Object.values(status).filter((s) => s === 'failed').length).toBe(junit.failures);
      expect(junit.cases.map((c) => [c.name, c.failure === undefined])).toEqual([
        ['structure', true],
        ['project rules', false],
        ['examples', false],
        ['seed orders', false],
      ]);
      // The table still goes to stdout.
      expect(run.stdout).toMatch(/1 file\(s\) checked \(structure, project rules, examples, seed orders; redocly skipped\): \d+ error\(s\)/);
    });
  });

  it('exits 2 on a file that does not exist', async () => {
    const run = await runOrdermockProcess(['lint', 'no-such-spec.yaml', '--no-redocly']); // a real process's exit code
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no such file .*no-such-spec\.yaml/);
  });
});
