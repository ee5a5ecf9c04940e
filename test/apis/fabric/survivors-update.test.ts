import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { fixedClock } from '../../../src/index.js';
import { defaultSeedDir } from '../../../src/paths.js';
import { useTestMock } from '../../support/harness.js';
import { expectFabricError, fabricHeaders, getPath, putPath, START, useFabric } from './fabric-client.js';

// 309019178 ships to two addresses: st-309019178-1 (item 0) and st-309019178-2 (items 1 and 2).
const ORDER = '309019178';

describe('fabric PUT: the order-rule message', () => {
  const c = useFabric();

  it('an unknown shipToId is named with every shipInfo id the order has, comma-separated', async () => {
    const order = await c().read(ORDER);
    order.items[1].shipToId = 'st-nowhere';
    const res = await c().refused(ORDER, () => c().put(ORDER, order), 400);
    expect(expectFabricError(res, 400)).toBe('Invalid order: body.items[1].shipToId names no shipInfo entry (st-nowhere); known: st-309019178-1, st-309019178-2');
  });

  it('every broken order rule is in one message, in check order, separated by "; "', async () => {
    const order = await c().read(ORDER);
    order.orderId = 'ffffffffffffffffffffffff';
    order.items[0].shipToId = 'st-nowhere';
    order.feeTotal = 20;
    const res = await c().refused(ORDER, () => c().put(ORDER, order), 400);
    expect(expectFabricError(res, 400)).toBe(
      'Invalid order: body.orderId must equal the stored orderId (64b7f0c2a1d3e4f5a6b70003) or be omitted, got ffffffffffffffffffffffff; ' +
        'body.items[0].shipToId names no shipInfo entry (st-nowhere); known: st-309019178-1, st-309019178-2; ' +
        'body.feeTotal must equal the sum of fees[].value = 20.90 (got 20.00); ' +
        'body.orderTotal must equal orderSubTotal - orderDiscount + feeTotal + taxTotal - returnTotal - cancelTotal = 287.83 (got 288.73)',
    );
  });
});

// Seed data is the user's (`--seeds`, `seedDir`): an order may be seeded without an audit trail.
const POS_ORDER = '309019182';
const seeds = mkdtempSync(join(tmpdir(), 'ordermock-fabric-seeds-'));
cpSync(defaultSeedDir, seeds, { recursive: true });
{
  const file = join(seeds, 'fabric.json');
  const data = JSON.parse(readFileSync(file, 'utf8'));
  delete data.collections.orders[POS_ORDER].auditLogs;
  writeFileSync(file, JSON.stringify(data));
}

describe('fabric PUT on a seeded order without auditLogs', () => {
  const clock = fixedClock(START);
  const t = useTestMock({ apis: ['fabric'], clock, clockStart: START, seedDir: seeds });
  afterAll(() => rmSync(seeds, { recursive: true, force: true }));

  it('a body without auditLogs starts the trail with the update entry alone, numbered 1', async () => {
    const read = await t().http.get(getPath(POS_ORDER)).set(fabricHeaders());
    expect(read.status).toBe(200);
    expect(read.body.auditLogs).toBeUndefined();
    const res = await t().http.put(putPath(POS_ORDER)).set(fabricHeaders()).send(read.body);
    expect(res.status, res.text).toBe(200);
    const entry = {
      auditId: `aud-${POS_ORDER}-1`,
      auditType: 'ORDER_UPDATED',
      updatedBy: 'usr-csr',
      updatedAt: START,
      description: `Order updated via PUT /order/${POS_ORDER} (version 0 -> 1)`,
      source: 'API',
    };
    expect(res.body.auditLogs).toEqual([entry]);
    expect((await t().http.get(getPath(POS_ORDER)).set(fabricHeaders())).body.auditLogs).toEqual([entry]);
  });
});
