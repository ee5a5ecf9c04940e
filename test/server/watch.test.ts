import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSeedDir, defaultSpecsDir } from '../../src/paths.js';
import { runCli, tempDir } from '../support/cli-process.js';

const ORDERS = '/recerc/api/unstable/orders';
const auth = { authorization: 'Bearer rk_live_demo_key', 'content-type': 'application/json' };

describe('--watch', { timeout: 90_000 }, () => {
  it('reloads an edited seed file and contract, keeps stored updates, and keeps the last good contract when one breaks', async () => {
    const dir = await tempDir();
    const specs = join(dir, 'specs');
    const seeds = join(dir, 'seeds');
    await cp(defaultSpecsDir, specs, { recursive: true });
    await cp(defaultSeedDir, seeds, { recursive: true });
    const run = runCli(['--port', '0', '--data', join(dir, 'db.json'), '--api', 'recerc', '--specs', specs, '--seeds', seeds, '--watch']);
    const url = await run.url();
    await run.waitFor((l) => String(l.msg).startsWith('watching '));
    const get = async (id: string) => (await (await fetch(`${url}${ORDERS}/${id}`, { headers: auth })).json()) as Record<string, unknown>;

    // A client's update, then the seed file changes under it.
    const patched = await fetch(`${url}${ORDERS}/ord_1001`, { method: 'PATCH', headers: auth, body: JSON.stringify({ id: 'ord_1001', sessionId: 'sess_abc123', invoiceFooterText: 'set by the client' }) });
    expect(patched.status).toBe(200);
    const seedFile = join(seeds, 'recerc.json');
    const seed = JSON.parse(await readFile(seedFile, 'utf8'));
    seed.collections.orders.ord_1001.invoiceFooterText = 'edited in the seed file';
    seed.collections.orders.ord_1002.invoiceFooterText = 'edited in the seed file';
    await writeFile(seedFile, JSON.stringify(seed, null, 2));
    const reloaded = await run.waitFor((l) => String(l.msg).startsWith('seeds of recerc reloaded'));
    expect(reloaded).toMatchObject({ changed: 1, kept: 1 });
    expect((await get('ord_1002')).invoiceFooterText).toBe('edited in the seed file');
    expect((await get('ord_1001')).invoiceFooterText).toBe('set by the client');

    // A contract that no longer loads: named file and pointer, the last good one keeps serving.
    const specFile = join(specs, 'recerc.yaml');
    const good = await readFile(specFile, 'utf8');
    await writeFile(specFile, good.replace("$ref: '#/components/headers/ETag'", "$ref: '#/components/headers/ETagMissing'"));
    const broken = await run.waitFor((l) => String(l.msg).startsWith(`contract ${specFile} no longer loads`));
    expect(broken.level).toBe('error');
    expect(broken.pointer).toBe('#/paths/~1api~1unstable~1orders~1{id}/get/responses/200/headers/ETag');
    expect(String(broken.msg)).toContain('#/components/headers/ETagMissing');
    const still = await fetch(`${url}${ORDERS}/ord_1002`, { headers: auth });
    expect(still.status).toBe(200);
    expect(still.headers.get('etag')).toMatch(/^"\d+"$/);
    expect(await (await fetch(`${url}/__ordermock/specs/recerc.yaml`)).text()).not.toContain('ETagMissing');

    // Fixed, with a visible change and a tighter rule: served and enforced from now on.
    const edited = good
      .replace(/^  title: .*$/m, '  title: Recerc (edited)')
      .replace('          description: Replacement footer text shown in invoice-style documents.', '          maxLength: 10\n          description: Replacement footer text shown in invoice-style documents.');
    expect(edited).toContain('maxLength: 10');
    await writeFile(specFile, edited);
    await run.waitFor((l) => String(l.msg).startsWith('contract of recerc reloaded'));
    const tooLong = await fetch(`${url}${ORDERS}/ord_1003`, { method: 'PATCH', headers: auth, body: JSON.stringify({ id: 'ord_1003', sessionId: 's', invoiceFooterText: 'longer than ten' }) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('invoiceFooterText');
    const listed = (await (await fetch(`${url}/__ordermock/specs`)).json()) as { specs: { title: string }[] };
    expect(listed.specs[0].title).toBe('Recerc orders API (unstable)'); // the module's title; the document's is below
    expect((await (await fetch(`${url}/__ordermock/specs/recerc.json`)).json()).info.title).toBe('Recerc (edited)');
    expect((await get('ord_1001')).invoiceFooterText).toBe('set by the client');

    // A reset now restores the edited seeds.
    expect((await fetch(`${url}/__ordermock/reset`, { method: 'POST' })).status).toBe(200);
    expect((await get('ord_1001')).invoiceFooterText).toBe('edited in the seed file');
    expect(await run.stop()).toBe(0);
  });
});
