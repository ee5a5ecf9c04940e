import type { Exchange } from '../../core/pipeline/exchange.js';
import type { JournalEntry } from '../../core/journal/journal-entry.js';
import type { SeedData, Store } from '../../core/store/store.js';
import { EventFeed } from './event-feed.js';
import { OrderHistory } from './order-history.js';

/** What the dashboard watches: the live feed and the order timelines, both fed by the pipeline's onExchange. */
export class LiveViews {
  readonly feed = new EventFeed();
  readonly history: OrderHistory;

  constructor(store: Store, seeds: SeedData, apis: Iterable<string>) {
    this.history = new OrderHistory(store, seeds, apis);
  }

  /** An API exchange, as the journal recorded it. */
  apiExchange(ex: Exchange, entry: JournalEntry): void {
    const changed = this.history.observe(entry);
    this.feed.publish(entry, ex.error, changed);
  }

  /** A control-plane exchange: a write there moves the timelines' baselines. */
  controlPlaneExchange(ex: Exchange): void {
    const status = ex.response?.status ?? 500;
    if (ex.incoming.method === 'GET' || status < 200 || status > 299) return;
    const op = ex.request?.operationId;
    if (op === 'openSession' || op === 'closeSession') return; // a login changes no order
    type Scope = { namespace: string | null; api: string | null };
    const reset = op === 'reset' ? (ex.response!.body as { reset: Scope }).reset : op === 'deleteNamespace' ? { namespace: ex.request!.params.name, api: null } : undefined;
    this.history.controlPlaneChanged(reset);
  }
}
