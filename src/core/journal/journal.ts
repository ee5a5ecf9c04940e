import type { Exchange, Violation } from '../pipeline/exchange.js';

/** What the mock remembers of one request, for tests to assert on. */
export interface JournalEntry {
  id: string;
  receivedAt: string;
  durationMs: number;
  namespace: string;
  api: string | null;
  operationId: string | null;
  method: string;
  path: string;
  request: { headers: Record<string, unknown>; query: Record<string, unknown>; body: unknown };
  response: { status: number; body: unknown };
  errorCode: string | null;
  violations: Violation[];
}

export interface JournalQuery {
  namespace?: string;
  api?: string;
  operationId?: string;
  method?: string;
  status?: number;
}

/** A bounded in-memory record of recent requests (oldest dropped first). */
export class Journal {
  private entries: JournalEntry[] = [];

  constructor(private readonly capacity = 1000) {}

  record(ex: Exchange, durationMs: number): JournalEntry {
    const entry: JournalEntry = {
      id: ex.id,
      receivedAt: ex.receivedAt.toISOString(),
      durationMs: Math.round(durationMs * 1000) / 1000,
      namespace: ex.namespace,
      api: ex.api?.name ?? null,
      operationId: ex.operation?.operationId ?? null,
      method: ex.incoming.method,
      path: ex.incoming.path,
      request: { headers: redact(ex.incoming.headers), query: ex.incoming.query, body: ex.request?.body },
      response: { status: ex.response!.status, body: ex.response!.body },
      errorCode: ex.error?.code ?? null,
      violations: ex.violations,
    };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  list(query: JournalQuery = {}): JournalEntry[] {
    return this.entries.filter(
      (e) =>
        (query.namespace === undefined || e.namespace === query.namespace) &&
        (query.api === undefined || e.api === query.api) &&
        (query.operationId === undefined || e.operationId === query.operationId) &&
        (query.method === undefined || e.method === query.method.toUpperCase()) &&
        (query.status === undefined || e.response.status === query.status),
    );
  }

  clear(namespace?: string): void {
    this.entries = namespace === undefined ? [] : this.entries.filter((e) => e.namespace !== namespace);
  }
}

// Journals end up in CI logs: never keep live credentials there.
function redact(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...headers };
  if (typeof out.authorization === 'string') out.authorization = out.authorization.replace(/^(\w+)\s+.*$/, '$1 [redacted]');
  return out;
}
