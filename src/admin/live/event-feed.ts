import type { Request, Response } from 'express';
import { OrdermockError, type FieldIssue } from '../../core/errors/catalogue.js';
import type { JournalEntry } from '../../core/journal/journal-entry.js';
import { redactText } from '../../core/journal/redact.js';

/** What the feed sends for one finished exchange (the journal entry without bodies and headers). */
export interface FeedEvent {
  id: string;
  receivedAt: string;
  namespace: string;
  api: string | null;
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** accepted: 2xx/3xx; refused: the mock said no; faulted: a fault rule shaped the answer. */
  outcome: 'accepted' | 'refused' | 'faulted';
  errorCode: string | null;
  message: string | null;
  /** Validation errors, one per field, without the offending values (they may be secrets). */
  issues: { in: string; path: string; message: string }[];
  violations: number;
  fault: JournalEntry['fault'];
  prefer: string | null;
  /** Ids of the orders this exchange changed (see OrderHistory). */
  changedOrders: string[];
}

type Listener = (event: FeedEvent) => void;
const KEEPALIVE_MS = 15_000;
/** Each subscriber holds a socket and a write buffer: a page opened in a loop cannot hold more. */
export const MAX_SUBSCRIBERS = 64;
/** A subscriber that stops reading is dropped once this much waits for it (EventSource reconnects). */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Server-sent events at /__ordermock/events: one per finished API exchange, redacted like the journal. */
export class EventFeed {
  private listeners = new Set<Listener>();

  get subscribers(): number {
    return this.listeners.size;
  }

  publish(entry: JournalEntry, error: { message: string; issues: FieldIssue[] } | undefined, changedOrders: string[]): void {
    if (!this.listeners.size) return;
    const event: FeedEvent = {
      id: entry.id,
      receivedAt: entry.receivedAt,
      namespace: entry.namespace,
      api: entry.api,
      operationId: entry.operationId,
      method: entry.method,
      path: entry.path,
      status: entry.response.status,
      durationMs: entry.durationMs,
      outcome: entry.fault ? 'faulted' : entry.response.status >= 400 || entry.response.status === 0 ? 'refused' : 'accepted',
      errorCode: entry.errorCode,
      message: error ? redactText(error.message) : null,
      issues: (error?.issues ?? []).slice(0, 20).map((i) => ({ in: i.in, path: i.path.join('.'), message: redactText(i.message) })),
      violations: entry.violations.length,
      fault: entry.fault,
      prefer: entry.prefer,
      changedOrders,
    };
    for (const listener of this.listeners) listener(event);
  }

  /** The express handler: `?api=` and `?namespace=` narrow the stream. */
  stream = (req: Request, res: Response): void => {
    const api = typeof req.query.api === 'string' ? req.query.api : undefined;
    const namespace = typeof req.query.namespace === 'string' ? req.query.namespace : undefined;
    if (this.listeners.size >= MAX_SUBSCRIBERS) {
      const full = new OrdermockError('ORDERMOCK_ERR_FEED_FULL', [MAX_SUBSCRIBERS]);
      res.locals.errorCode = full.code;
      return void res.status(full.status).set('retry-after', '5').json({ error: { code: full.code, message: full.message, issues: [] } });
    }
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    res.write(': ordermock live feed\nretry: 2000\n\n');
    const listener: Listener = (event) => {
      if ((api && event.api !== api) || (namespace && event.namespace !== namespace)) return;
      if (res.writableLength > MAX_BUFFERED_BYTES) return void res.destroy();
      res.write(`event: exchange\nid: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    this.listeners.add(listener);
    req.on('close', () => {
      clearInterval(keepalive);
      this.listeners.delete(listener);
    });
  };
}
