// Child process for the crash loops: opens the store (replaying what the last one left), then
// commits two-document transactions without pause, printing each acknowledgement, until killed.
import { LowdbStore } from '../../src/core/store/lowdb-store.js';

const [file, round, compactAfterBytes] = process.argv.slice(2);
const crashSeeds = { demo: { orders: { a: { id: 'a', n: 0 } }, pairs: {} } };

process.stdout.write('opening\n');
const store = await LowdbStore.open({ file, seeds: crashSeeds, compactAfterBytes: Number(compactAfterBytes) });
process.stdout.write('ready\n');
let next = 0;
async function writer(): Promise<void> {
  for (;;) {
    const id = `r${round}-${next++}`;
    const tx = store.begin();
    const data = tx.data('default', 'demo');
    data.collection('orders').put(id, { id, pad: 'x'.repeat(64) });
    data.collection('pairs').put(id, { id });
    await tx.commit();
    process.stdout.write(`ack ${id}\n`);
  }
}
// Several writers at once, so a group commit holds several requests when the kill lands.
await Promise.all(Array.from({ length: 6 }, writer));
