import { responseJson, type Exchange } from '../pipeline/exchange.js';
import { TRUNCATED_KEY, boundBody, overLimit, type TruncatedBody } from './bound-body.js';
import { compileFilter, type JournalFilter } from './journal-filter.js';
import type { JournalEntry, JournalLimits, JournalStats } from './journal-entry.js';
import { redactHeaders, redactText, redactValue } from './redact.js';

export type { JournalEntry, JournalLimits, JournalStats };

/** @deprecated the old name of JournalFilter. */
export type JournalQuery = JournalFilter;

interface Held {
  entry: JournalEntry;
  bytes: number;
}

const DEFAULT_LIMITS: JournalLimits = { entries: 1000, bytes: 32 * 1024 * 1024, bodyBytes: 64 * 1024 };

/** A bounded in-memory record of recent requests, in count and in bytes (oldest dropped first). */
export class Journal {
  /** Oldest first from `first` on; evicted entries before it are cut off in batches (see evict). */
  private held: Held[] = [];
  private first = 0;
  private heldBytes = 0;
  private droppedCount = 0;
  readonly limits: JournalLimits;

  constructor(limits: number | Partial<JournalLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...(typeof limits === 'number' ? { entries: limits } : limits) };
  }

  record(ex: Exchange, durationMs: number): JournalEntry {
    const request = bodyOf(ex.request?.body, ex.incoming.rawBody, this.limits.bodyBytes);
    const sent = ex.response!;
    const response = sent.raw !== undefined ? bodyOf(undefined, Buffer.from(sent.raw), this.limits.bodyBytes) : bodyOf(sent.body, undefined, this.limits.bodyBytes, () => responseJson(sent));
    const entry: JournalEntry = {
      id: ex.id,
      receivedAt: ex.receivedAt.toISOString(),
      durationMs: Math.round(durationMs * 1000) / 1000,
      namespace: ex.namespace,
      api: ex.api?.name ?? null,
      operationId: ex.operation?.operationId ?? null,
      method: ex.incoming.method,
      path: ex.incoming.path,
      request: { headers: redactHeaders(ex.incoming.headers), query: redactValue(ex.incoming.query) as Record<string, unknown>, body: request.body },
      response: { status: ex.drop ? 0 : ex.response!.status, body: ex.drop ? undefined : response.body },
      errorCode: ex.error?.code ?? null,
      violations: ex.violations.slice(0, 50),
      fault: ex.fault ?? null,
      prefer: ex.prefer ?? null,
    };
    const bytes = 512 + request.bytes + response.bytes;
    this.held.push({ entry, bytes });
    this.heldBytes += bytes;
    this.evict();
    return entry;
  }

  /** Adds an entry recorded by another instance (a shared journal, see store/redis/shared-journal.ts), under the same bounds. */
  insert(entry: JournalEntry): void {
    const bytes = 512 + JSON.stringify(entry).length;
    this.held.push({ entry, bytes });
    this.heldBytes += bytes;
    this.evict();
  }

  list(filter: JournalFilter = {}, knownApis?: readonly string[]): JournalEntry[] {
    const matches = compileFilter(filter, knownApis);
    return this.live().map((h) => h.entry).filter(matches);
  }

  count(filter: JournalFilter = {}, knownApis?: readonly string[]): number {
    const matches = compileFilter(filter, knownApis);
    let n = 0;
    for (const h of this.live()) if (matches(h.entry)) n++;
    return n;
  }

  stats(): JournalStats {
    return { cap: { ...this.limits }, dropped: this.droppedCount, total: this.held.length - this.first };
  }

  /** Forgets the entries of one namespace (and one API), or all of them. */
  clear(namespace?: string, api?: string): void {
    const forget = (e: JournalEntry) => (namespace === undefined || e.namespace === namespace) && (api === undefined || e.api === api);
    this.held = this.live().filter((h) => !forget(h.entry));
    this.first = 0;
    this.heldBytes = this.held.reduce((sum, h) => sum + h.bytes, 0);
  }

  /** Nothing to release here; a shared journal (Redis) closes its connection. */
  async close(): Promise<void> {}

  private live(): Held[] {
    return this.first ? this.held.slice(this.first) : this.held;
  }

  private evict(): void {
    const { held } = this;
    let first = this.first;
    while (first < held.length && (held.length - first > this.limits.entries || this.heldBytes > this.limits.bytes)) {
      this.heldBytes -= held[first].bytes;
      held[first] = undefined as never; // its body can be collected now
      first++;
    }
    this.droppedCount += first - this.first;
    this.first = first;
    // A full journal drops one entry per request: cutting the array each time would copy all of it.
    if (first > 1024 && first * 2 > held.length) {
      this.held = held.slice(first);
      this.first = 0;
    }
  }
}

/**
 * The parsed body when there is one, else the raw text (a body that did not parse), redacted and
 * then bounded: a cut can never leave part of a secret in clear, and whether a body was over the
 * limit is judged on what was sent, not on its (shorter) redacted text.
 */
function bodyOf(parsed: unknown, raw: Buffer | undefined, limit: number, json?: () => string): { body: unknown; bytes: number } {
  if (parsed === undefined && raw?.length) {
    const text = redactText(raw.subarray(0, limit + 1).toString('utf8'));
    return raw.length > limit ? overLimit(limit, raw.length, text) : { body: text, bytes: text.length };
  }
  const safe = redactValue(parsed);
  // The text made for sending is the body's own: usable only when redaction changed nothing.
  const bounded = boundBody(safe, limit, safe === parsed ? json : undefined);
  const mark = (bounded.body as TruncatedBody | undefined)?.[TRUNCATED_KEY];
  if (mark?.bytes && safe !== parsed) mark.bytes = Buffer.byteLength(JSON.stringify(parsed)); // the size sent, not the redacted size
  return bounded;
}
