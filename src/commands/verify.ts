import { Option, type Command } from 'commander';
import { toCtrf, toJunit, type CaseResult } from './shared/ci-report.js';
import { EXIT, formatOption, httpUrl } from './shared/cli-values.js';
import { apiNames, loadContracts } from './shared/load-contracts.js';
import { writeOutput } from './shared/write-output.js';
import { verifyPlans } from './verify/plans.js';
import { TargetUnreachable, runVerification } from './verify/run-verification.js';

interface VerifyCommandOptions {
  api: string;
  target: string;
  token?: string;
  format: 'table' | 'json' | 'junit' | 'ctrf';
  output?: string;
  specs?: string;
}

/** `ordermock verify`: does a real implementation keep the contract? */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description("replay the contract's documented examples and the fixtures' scenario flows against an implementation; report every answer that breaks the contract")
    .addOption(new Option('--api <name>', 'the contract to verify').choices(apiNames).makeOptionMandatory())
    .addOption(new Option('--target <url>', "the implementation's base URL (holding the fixtures of data/seed)").argParser(httpUrl).makeOptionMandatory())
    .option('--token <token>', 'bearer token for secured operations (default: the fixture admin token)')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file (the table still goes to stdout)')
    .option('--specs <dir>', 'directory of <api>.yaml contracts (default: the bundled specs)')
    .action(async (opts: VerifyCommandOptions) => {
      process.exitCode = await runVerify(opts);
    });
}

async function runVerify(opts: VerifyCommandOptions): Promise<number> {
  const started = Date.now();
  const [api] = await loadContracts([opts.api], opts.specs);
  let cases: CaseResult[];
  try {
    cases = await runVerification(api, verifyPlans[api.name], { target: opts.target, token: opts.token });
  } catch (err) {
    if (!(err instanceof TargetUnreachable)) throw err;
    process.stderr.write(`ordermock verify: ${err.message}\n`);
    return EXIT.broken;
  }
  const table = renderTable(api.name, opts.target, cases);
  const report = {
    table: () => table,
    json: () => `${JSON.stringify({ api: api.name, target: opts.target, passed: cases.filter((c) => c.status === 'passed').length, failed: cases.filter((c) => c.status === 'failed').length, cases }, null, 2)}\n`,
    junit: () => toJunit('ordermock-verify', cases),
    ctrf: () => toCtrf('ordermock-verify', cases, started, Date.now(), { api: api.name, target: opts.target }),
  }[opts.format]();
  await writeOutput(report, opts.output);
  if (opts.output && opts.format !== 'table') process.stdout.write(table);
  return cases.some((c) => c.status === 'failed') ? EXIT.failed : EXIT.passed;
}

function renderTable(api: string, target: string, cases: CaseResult[]): string {
  const failed = cases.filter((c) => c.status === 'failed');
  const lines = [`ordermock verify ${api} against ${target}: ${cases.length} checks, ${cases.length - failed.length} passed, ${failed.length} failed`];
  for (const suite of [...new Set(cases.map((c) => c.suite))]) {
    lines.push('', suite);
    for (const c of cases.filter((x) => x.suite === suite)) {
      lines.push(`  ${c.status === 'passed' ? 'ok  ' : 'FAIL'} ${c.name}`);
      for (const d of c.status === 'failed' ? (c.details ?? [c.message ?? '']) : []) lines.push(`         ${d}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
