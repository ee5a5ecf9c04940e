import type { ApiData } from '../../core/store/store.js';
import type { OrderVersion, SalesOrder } from './types.js';

// Versions made by the mock live in their own collection, one document each: an update then
// reads and writes the order and one version, not a history that grows with every change. The
// fixtures' history stays inline in the order; a read joins both, as the real GET answers.
const versionKey = (documentId: string, versionNumber: number) => `${documentId}#${versionNumber}`;

export function appendVersion(data: ApiData, documentId: string, version: OrderVersion): void {
  data.collection<OrderVersion>('versions').put(versionKey(documentId, version.versionNumber), version);
}

/** The order as the companion GET returns it: with its whole version history. */
export function withVersionHistory(data: ApiData, order: SalesOrder): SalesOrder {
  const versions = data.collection<OrderVersion>('versions');
  const history = [...order.versionHistory];
  for (let n = (history.at(-1)?.versionNumber ?? 0) + 1; n <= order.versionNumber; n++) {
    const version = versions.get(versionKey(order.id, n));
    if (version) history.push(version);
  }
  return { ...order, versionHistory: history };
}
