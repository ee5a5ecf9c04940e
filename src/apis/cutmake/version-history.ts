import type { ApiData } from '../../core/store/store.js';
import type { OrderVersion, SalesOrder } from './types.js';

/**
 * How many of the versions it made the mock keeps per order (choice: the real service keeps them
 * all; a mock under constant load would then grow without end). The fixtures' own history is
 * always kept.
 */
export const KEPT_VERSIONS = 100;

// Versions made by the mock live in their own collection, one document each: an update then
// reads and writes the order and one version, not a history that grows with every change. The
// fixtures' history stays inline in the order; a read joins both, as the real GET answers.
// Each order has KEPT_VERSIONS slots, used in turn: a new version overwrites the oldest in place
// (no delete, which would cost the store a copy of the whole collection for its undo).
const slotKey = (documentId: string, versionNumber: number) => `${documentId}#${versionNumber % KEPT_VERSIONS}`;

export function appendVersion(data: ApiData, documentId: string, version: OrderVersion): void {
  data.collection<OrderVersion>('versions').put(slotKey(documentId, version.versionNumber), version);
}

/** The order as the companion GET returns it: with its version history (see KEPT_VERSIONS). */
export function withVersionHistory(data: ApiData, order: SalesOrder): SalesOrder {
  const versions = data.collection<OrderVersion>('versions');
  const history = [...order.versionHistory];
  const oldestKept = Math.max((history.at(-1)?.versionNumber ?? 0) + 1, order.versionNumber - KEPT_VERSIONS + 1);
  for (let n = oldestKept; n <= order.versionNumber; n++) {
    const version = versions.get(slotKey(order.id, n));
    if (version?.versionNumber === n) history.push(version); // a slot holds the newest version that used it
  }
  return { ...order, versionHistory: history };
}
