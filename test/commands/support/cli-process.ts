import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

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

/** Starts a long-running `ordermock <args>` (serve, proxy) whose stdout is JSON log lines. */
export function startOrdermockProcess(args: string[]): LongRunning {
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, any>[] = [];
  const errors: string[] = [];
  const waiters: { predicate: (l: Record<string, any>) => boolean; done: (l: Record<string, any>) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts.filter(Boolean)) {
      const line = JSON.parse(part);
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.predicate(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitFor = (predicate: (l: Record<string, any>) => boolean) =>
    new Promise<Record<string, any>>((done, fail) => {
      const hit = lines.find(predicate);
      if (hit) return done(hit);
      waiters.push({ predicate, done });
      void exited.then((code) => fail(new Error(`ordermock ${args[0]} exited (${code}) first: ${errors.join('')}`)));
    });
  return {
    child,
    lines,
    stderr: () => errors.join(''),
    exited,
    waitFor,
    url: async () => String((await waitFor((l) => /listening on /.test(String(l.msg)))).msg).replace(/^.*listening on /, ''),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
