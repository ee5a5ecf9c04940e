import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli-process.js';

const ORDER = '/recerc/api/unstable/orders/ord_1001';
const auth = { authorization: 'Bearer rk_live_demo_key', 'content-type': 'application/json' };

/** One refused PATCH (a wrong type), one GET with a query the contract does not declare, one good GET, one control-plane call. */
async function traffic(url: string): Promise<void> {
  const refused = await fetch(`${url}${ORDER}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ id: 'ord_1001', sessionId: 's', status: 42 }) });
  expect(refused.status).toBe(400);
  expect((await fetch(`${url}${ORDER}?expand=items&x=a%20b`, { headers: auth })).status).toBe(400);
  expect((await fetch(`${url}${ORDER}`, { headers: auth })).status).toBe(200);
  expect((await fetch(`${url}/__ordermock/journal?api=recerc`)).status).toBe(200);
}

describe('request logs', { timeout: 60_000 }, () => {
  it('are JSON lines when stdout is not a terminal: path with query, API, operation, status, ms, refusal code and reason', async () => {
    const run = runCli(['--port', '0', '--data', join(await tempDir(), 'db.json'), '--api', 'recerc', '--log-level', 'debug']);
    await traffic(await run.url());
    const refusal = await run.waitFor((l) => l.operationId === 'updateOrder');
    expect(refusal).toMatchObject({ level: 'info', api: 'recerc', status: 400, errorCode: 'ORDERMOCK_ERR_REQUEST_VALIDATION', msg: `PATCH ${ORDER}` });
    expect(String(refusal.reason)).toMatch(/^body\.status /);
    expect(typeof refusal.ms).toBe('number');
    expect(new Date(String(refusal.time)).toISOString()).toBe(refusal.time);
    // --log-level debug: every validation issue, not just the first
    const details = await run.waitFor((l) => String(l.msg).startsWith('validation details of PATCH'));
    expect(details).toMatchObject({ level: 'debug', details: { issues: expect.arrayContaining([expect.objectContaining({ in: 'body', path: ['status'], rule: 'enum' })]) } });
    expect((details.details as { issues: unknown[] }).issues.length).toBeGreaterThan(1);
    expect(await run.waitFor((l) => l.operationId === 'getOrder' && l.status === 400)).toMatchObject({ msg: `GET ${ORDER}?expand=items&x=a+b`, reason: expect.stringMatching(/^query\./) });
    expect(await run.waitFor((l) => l.operationId === 'getOrder' && l.status === 200)).toMatchObject({ msg: `GET ${ORDER}` });
    expect(await run.waitFor((l) => l.controlPlane === true && String(l.msg).includes('/journal'))).toMatchObject({ status: 200, msg: 'GET /__ordermock/journal?api=recerc' });
    expect(JSON.stringify(run.lines)).not.toContain('rk_live_demo_key');
    expect(await run.stop()).toBe(0);
  });

  it('are one readable line per request with --log-format pretty', async () => {
    const run = runCli(['--port', '0', '--data', join(await tempDir(), 'db.json'), '--api', 'recerc', '--log-format', 'pretty']);
    const url = await run.url();
    await traffic(url);
    const time = String.raw`^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: `;
    const refusal = await run.waitFor((l) => String(l.raw).includes('PATCH'));
    expect(refusal.raw).toMatch(new RegExp(`${time}PATCH ${ORDER} 400 recerc\\.updateOrder [\\d.]+ms ORDERMOCK_ERR_REQUEST_VALIDATION body\\.status `));
    expect((await run.waitFor((l) => String(l.raw).includes(`GET ${ORDER}?`))).raw).toMatch(new RegExp(`${time}GET ${ORDER}\\?expand=items&x=a\\+b 400 recerc\\.getOrder [\\d.]+ms ORDERMOCK_ERR_REQUEST_VALIDATION query\\.`));
    expect((await run.waitFor((l) => String(l.raw).includes(`GET ${ORDER} `))).raw).toMatch(new RegExp(`${time}GET ${ORDER} 200 recerc\\.getOrder [\\d.]+ms$`));
    expect((await run.waitFor((l) => String(l.raw).includes('/__ordermock/journal'))).raw).toMatch(/GET \/__ordermock\/journal\?api=recerc 200 control plane [\d.]+ms$/);
    const banner = run.lines.map((l) => String(l.raw));
    expect(banner.find((l) => l.includes(`${url}/recerc `))).toMatch(new RegExp(`recerc +${url}/recerc +reference ${url}/__ordermock/reference/recerc +\\d+ orders`));
    expect(banner.some((l) => /data file .*db\.json/.test(l))).toBe(true);
    expect(run.lines.every((l) => l.raw !== undefined)).toBe(true); // no JSON line in pretty mode
    expect(await run.stop()).toBe(0);
  });
});
