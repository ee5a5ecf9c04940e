import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';

/** Whether Debian's redis-server is on the PATH (CI installs it: see .ci/run). */
export const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
/** Locally a missing redis-server skips these tests (with a message); in CI it fails them. */
export const skipRedis = !haveRedis && !process.env.CI;
if (skipRedis) console.warn('test/redis: redis-server is not installed, so the Redis store tests are skipped (apt-get install redis-server)');

export interface TestRedis {
  port: number;
  url(prefix: string): string;
  /** SIGKILL: no shutdown save, like a crash. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory (the AOF brings back every acknowledged write). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that holds connections open and answers nothing. */
  pause(): void;
  resume(): void;
}


/** A private redis-server on a free port with a temp dir, AOF fsync'd on every write. */
export async function startTestRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-redis-'));
  let port = await freePort();
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((ready, fail) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no'];
      const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let out = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) ready();
      });
      proc.once('exit', (code) => fail(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
    });
  const kill = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((done) => proc.once('exit', done));
    proc.kill('SIGKILL');
    await exited;
  };
  // The port was free when chosen; another process of a parallel suite can take it before
  // redis binds it: then choose again (restarts keep the port the first start got).
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (err) {
      if (attempt >= 5 || !/address already in use/i.test((err as Error).message)) throw err;
      port = await freePort();
    }
  }
  const signal = (name: NodeJS.Signals) => () => void (child as ChildProcess | null)?.kill(name);
  return { port, url: (prefix) => `redis://127.0.0.1:${port}/0?prefix=${encodeURIComponent(prefix)}`, kill, start, stop: kill, pause: signal('SIGSTOP'), resume: signal('SIGCONT') };
}
