import { copyFile, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';

// Documents from 1 KiB on are kept in memory as UTF-8 bytes (see StoredDoc): every way in and
// out of the store must give back exactly the document that was put, whatever its characters.
const big = (tag: string) => ({ id: tag, text: `${tag} äöü € 😀 "quoted" \\ `.repeat(120), lines: Array.from({ length: 20 }, (_, i) => ({ i, tag })) });
const seeds = { demo: { orders: { seeded: big('seeded') } } };

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ordermock-large-')), 'db.json');
}

describe('large documents (kept as bytes in memory)', () => {
  it('reads back what was put: in the transaction, after commit, after replay, after compaction, from the seeds', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds });
    const tx = store.begin();
    const orders = tx.data('default', 'demo').collection('orders');
    expect(orders.get('seeded')).toEqual(big('seeded'));
    orders.put('x', big('x'));
    expect(orders.get('x')).toEqual(big('x'));
    expect(orders.size).toBe(2);
    await tx.commit();
    const direct = store.data('default', 'demo').collection('orders');
    expect(direct.get('x')).toEqual(big('x'));
    expect(direct.list()).toEqual([big('seeded'), big('x')]);
    expect(direct.has('x')).toBe(true);
    store.data('ns2', 'demo').collection('orders').put('y', big('y'));
    await store.flush();

    // Replay: the log holds the changes, the data file does not yet.
    const copy = await tempFile();
    for (const name of (await readdir(dirname(file))).filter((n) => n === 'db.json' || n.includes('.changes-'))) await copyFile(join(dirname(file), name), join(dirname(copy), name));
    const replayed = await LowdbStore.open({ file: copy, seeds });
    expect(replayed.report.replayed).toBe(2);
    expect(replayed.data('default', 'demo').collection('orders').get('x')).toEqual(big('x'));
    expect(replayed.data('ns2', 'demo').collection('orders').get('y')).toEqual(big('y'));
    await replayed.close();

    // Compaction writes the documents verbatim into the data file.
    await store.close();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.namespaces.default.demo.orders.x).toEqual(big('x'));
    expect(onDisk.namespaces.ns2.demo.orders.y).toEqual(big('y'));
    const reopened = await LowdbStore.open({ file, seeds });
    expect(reopened.data('default', 'demo').collection('orders').list()).toEqual([big('seeded'), big('x')]);
    await reopened.close();
  });

  it('a failed commit leaves the stored bytes as they were', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open({ file, seeds, maxNamespaces: 0 });
    const tx = store.begin();
    tx.data('default', 'demo').collection('orders').put('seeded', big('changed'));
    tx.data('other', 'demo').collection('orders').put('z', big('z')); // one namespace too many: nothing applied
    await expect(tx.commit()).rejects.toMatchObject({ code: 'ORDERMOCK_ERR_NAMESPACE_LIMIT' });
    expect(store.data('default', 'demo').collection('orders').get('seeded')).toEqual(big('seeded'));
    await store.close();
  });
});
