import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { OpenAPIBackend } from 'openapi-backend';
import { createBackend } from '../../core/contract/build-backend.js';
import { loadSpec } from '../../core/contract/load-spec.js';
import { checkExamples } from './check-examples.js';
import { checkSeedOrders } from './check-seeds.js';
import type { LintProblem } from './lint-problem.js';
import { checkProjectRules } from './project-rules.js';
import { findRedocly, runRedocly } from './run-redocly.js';

export const LINT_CHECKS = ['structure', 'project rules', 'examples', 'seed orders', 'redocly'] as const;
export type LintCheck = (typeof LINT_CHECKS)[number];

export interface LintOptions {
  /** Where `<api>.json` seed files live; a spec's seeds are checked when the file exists. */
  seedsDir?: string;
  /** false skips redocly even when installed. */
  redocly?: boolean;
  redoclyConfig?: string;
}

export interface LintResult {
  problems: (LintProblem & { check: LintCheck })[];
  /** Which checks ran on which file (redocly only when installed). */
  ran: { file: string; check: LintCheck }[];
  redocly: 'ran' | 'not installed' | 'skipped';
}

/** Validates, lints and checks the examples and seed orders of each contract file. */
export async function lintFiles(files: string[], options: LintOptions = {}): Promise<LintResult> {
  // Loaded here, not with the command line: `serve` never needs it.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const result: LintResult = { problems: [], ran: [], redocly: 'skipped' };
  const add = (check: LintCheck, file: string, problems: LintProblem[]) => {
    result.ran.push({ file, check });
    result.problems.push(...problems.map((p) => ({ ...p, check })));
  };
  for (const file of files) {
    let raw: Record<string, any>;
    try {
      raw = (await SwaggerParser.parse(file)) as Record<string, any>;
      await SwaggerParser.validate(file);
      add('structure', file, []);
    } catch (err) {
      add('structure', file, [{ file, pointer: '#', rule: 'openapi-structure', severity: 'error', message: (err as Error).message.split('\n').slice(0, 6).join(' ') }]);
      continue;
    }
    add('project rules', file, checkProjectRules(file, raw));
    let backend: OpenAPIBackend;
    try {
      backend = await createBackend(await loadSpec(file));
    } catch (err) {
      add('examples', file, [{ file, pointer: '#', rule: 'schema-compile', severity: 'error', message: `a schema does not compile: ${(err as Error).message}` }]);
      continue;
    }
    add('examples', file, checkExamples(file, raw, backend));
    const seeds = options.seedsDir && join(options.seedsDir, `${basename(file, extname(file))}.json`);
    if (seeds && existsSync(seeds)) add('seed orders', seeds, await checkSeedOrders(seeds, backend));
  }
  const redocly = options.redocly === false ? undefined : findRedocly();
  result.redocly = options.redocly === false ? 'skipped' : redocly ? 'ran' : 'not installed';
  if (redocly && files.length) {
    const problems = await runRedocly(redocly, files, options.redoclyConfig);
    for (const file of files) add('redocly', file, problems.filter((p) => p.file === file));
    result.problems.push(...problems.filter((p) => !files.includes(p.file)).map((p) => ({ ...p, check: 'redocly' as const })));
  }
  return result;
}
