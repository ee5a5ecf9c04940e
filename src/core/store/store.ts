/** A document as stored: plain JSON data. */
export type Doc = Record<string, unknown>;

/** One named set of documents (orders, users, tokens...) of one API in one namespace. */
export interface Collection<T = Doc> {
  /** A private deep copy: mutate it freely, nothing changes until `put`. */
  get(id: string): T | undefined;
  has(id: string): boolean;
  /** Private copies of every document, in insertion order. */
  list(): T[];
  /** Stores `doc` (the store takes ownership: do not mutate it afterwards). */
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
 * The only state ordermock has. Keyed by namespace from the start so that parallel test
 * suites can each own a private copy (every namespace starts as a copy of the seeds).
 */
export interface Store {
  data(namespace: string, api: string): ApiData;
  /**
   * Restores the seeds: of one API in one namespace, of one namespace, of one API in every
   * namespace (`namespace` undefined, `api` given), or of everything (neither given).
   */
  reset(namespace?: string, api?: string): void;
  /** Namespaces that hold state of their own (the default one always listed). */
  namespaces(): string[];
  /** Forgets a namespace entirely (its next use starts again from the seeds); false if it had no state. */
  deleteNamespace(namespace: string): boolean;
  /** Resolves once every change made so far is durably on disk (group commit). */
  flush(): Promise<void>;
  /** Folds the change log into the data file. */
  compact(): Promise<void>;
  /** Flushes, compacts and releases the files. */
  close(): Promise<void>;
}

export const DEFAULT_NAMESPACE = 'default';
