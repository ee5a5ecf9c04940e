// Child process for the kill test: writes N acknowledged updates, printing each ack, then waits to be killed.
import { LowdbStore } from '../../src/core/store/lowdb-store.js';

const [file, countArg] = process.argv.slice(2);
const store = await LowdbStore.open({ file, seeds: { demo: { orders: { a: { id: 'a', n: 0 } } } } });
const orders = store.data('default', 'demo').collection('orders');
for (let n = 1; n <= Number(countArg); n++) {
  orders.put(`o${n}`, { id: `o${n}`, n });
  await store.flush();
  process.stdout.write(`ack ${n}\n`);
}
setInterval(() => undefined, 1000);
