/**
 * A fault rule: plain data, the same over HTTP (`POST /__ordermock/faults`) and in code
 * (`mock.faults.add(rule)`). Every matcher given must hold; at least one effect is needed.
 */
export interface FaultRule {
  api: string;
  operationId?: string;
  /** Equals a path or query parameter, or a top-level body field named `id`, `*Id`, `*ID` or `*Number`. */
  orderId?: string;
  namespace?: string;
  /** Request headers that must be present with exactly these values (names case-insensitive). */
  header?: Record<string, string>;
  /** Fire on the next N matching requests, then stop. */
  times?: number;
  /** Fire on this share of matching requests (0-1). */
  probability?: number;
  /** Makes `probability` and a `delayMs` range repeatable: same seed, same requests. */
  seed?: number;
  /** Wait this long (or a time drawn from [min, max]) before answering. */
  delayMs?: number | [number, number];
  /** Answer this status with the operation's documented example body for it. */
  status?: number;
  /** Send a truncated JSON body (with `status`, else 200). */
  malformed?: boolean;
  /** Close the connection without an answer. */
  drop?: boolean;
}

/** A rule as listed: what it is, and what it did so far. */
export interface FaultRuleState extends FaultRule {
  id: string;
  /** Requests the rule changed. */
  fired: number;
  /** Requests the matchers accepted (fired or not, e.g. by probability). */
  matched: number;
}
