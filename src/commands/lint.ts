import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defaultSeedDir, defaultSpecsDir, packageRoot } from '../paths.js';
import { LINT_CHECKS, lintFiles, type LintResult } from './lint/lint-files.js';
import { toCtrf, toJunit, type CaseResult } from './shared/ci-report.js';
import { EXIT, formatOption } from './shared/cli-values.js';
import { writeOutput } from './shared/write-output.js';

interface LintCommandOptions {
  specs: string;
  seeds: string;
  redocly: boolean;
  redoclyConfig?: string;
  format: 'table' | 'json' | 'junit' | 'ctrf';
  output?: string;
}

/** `ordermock lint`: the contracts are valid, follow the rules, and every example and seed order fits its schema. */
export function registerLintCommand(program: Command): void {
  program
    .command('lint [files...]')
    .description('validate and lint OpenAPI contracts; check every example and every seed order against its schema')
    .option('--specs <dir>', 'lint every *.yaml here when no files are given', defaultSpecsDir)
    .option('--seeds <dir>', 'seed fixtures: <dir>/<name>.json is checked with <name>.yaml', defaultSeedDir)
    .option('--no-redocly', 'skip the redocly rules even when @redocly/cli is installed')
    .option('--redocly-config <file>', 'redocly config (default: ./redocly.yaml, else the bundled one)')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file (the table still goes to stdout)')
    .action(async (files: string[], opts: LintCommandOptions) => {
      process.exitCode = await runLint(files, opts);
    });
}

async function runLint(files: string[], opts: LintCommandOptions): Promise<number> {
  const started = Date.now();
  const targets = (files.length ? files : readdirSync(opts.specs).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(opts.specs, f))).map((f) => resolve(f));
  const missing = targets.filter((f) => !existsSync(f));
  if (missing.length) {
    process.stderr.write(`ordermock lint: no such file ${missing.join(', ')}\n`);
    return EXIT.broken;
  }
  const config = opts.redoclyConfig ?? [resolve('redocly.yaml'), join(packageRoot, 'redocly.yaml')].find((f) => existsSync(f));
  const result = await lintFiles(targets, { seedsDir: opts.seeds, redocly: opts.redocly, redoclyConfig: config });
  const table = renderTable(result, targets);
  const cases = toCases(result);
  const report = {
    table: () => table,
    json: () => `${JSON.stringify({ files: targets.map(shown), redocly: result.redocly, problems: result.problems.map((p) => ({ ...p, file: shown(p.file) })) }, null, 2)}\n`,
    junit: () => toJunit('ordermock-lint', cases),
    ctrf: () => toCtrf('ordermock-lint', cases, started, Date.now()),
  }[opts.format]();
  await writeOutput(report, opts.output);
  if (opts.output && opts.format !== 'table') process.stdout.write(table);
  return result.problems.some((p) => p.severity === 'error') ? EXIT.failed : EXIT.passed;
}

// Inside the working directory a relative path (what CI logs show), outside it the absolute one.
const shown = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file) || file);

function renderTable(result: LintResult, files: string[]): string {
  const lines: string[] = [];
  for (const file of [...new Set([...files, ...result.problems.map((p) => p.file)])]) {
    const mine = result.problems.filter((p) => p.file === file);
    if (!mine.length) continue;
    lines.push(shown(file));
    for (const p of mine) lines.push(`  ${p.severity.padEnd(7)} ${p.pointer}${p.line ? ` (line ${p.line})` : ''}  ${p.message}  [${p.rule}]`);
    lines.push('');
  }
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const ran = LINT_CHECKS.filter((c) => result.ran.some((r) => r.check === c));
  lines.push(`${files.length} file(s) checked (${ran.join(', ')}; redocly ${result.redocly}): ${errors} error(s), ${warnings} warning(s)`);
  return `${lines.join('\n')}\n`;
}

/** One test case per file × check: CI shows which check of which contract failed. */
function toCases(result: LintResult): CaseResult[] {
  return result.ran.map(({ file, check }) => {
    const problems = result.problems.filter((p) => p.file === file && p.check === check && p.severity === 'error');
    const details = problems.map((p) => `${shown(p.file)}${p.pointer}: ${p.message} [${p.rule}]`);
    return problems.length
      ? { suite: shown(file), name: check, status: 'failed', message: `${problems.length} error(s)`, details }
      : { suite: shown(file), name: check, status: 'passed' };
  });
}
