import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli-process.js';

async function tempData(): Promise<string> {
  return join(await tempDir(), 'db.json');
}

describe('ordermock serve', () => {
  it('logs one startup line per API, one line per request, and flushes and exits 0 on SIGTERM', async () => {
    const data = await tempData();
    const run = runCli(['serve', '--port', '0', '--data', data]);
    const url = await run.url();
    for (const api of ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud']) {
      const line = await run.waitFor((l) => l.api === api && l.baseUrl !== undefined);
      expect(line).toMatchObject({ baseUrl: `${url}/${api}`, reference: `${url}/__ordermock/reference/${api}` });
      expect(line.orders).toBeGreaterThan(0);
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
    const url = await run.url();
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
