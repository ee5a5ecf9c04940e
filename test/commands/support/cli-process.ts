import { execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../support/cli-process.js';

const entry = join(__dirname, '../../support/run-cli.ts');
const nodeArgs = ['--import', 'tsx', entry];

/** Each CLI run starts Node, tsx and the contracts: seconds each, many more when the whole suite shares two cores. */
export const CLI_TIMEOUT = 180_000;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ordermock <args>` to completion in a child process, as a user's shell would. */
export function runOrdermock(args: string[], options: { cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(process.execPath, [...nodeArgs, ...args], { cwd: options.cwd, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number | string }).code as number | null) : 0;
      done({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

export interface LongRunning {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  lines: Record<string, any>[];
  stderr: () => string;
  exited: Promise<number | null>;
  waitFor(predicate: (line: Record<string, any>) => boolean): Promise<Record<string, any>>;
  /** The `http://host:port` of the first "… listening on URL" line. */
  url(): Promise<string>;
  stop(): Promise<number | null>;
}

/** Starts a long-running `ordermock <args>` (serve, proxy): the suite's one CLI process runner, seen as LongRunning. */
export function startOrdermockProcess(args: string[]): LongRunning {
  const run = runCli(args, { shared: true });
  return { ...run, stderr: () => run.stderr.join('') };
}
