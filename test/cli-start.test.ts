import { readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envOf, flagOf, serveOptions } from '../src/config/options.js';
import { version } from '../src/server/version.js';
import { packageRoot } from '../src/paths.js';
import { OrdermockError, startOrdermock } from '../src/index.js';
import { runOrdermock } from './commands/support/cli-process.js';
import { runCli, tempDir } from './support/cli-process.js';

async function busyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as { port: number }).port };
}

const health = async (url: string) => ((await (await fetch(`${url}/__ordermock/health`)).json()) as { apis: string[] }).apis;

describe('ordermock --version and --help', { timeout: 90_000 }, () => {
  it('prints the package version (a real process)', async () => {
    const run = runCli(['--version']);
    expect(await run.exited).toBe(0);
    expect(run.lines.map((l) => l.raw)).toEqual([version]);
  });

  it('lists every option of serve with its default and env variable', async () => {
    const run = await runOrdermock(['serve', '--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' ');
    for (const option of serveOptions) {
      expect(help).toContain(flagOf(option.key));
      expect(help).toContain(`env ${envOf(option.key)}`);
    }
    expect(help).toContain('--port <port> port to listen on (0 = any free port) (default: 4010; env ORDERMOCK_PORT)');
    expect(help).toContain('--config <file>');
  });

  it('the README documents every option with its env variable', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    for (const option of serveOptions) {
      expect(readme, option.key).toContain(flagOf(option.key));
      expect(readme, option.key).toContain(envOf(option.key));
    }
  });
});

describe('configuration from the command line', { timeout: 90_000 }, () => {
  it('takes the config file in the working directory, env over it, flags over both', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'ordermock.config.json'), JSON.stringify({ port: 0, data: 'db.json', api: ['cutmake', 'jtl'] }));
    const fromFile = runCli([], { cwd });
    expect((await health(await fromFile.url())).sort()).toEqual(['cutmake', 'jtl']);
    expect(await fromFile.stop()).toBe(0);
    expect(await readdir(cwd)).toContain('db.json'); // `data` from the file, relative to the working directory

    const fromEnv = runCli([], { cwd, env: { ORDERMOCK_API: 'jtl' } });
    expect(await health(await fromEnv.url())).toEqual(['jtl']);
    expect(await fromEnv.stop()).toBe(0);

    const fromFlag = runCli(['--api', 'fabric'], { cwd, env: { ORDERMOCK_API: 'jtl' } });
    expect(await health(await fromFlag.url())).toEqual(['fabric']);
    expect(await fromFlag.stop()).toBe(0);
  });

  it('refuses a bad config file before starting, in one line naming the key, creating nothing', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'ordermock.config.json'), JSON.stringify({ port: 0, data: 'db.json', bodyLimt: 10 }));
    const run = runCli([], { cwd });
    expect(await run.exited).toBe(1);
    const stderr = run.stderr.join('').trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Invalid configuration: config file ordermock\.config\.json: "bodyLimt" is not an option/);
    expect(await readdir(cwd)).toEqual(['ordermock.config.json']);
  });
});

describe('binding failures', { timeout: 60_000 }, () => {
  it('a port in use: one line naming the port and what to do, exit 1, nothing left behind', async () => {
    const { server, port } = await busyPort();
    try {
      const dir = await tempDir();
      const run = runCli(['--port', String(port), '--data', join(dir, 'db.json')]);
      expect(await run.exited).toBe(1);
      const stderr = run.stderr.join('').trim();
      expect(stderr).toBe(
        `Cannot listen on 127.0.0.1:${port}: port ${port} is in use (another ordermock or server?); pick another with --port <n> (or ORDERMOCK_PORT), or --port 0 for any free port`,
      );
      expect(await readdir(dir)).toEqual([]); // no data file, no lock, no change log
    } finally {
      server.close();
    }
  });

  it('an address of no interface: one line naming the host, exit 1', async () => {
    const dir = await tempDir();
    const run = runCli(['--port', '0', '--host', '203.0.113.7', '--data', join(dir, 'db.json')]);
    expect(await run.exited).toBe(1);
    expect(run.stderr.join('').trim()).toMatch(/^Cannot listen on 203\.0\.113\.7:0: no interface of this machine has the address 203\.0\.113\.7; use --host 127\.0\.0\.1/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('from code: startOrdermock rejects with a typed ORDERMOCK_ERR_LISTEN error, and the data file stays free', async () => {
    const { server, port } = await busyPort();
    const dir = await tempDir();
    try {
      const err = await startOrdermock({ port, dataFile: join(dir, 'db.json'), apis: ['jtl'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OrdermockError);
      expect((err as OrdermockError).code).toBe('ORDERMOCK_ERR_LISTEN');
      expect((err as Error).message).toMatch(new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} is in use`));
      expect(await readdir(dir)).toEqual([]);
    } finally {
      server.close();
    }
    const again = await startOrdermock({ port: 0, dataFile: join(dir, 'db.json'), apis: ['jtl'] });
    await again.close();
  });

  it('warns when the control plane is reachable from other machines without an admin token', async () => {
    const dir = await tempDir();
    const run = runCli(['--port', '0', '--host', '0.0.0.0', '--data', join(dir, 'db.json'), '--api', 'jtl']);
    const warning = await run.waitFor((l) => l.level === 'warn');
    expect(String(warning.msg)).toMatch(/0\.0\.0\.0.*--admin-token or ORDERMOCK_ADMIN_TOKEN/);
    expect(await run.stop()).toBe(0);
    const quiet = runCli(['--port', '0', '--host', '0.0.0.0', '--data', join(dir, 'db.json'), '--api', 'jtl'], { env: { ORDERMOCK_ADMIN_TOKEN: 'tok' } });
    await quiet.url();
    expect(await quiet.stop()).toBe(0);
    expect(quiet.lines.filter((l) => l.level === 'warn')).toEqual([]);
    expect(JSON.stringify(quiet.lines)).not.toContain('tok"');
  });
});
