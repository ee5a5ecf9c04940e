/** The journal's public data, in a module without dependencies (these types are published). */

/** A contract violation found in a response the mock produced: data, not a log line. */
export interface Violation {
  location: string;
  message: string;
  /** The JSON Schema keyword or contract rule that failed (`type`, `required`, `status`...). */
  rule?: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

export type FaultEffect = 'delay' | 'status' | 'malformed' | 'drop';

/** How a fault rule changed one request. */
export interface FaultMark {
  ruleId: string;
  effects: FaultEffect[];
  delayMs?: number;
}

/** What the mock remembers of one request, for tests to assert on. Secrets are redacted. */
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
  /** `status` 0: a fault dropped the connection. */
  response: { status: number; body: unknown };
  errorCode: string | null;
  violations: Violation[];
  /** The fault rule that changed this request, or null. */
  fault: FaultMark | null;
  /** The `Prefer` header that chose the answer (the handler did not run), or null. */
  prefer: string | null;
}

export interface JournalLimits {
  /** Most entries kept (`--journal-size`, default 1000). */
  entries: number;
  /** Most bytes of bodies and headers kept in all (default 32 MiB). */
  bytes: number;
  /** A body over this many bytes of JSON is kept as a truncation marker (default 64 KiB). */
  bodyBytes: number;
}

/** What every journal answer says about the cap. */
export interface JournalStats {
  cap: JournalLimits;
  /** Entries dropped (oldest first) to stay within the cap, since the start. */
  dropped: number;
  /** Entries held now. */
  total: number;
}
