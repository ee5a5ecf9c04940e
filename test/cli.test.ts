import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(__dirname, 'support/run-cli.ts');

interface Cli {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<number | null>;
  waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters: { predicate: (l: Record<string, unknown>) => boolean; done: (l: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts.filter(Boolean)) {
      const line = JSON.parse(part);
      lines.push(line);
      for (const w of [...waiters]) if (w.predicate(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    lines,
    stderr,
    exited,
    waitFor: (predicate) =>
      new Promise((done, fail) => {
        const hit = lines.find(predicate);
        if (hit) return done(hit);
        waiters.push({ predicate, done });
        void exited.then((code) => fail(new Error(`CLI exited (${code}) first: ${stderr.join('')}`)));
      }),
  };
}

async function tempData(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ordermock-cli-')), 'db.json');
}

describe('ordermock serve', () => {
  it('logs one startup line per API, one line per request, and flushes and exits 0 on SIGTERM', async () => {
    const data = await tempData();
    const run = runCli(['serve', '--port', '0', '--data', data]);
    const listening = await run.waitFor((l) => String(l.msg).startsWith('ordermock listening on'));
    const url = String(listening.msg).replace('ordermock listening on ', '');
    for (const api of ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud']) {
      await run.waitFor((l) => String(l.msg).endsWith(`${url}/${api}`));
    }
    const res = await fetch(`${url}/cutmake/api/v1/orders/SO-DOC-1001`, { headers: { authorization: 'Bearer cm-admin-token' } });
    expect(res.status).toBe(200);
    const line = await run.waitFor((l) => l.operationId === 'getOrder');
    expect(line).toMatchObject({ api: 'cutmake', operationId: 'getOrder', status: 200, msg: 'GET /cutmake/api/v1/orders/SO-DOC-1001' });
    expect(typeof line.ms).toBe('number');

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const onDisk = JSON.parse(await readFile(data, 'utf8'));
    expect(Object.keys(onDisk.namespaces.default).sort()).toEqual(['cutmake', 'fabric', 'jtl', 'recerc', 'sellercloud']);
    expect((await readdir(join(data, '..'))).filter((n) => n.includes('.changes-'))).toEqual([]);
  });

  it('serves only the APIs named with --api', async () => {
    const run = runCli(['serve', '--port', '0', '--data', await tempData(), '--api', 'sellercloud']);
    const listening = await run.waitFor((l) => String(l.msg).startsWith('ordermock listening on'));
    const url = String(listening.msg).replace('ordermock listening on ', '');
    expect((await fetch(`${url}/cutmake/api/v1/orders/SO-DOC-1001`)).status).toBe(404);
    expect(((await (await fetch(`${url}/__ordermock/health`)).json()) as { apis: string[] }).apis).toEqual(['sellercloud']);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('refuses to start on a corrupt data file, says why, and leaves the file untouched', async () => {
    const data = await tempData();
    await writeFile(data, '{ "ordermock": 1, oops');
    const run = runCli(['serve', '--port', '0', '--data', data]);
    expect(await run.exited).toBe(1);
    expect(run.stderr.join('')).toMatch(/Data file .*db\.json is not valid JSON/);
    expect(await readFile(data, 'utf8')).toBe('{ "ordermock": 1, oops');
  });

  it('rejects a bad option value before starting', async () => {
    const run = runCli(['serve', '--port', 'eighty']);
    expect(await run.exited).not.toBe(0);
    expect(run.stderr.join('')).toMatch(/--port.*must be a port number/);
  });
});
