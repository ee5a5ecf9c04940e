import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, inject } from 'vitest';

const cli = join(__dirname, 'run-cli.ts');
// Absolute, so the CLI can run with a temporary directory as its working directory.
const tsx = import.meta.resolve('tsx');

/**
 * Node's arguments that run the CLI from source: the bundle test/global-setup.ts made of it this
 * run, or (a run without that setup) run-cli.ts through tsx.
 */
export function cliCommand(): string[] {
  const bundle = inject('cliBundle');
  return bundle ? [bundle] : ['--import', tsx, cli];
}

export type LogLine = Record<string, unknown>;

const running = new Set<ChildProcess>();
// A test that fails half-way must not leave its server running.
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

export interface CliProcess {
  child: ChildProcess;
  /** stdout lines parsed as JSON (a line that is not JSON is kept as `{ raw }`). */
  lines: LogLine[];
  stderr: string[];
  exited: Promise<number | null>;
  waitFor(predicate: (line: LogLine) => boolean): Promise<LogLine>;
  /** The URL from the first "… listening on URL" line (serve and proxy alike). */
  url(): Promise<string>;
  stop(): Promise<number | null>;
}

/** Spawns the CLI from source (as bin/ordermock.js runs the build), reading its log lines as they come. */
/** `shared`: the process outlives one test (started in beforeAll, stopped by its owner), so after-each cleanup leaves it. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; shared?: boolean } = {}): CliProcess {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ORDERMOCK_'))), ...options.env };
  const child = spawn(process.execPath, [...cliCommand(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd, env });
  if (!options.shared) {
    running.add(child);
    child.once('exit', () => running.delete(child));
  }
  const lines: LogLine[] = [];
  const stderr: string[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; done: (l: LogLine) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts.filter(Boolean)) {
      let line: LogLine;
      try {
        line = JSON.parse(part);
      } catch {
        line = { raw: part };
      }
      lines.push(line);
      for (const w of [...waiters]) if (w.predicate(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitFor = (predicate: (line: LogLine) => boolean) =>
    new Promise<LogLine>((done, fail) => {
      const hit = lines.find(predicate);
      if (hit) return done(hit);
      waiters.push({ predicate, done });
      void exited.then((code) => fail(new Error(`CLI exited (${code}) first: ${stderr.join('')}`)));
    });
  return {
    child,
    lines,
    stderr,
    exited,
    waitFor,
    url: async () => {
      const line = await waitFor((l) => /listening on \S/.test(String(l.msg ?? l.raw)));
      return /listening on (\S+)/.exec(String(line.msg ?? line.raw))![1];
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ordermock-cli-'));
}
