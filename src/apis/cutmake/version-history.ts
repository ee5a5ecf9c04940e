import type { ApiData } from '../../core/store/store.js';
import type { OrderVersion, SalesOrder } from './types.js';

// Versions made by the mock live in their own collection, one document each: an update then
// reads and writes the order and one version, not a history that grows with every change. The
// fixtures' history stays inline in the order; a read joins both, as the real GET answers.
const versionKey = (documentId: string, versionNumber: number) => `${documentId}#${versionNumber}`;

/**
 * How many of the versions it made the mock keeps per order (choice: the real service keeps them
 * all; a mock under constant load would then grow without end, so each new version past this
 * many drops the oldest). The fixtures' own history is always kept.
 */
export const KEPT_VERSIONS = 100;

export function appendVersion(data: ApiData, documentId: string, version: OrderVersion): void {
  const versions = data.collection<OrderVersion>('versions');
  versions.put(versionKey(documentId, version.versionNumber), version);
  versions.delete(versionKey(documentId, version.versionNumber - KEPT_VERSIONS));
}

/** The order as the companion GET returns it: with its version history (see KEPT_VERSIONS). */
export function withVersionHistory(data: ApiData, order: SalesOrder): SalesOrder {
  const versions = data.collection<OrderVersion>('versions');
  const history = [...order.versionHistory];
  const oldestKept = Math.max((history.at(-1)?.versionNumber ?? 0) + 1, order.versionNumber - KEPT_VERSIONS + 1);
  for (let n = oldestKept; n <= order.versionNumber; n++) {
    const version = versions.get(versionKey(order.id, n));
    if (version) history.push(version);
  }
  return { ...order, versionHistory: history };
}
