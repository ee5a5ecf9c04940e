import { execFile, type ChildProcess } from 'node:child_process';
import { CommanderError } from 'commander';
import { buildCli } from '../../../src/cli.js';
import { cliCommand, runCli } from '../../support/cli-process.js';


/** A CLI process starts Node, tsx and the contracts: seconds each, many more when the whole suite shares two cores. */
export const CLI_TIMEOUT = 180_000;

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ordermock <args>` to completion in a child process, as a user's shell would (exit code and all). */
export function runOrdermockProcess(args: string[], options: { cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(process.execPath, [...cliCommand(), ...args], { cwd: options.cwd, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number | string }).code as number | null) : 0;
      done({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

/**
 * Runs `ordermock <args>` to completion inside this test process: the CLI's own parser and
 * commands, with stdout, stderr and the exit code captured as a shell would see them. A child
 * process per run cost 1-2 s of CPU (Node, tsx, the contracts); each command keeps one test
 * through `runOrdermockProcess`, and cli.test.ts and the README workflows run real processes.
 * One run at a time: stdout is the process's own.
 */
export async function runOrdermock(args: string[]): Promise<CommandResult> {
  const captured = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const real = { stdout: streams.stdout.write, stderr: streams.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  }
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  let code: number;
  try {
    const program = buildCli();
    // Commander would call process.exit on --help, --version and usage errors.
    for (const command of [program, ...program.commands]) command.exitOverride();
    await program.parseAsync(['node', 'ordermock', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode;
    else {
      // As bin/ordermock.js: the message on stderr, exit 1.
      captured.stderr += `${err instanceof Error ? err.message : String(err)}\n`;
      code = 1;
    }
  } finally {
    streams.stdout.write = real.stdout;
    streams.stderr.write = real.stderr;
    process.exitCode = exitCodeBefore;
  }
  return { code, ...captured };
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
