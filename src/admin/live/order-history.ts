import type { JournalEntry } from '../../core/journal/journal-entry.js';
import { DEFAULT_NAMESPACE, type Doc, type SeedData, type Store } from '../../core/store/store.js';
import { ORDER_VIEWS, pick, type OrderView } from '../order-views.js';
import { diffDocs, type FieldChange } from './diff.js';

/** One change of one order, with the request that made it. */
export interface HistoryStep {
  exchangeId: string;
  at: string;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  action: string | null;
  transition: { from: unknown; to: unknown } | null;
  version: { from: unknown; to: unknown } | null;
  changes: FieldChange[];
  /** The request body as the journal holds it (redacted, bounded). */
  request: unknown;
}

const STEPS_PER_ORDER = 100;
const key = (...parts: string[]) => parts.join('\u0000');

/**
 * Order timelines for every API, including those that store no history (jtl, sellercloud):
 * after each API write, the orders are compared with their last known state, so one diff
 * engine serves all five. Control-plane writes (reset, fixtures, documents) move the baseline.
 */
export class OrderHistory {
  private baselines = new Map<string, Map<string, string>>();
  private steps = new Map<string, HistoryStep[]>();

  private views: Record<string, OrderView>;
  private active = false;

  /** `apis`: the APIs served (a view of one that is not served would read an empty store). */
  constructor(private store: Store, private seeds: SeedData, apis: Iterable<string>) {
    this.views = Object.fromEntries([...apis].filter((api) => ORDER_VIEWS[api]).map((api) => [api, ORDER_VIEWS[api]]));
  }

  /**
   * Starts recording (the dashboard's first read or feed subscriber): a suite that never opens
   * the dashboard pays nothing per write; from here on every write is compared with the baseline.
   */
  activate(): void {
    if (this.active) return;
    this.active = true;
    this.rebaseline();
  }

  /** A finished API exchange (already journaled); returns the ids of the orders it changed. */
  observe(entry: JournalEntry): string[] {
    const view = entry.api ? this.views[entry.api] : undefined;
    if (!this.active || !view || entry.method === 'GET' || entry.method === 'HEAD' || entry.response.status < 200 || entry.response.status > 299) return [];
    const baseline = this.baseline(entry.namespace, entry.api!);
    const changed: string[] = [];
    for (const doc of this.orders(entry.namespace, entry.api!)) {
      const id = String(pick(doc, view.id));
      const now = JSON.stringify(doc);
      const then = baseline.get(id);
      if (then === now) continue;
      baseline.set(id, now);
      this.push(key(entry.namespace, entry.api!, id), this.step(view, entry, then === undefined ? undefined : (JSON.parse(then) as Doc), doc));
      changed.push(id);
    }
    return changed;
  }

  /** After a control-plane write: a reset forgets the timelines it covers; every baseline is read again. */
  controlPlaneChanged(reset?: { namespace: string | null; api: string | null }): void {
    if (!this.active) return;
    if (reset) {
      for (const k of [...this.steps.keys()]) {
        const [namespace, api] = k.split('\u0000');
        if ((reset.namespace === null || reset.namespace === namespace) && (reset.api === null || reset.api === api)) this.steps.delete(k);
      }
    }
    this.rebaseline();
  }

  list(namespace: string, api: string, id: string): HistoryStep[] {
    return this.steps.get(key(namespace, api, id)) ?? [];
  }

  private step(view: OrderView, entry: JournalEntry, before: Doc | undefined, after: Doc): HistoryStep {
    const body = entry.request.body;
    const lifecycle = view.lifecycle;
    const action = lifecycle?.actionField && body && typeof body === 'object' ? ((body as Doc)[lifecycle.actionField] as string | undefined) ?? null : null;
    const from = before ? pick(before, view.state) : null;
    const to = pick(after, view.state);
    const versionFrom = before ? pick(before, view.version) : null;
    const versionTo = pick(after, view.version);
    return {
      exchangeId: entry.id,
      at: entry.receivedAt,
      method: entry.method,
      path: entry.path,
      operationId: entry.operationId,
      status: entry.response.status,
      action,
      transition: from !== to ? { from, to } : null,
      version: view.version && versionFrom !== versionTo ? { from: versionFrom, to: versionTo } : null,
      changes: diffDocs(before ?? {}, after),
      request: body,
    };
  }

  private push(k: string, step: HistoryStep): void {
    const list = this.steps.get(k) ?? [];
    list.push(step);
    if (list.length > STEPS_PER_ORDER) list.shift();
    this.steps.set(k, list);
  }

  private orders(namespace: string, api: string): Doc[] {
    return this.store.data(namespace, api).collection(this.views[api].collection).list();
  }

  /** A namespace without state of its own reads the seeds, so that is its baseline. */
  private baseline(namespace: string, api: string): Map<string, string> {
    const k = key(namespace, api);
    let map = this.baselines.get(k);
    if (!map) {
      const view = this.views[api];
      const docs = Object.values(this.seeds[api]?.[view.collection] ?? {});
      map = new Map(docs.map((doc) => [String(pick(doc, view.id)), JSON.stringify(doc)]));
      this.baselines.set(k, map);
    }
    return map;
  }

  private rebaseline(): void {
    this.baselines.clear();
    const namespaces = new Set([DEFAULT_NAMESPACE, ...this.store.namespaces()]);
    for (const namespace of namespaces) {
      for (const api of Object.keys(this.views)) {
        const view = this.views[api];
        this.baselines.set(key(namespace, api), new Map(this.orders(namespace, api).map((doc) => [String(pick(doc, view.id)), JSON.stringify(doc)])));
      }
    }
  }
}
