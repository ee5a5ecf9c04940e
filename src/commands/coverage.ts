import type { Command } from 'commander';
import { Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJournal, readJournalFile } from '../core/journal/journal-file.js';
import type { JournalEntry } from '../core/journal/journal.js';
import { defaultSeedDir } from '../paths.js';
import { contractCases } from './coverage/contract-cases.js';
import { measureCoverage, sumTallies, type SeedStatuses } from './coverage/measure-coverage.js';
import { renderCoverageTable } from './coverage/render-table.js';
import { stateMachines } from './coverage/state-transitions.js';
import { toCtrf, toJunit, type CaseResult } from './shared/ci-report.js';
import { EXIT, formatOption, httpUrl, percent } from './shared/cli-values.js';
import { apiNames, loadContracts } from './shared/load-contracts.js';
import { writeOutput } from './shared/write-output.js';

interface CoverageOptions {
  url?: string;
  journal?: string;
  api?: string[];
  failUnder?: number;
  failOnViolations: boolean;
  format: 'table' | 'json' | 'junit' | 'ctrf';
  output?: string;
  specs?: string;
  seeds: string;
}

/** `ordermock coverage`: what recorded traffic exercised of each contract, with a gate for CI. */
export function registerCoverageCommand(program: Command): void {
  program
    .command('coverage')
    .description('report which operations, statuses, request fields, enum values and state transitions a journal exercised')
    .addOption(new Option('--url <url>', 'a running ordermock (reads GET <url>/__ordermock/journal)').argParser(httpUrl).conflicts('journal'))
    .option('--journal <file>', 'a journal file: NDJSON (--journal-file, ?format=ndjson) or {"entries": [...]} JSON')
    .addOption(new Option('--api <name...>', 'APIs to measure (default: those the journal mentions; all when it mentions none)').choices(apiNames))
    .option('--fail-under <percent>', 'exit 1 when total coverage is below this percentage', percent)
    .option('--fail-on-violations', 'exit 1 when any recorded response broke its contract', false)
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file (the table still goes to stdout)')
    .option('--specs <dir>', 'directory of <api>.yaml contracts (default: the bundled specs)')
    .option('--seeds <dir>', 'seed fixtures: the starting status of orders for state transitions', defaultSeedDir)
    .action(async (opts: CoverageOptions) => {
      process.exitCode = await runCoverage(opts);
    });
}

async function runCoverage(opts: CoverageOptions): Promise<number> {
  const started = Date.now();
  if (!opts.url && !opts.journal) return usage('give a journal: --url URL of a running ordermock or --journal FILE');
  let entries: JournalEntry[];
  try {
    entries = opts.journal ? await readJournalFile(opts.journal) : await fetchJournal(opts.url!);
  } catch (err) {
    return usage(`cannot read the journal: ${(err as Error).message}`);
  }
  const names = opts.api ?? apiNames.filter((n) => entries.some((e) => e.api === n));
  const apis = await loadContracts(names.length ? names : undefined, opts.specs);
  const seeds = await seedStatuses(opts.seeds, apis.map((a) => a.name));
  const coverage = apis.map((api) => measureCoverage(api, entries, seeds));
  const total = sumTallies(coverage.map((c) => c.total));
  const cases = contractCases(apis, entries);
  const violations = entries.filter((e) => e.violations.length && apis.some((a) => a.name === e.api)).length;

  const gates: CaseResult[] = [];
  if (opts.failUnder !== undefined) {
    const ok = total.total === 0 || (total.covered / total.total) * 100 >= opts.failUnder; // unrounded: 39.96% is under 40
    gates.push({ suite: 'coverage', name: `total coverage ≥ ${opts.failUnder}%`, status: ok ? 'passed' : 'failed', message: `${total.percent}% (${total.covered}/${total.total} items)` });
  }
  const failed = gates.some((g) => g.status === 'failed') || (opts.failOnViolations && violations > 0);

  const table = renderCoverageTable(coverage, total, entries.length) + (violations ? `\n${violations} recorded exchange(s) broke the contract (see the junit/ctrf report)\n` : '');
  const report = {
    json: () => `${JSON.stringify({ entries: entries.length, total, apis: coverage, cases: [...cases, ...gates], violations }, null, 2)}\n`,
    junit: () => toJunit('ordermock', [...cases, ...gates]),
    ctrf: () => toCtrf('ordermock', [...cases, ...gates], started, Date.now(), { coverage: total }),
    table: () => table,
  }[opts.format]();
  await writeOutput(report, opts.output);
  if (opts.output && opts.format !== 'table') process.stdout.write(table);
  if (gates[0]?.status === 'failed') process.stderr.write(`coverage ${total.percent}% is under --fail-under ${opts.failUnder}%\n`);
  if (opts.failOnViolations && violations) process.stderr.write(`${violations} recorded exchange(s) broke the contract\n`);
  return failed ? EXIT.failed : EXIT.passed;
}

async function fetchJournal(url: string): Promise<JournalEntry[]> {
  const res = await fetch(`${url}/__ordermock/journal`);
  if (!res.ok) throw new Error(`GET ${url}/__ordermock/journal answered ${res.status}`);
  return parseJournal(await res.text(), url);
}

async function seedStatuses(dir: string, apis: string[]): Promise<SeedStatuses> {
  const out: SeedStatuses = {};
  for (const api of apis.filter((a) => stateMachines[a])) {
    try {
      const orders = JSON.parse(await readFile(join(dir, `${api}.json`), 'utf8')).collections?.orders ?? {};
      out[api] = Object.fromEntries(Object.entries(orders as Record<string, { status?: string }>).map(([id, o]) => [id, o.status]));
    } catch {
      out[api] = {}; // no seeds: transitions count from the first status the journal shows
    }
  }
  return out;
}

function usage(message: string): number {
  process.stderr.write(`ordermock coverage: ${message}\n`);
  return EXIT.broken;
}
