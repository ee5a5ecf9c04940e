/** A document as stored: plain JSON data. */
export type Doc = Record<string, unknown>;

/** One named set of documents (orders, users, tokens...) of one API in one namespace. */
export interface Collection<T = Doc> {
  /** A private deep copy: mutate it freely, nothing changes until `put`. */
  get(id: string): T | undefined;
  has(id: string): boolean;
  /** Private copies of every document, in insertion order. */
  list(): T[];
  /** Stores `doc` as it is at this call (serialized at once: later changes to the object are not stored). */
  put(id: string, doc: T): void;
  delete(id: string): boolean;
  readonly size: number;
}

/** The collections of one API in one namespace. */
export interface ApiData {
  collection<T = Doc>(name: string): Collection<T>;
}

/** Seed fixtures: api -> collection -> id -> document. */
export type SeedData = Record<string, Record<string, Record<string, Doc>>>;

/**
 * One request's changes (see `Store.begin`): private until `commit()`, which applies them all
 * and logs them as one record, so a crash or a failed write never leaves half a request.
 */
export interface StoreTransaction {
  /** Reads see this transaction's own writes over the committed state. */
  data(namespace: string, api: string): ApiData;
  /**
   * Applies every change at once and resolves when it and everything committed before it are
   * durable; rejects (with the changes undone in memory) if they could not be made durable, or
   * with ORDERMOCK_ERR_NAMESPACE_LIMIT (nothing applied) if it would create one namespace too many.
   */
  commit(): Promise<void>;
}

/**
 * The only state ordermock has. Keyed by namespace from the start so that parallel test
 * suites can each own a private copy (every namespace starts as a copy of the seeds).
 */
export interface Store {
  /**
   * Reads, and writes that each commit on their own (the control plane). A namespace without
   * state of its own reads the seeds; only a write gives it state (and counts against the limit).
   */
  data(namespace: string, api: string): ApiData;
  /** Starts a transaction: the pipeline runs each request's handler in one. */
  begin(): StoreTransaction;
  /**
   * Optional: runs one request's `work` in a transaction of `namespace`/`api` and commits it.
   * A store shared by several processes (Redis) first catches up with the others' changes and
   * re-runs `work` when one of them changed what it read meanwhile. Without it, the pipeline
   * runs `work` once in `begin()` and commits.
   */
  transact?<T>(namespace: string, api: string, work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Restores the seeds: of one API in one namespace, of one namespace, of one API in every
   * namespace (`namespace` undefined, `api` given), or of everything (neither given).
   */
  reset(namespace?: string, api?: string): void;
  /** Namespaces that hold state of their own (the default one always listed). */
  namespaces(): string[];
  /** Forgets a namespace entirely (its next use starts again from the seeds); false if it had no state. */
  deleteNamespace(namespace: string): boolean;
  /**
   * Resolves once every change made so far is durable (group commit); rejects if one of them
   * could not be written, after undoing it (and everything queued behind it) in memory.
   */
  flush(): Promise<void>;
  /** Folds the change log into the data file. */
  compact(): Promise<void>;
  /** Flushes, compacts and releases the files. */
  close(): Promise<void>;
}

export const DEFAULT_NAMESPACE = 'default';
