import type { Redis } from 'ioredis';
import { isOrdermockError, ordermockError } from '../../errors/catalogue.js';
import { NamespaceStates } from '../namespace-state.js';
import { NamespaceStore } from '../namespace-store.js';
import { RawJson, type Snapshot } from '../snapshot.js';
import { StoreUnit, type PendingChange } from '../store-unit.js';
import { type SeedData, type Store, type StoreTransaction } from '../store.js';
import { connectRedis, keyPrefix, safeUrl } from './redis-connection.js';
import { CATCH_UP, COMMIT, DUMP, SEED } from './redis-scripts.js';
import { changeArgs, markReads, parseRecord, recordText, resetMark } from './read-marks.js';

export interface RedisStoreOptions {
  /** redis://[:password@]host:port/db[?prefix=ordermock:] */
  url: string;
  /**
   * The seeds this process starts with, stored in Redis at open (the last instance started wins).
   * Shared with the caller as with the file store: replacing an API's entry (as `--watch` does)
   * sends the new seeds to Redis (on the next flush, request or control-plane write), and seeds
   * another instance sent replace the entry here when this replica catches up with them.
   */
  seeds: SeedData;
  maxNamespaces?: number;
  /** Committed records the change stream keeps for instances catching up (default 10,000; older → full reload). */
  streamLength?: number;
  /** How often one request is re-run when other instances keep changing what it read (default 100). */
  maxAttempts?: number;
  commandTimeoutMs?: number;
}

type Outcome = ['ok', number] | ['conflict'] | ['limit'];
type Commands = Redis & {
  omCommit(...args: (string | number)[]): Promise<Outcome>;
  omCatchUp(prefix: string, have: number, count: number): Promise<[number, [string, string[]][]?]>;
  omDump(prefix: string): Promise<[number, string[], string[], ...(string | string[])[]]>;
  omSeed(...args: (string | number)[]): Promise<number>;
};

/**
 * State shared by several ordermock processes through one Redis. Each process keeps a replica
 * (the same in-memory state as the file store) that handlers read synchronously; a request first
 * catches the replica up from the change stream, then commits with one Lua script that checks
 * the revision of everything it read, applies its changes and appends them to the stream, or
 * refuses so that the request runs again on fresh state. A 2xx means the change is in Redis.
 */
export class RedisStore extends NamespaceStore implements Store {
  protected state: NamespaceStates;
  private seq = 0;
  /** After a failed command the replica may miss or hold a change: the next catch-up reloads it. */
  private stale = false;
  private readonly pending = new Set<Promise<void>>();
  /** Per namespace and API: one request at a time in this process runs its handler (conflicts come only from other processes). */
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly prefix: string;
  /** The seeds the replica reads: changed only by a seed change applied in sequence, like Redis' own. */
  private readonly seeds: SeedData;
  /** Per API, the JSON of `seeds` (to tell a seed change that changes nothing). */
  private readonly seedTexts = new Map<string, string>();
  /** Per API, the caller's entry (`options.seeds`) as last sent or received: another one is a local change to send. */
  private readonly knownSeeds: SeedData;
  /** Seed changes sent and applied to the replica, whose place in the sequence is not known yet. */
  private seedsInFlight = 0;
  readonly report = { created: false, replayed: 0, tornLines: 0 };

  private constructor(
    private readonly redis: Commands,
    private readonly options: RedisStoreOptions,
  ) {
    super();
    this.prefix = keyPrefix(options.url);
    this.seeds = { ...options.seeds };
    this.knownSeeds = { ...options.seeds };
    for (const [api, collections] of Object.entries(options.seeds)) this.seedTexts.set(api, JSON.stringify(collections));
    this.state = this.emptyState();
  }

  /** Connects (a one-line StoreOpenError naming the URL if Redis does not answer), stores the seeds, loads the state. */
  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const redis = (await connectRedis(options.url, { commandTimeoutMs: options.commandTimeoutMs })) as Commands;
    redis.defineCommand('omCommit', { numberOfKeys: 0, lua: COMMIT });
    redis.defineCommand('omCatchUp', { numberOfKeys: 0, lua: CATCH_UP });
    redis.defineCommand('omDump', { numberOfKeys: 0, lua: DUMP });
    redis.defineCommand('omSeed', { numberOfKeys: 0, lua: SEED });
    const store = new RedisStore(redis, options);
    try {
      store.report.created = (await redis.exists(`${store.prefix}seq`)) === 0;
      await store.storeSeeds();
      await store.reload();
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    return store;
  }

  begin(): StoreTransaction {
    return this.unit(new Set());
  }

  async transact<T>(namespace: string, api: string, work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const lane = JSON.stringify([namespace, api]);
    const attempts = this.options.maxAttempts ?? 100;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let result: T;
      let committed: Promise<void>;
      // The lane is held only until the commit is sent: the next request's catch-up follows it on
      // the same connection, so it sees this commit, and Redis fsyncs their writes together.
      const release = await this.enterLane(lane);
      try {
        this.sendChangedSeeds();
        await this.guard(this.catchUp());
        const tx = this.begin();
        result = await work(tx);
        committed = tx.commit();
      } finally {
        release();
      }
      try {
        await committed;
        return result;
      } catch (err) {
        if (!(isOrdermockError(err) && err.code === 'ORDERMOCK_ERR_STORE_CONFLICT')) throw err;
      }
      // A random pause breaks the lockstep of instances that keep beating each other.
      await new Promise((done) => setTimeout(done, Math.random() * Math.min(attempt, 10)));
    }
    throw ordermockError('ORDERMOCK_ERR_STORE_CONFLICT', attempts);
  }

  /** Waits for the lane of one namespace and API; resolves with the function that frees it. */
  private async enterLane(lane: string): Promise<() => void> {
    const before = this.lanes.get(lane) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((done) => (release = done));
    this.lanes.set(lane, mine);
    await before;
    return () => {
      if (this.lanes.get(lane) === mine) this.lanes.delete(lane);
      release();
    };
  }

  /** A transaction whose commit is refused (STORE_CONFLICT) if what it read changed since it began. */
  private unit(marks: Set<string>): StoreTransaction {
    const readSeq = this.seq;
    const unit = new StoreUnit({
      read: (namespace, api, name) => this.state.read(namespace, api, name),
      commit: async (changes) => {
        if (changes.length && !(await this.send(changes, readSeq, [...marks]))) throw ordermockError('ORDERMOCK_ERR_STORE_CONFLICT', 1);
      },
    });
    return markReads(unit, marks);
  }

  /** Also sends seeds replaced in `options.seeds` since (see RedisStoreOptions.seeds): resolves once Redis has them. */
  async flush(): Promise<void> {
    this.sendChangedSeeds();
    await Promise.all([...this.pending]);
  }

  /** Redis keeps its own files (RDB/AOF): nothing to fold. */
  async compact(): Promise<void> {}

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.redis.disconnect();
    }
  }

  /** Brings the replica up to the last committed change: one round trip, or a full reload when the stream no longer reaches back. */
  async catchUp(): Promise<void> {
    if (this.stale) return this.reload();
    const have = this.seq;
    const [seq, records = []] = await this.redis.omCatchUp(this.prefix, have, 1000);
    if (seq < this.seq) return this.reload(); // Redis lost changes this replica has seen (flushed, restored)
    for (const [id, fields] of records) {
      const s = Number(id.split('-')[0]);
      if (s <= this.seq) continue; // applied meanwhile by our own commit
      if (s !== this.seq + 1) return this.reload(); // trimmed from the stream
      if (fields[0] === 'seed') this.applySeeds(fields[1], fields[3], s);
      else this.applyRecord(parseRecord(fields[1]), s);
    }
    if (this.seq < seq) return records.length ? this.catchUp() : this.reload(); // another batch, or a stream cut short
  }

  /** A change made outside a request (control plane, reset): applied here at once, sent unconditionally. */
  protected record(changes: PendingChange[]): void {
    this.sendChangedSeeds(); // a namespace's first write after a seed change copies the new seeds
    this.state.applyAll(changes);
    this.track(this.send(changes, -1, []).then(() => undefined));
  }

  /** Until it settles, `flush()` waits for `sent`. */
  private track(sent: Promise<void>): void {
    this.pending.add(sent);
    void sent.catch(() => undefined).finally(() => this.pending.delete(sent));
  }

  /**
   * Sends the seeds of each API whose entry in `options.seeds` was replaced since it was last sent
   * or received, as one change in the stream (see SEED) that every other instance applies when it
   * catches up. Like a control-plane write it applies to this replica at once (what this process
   * does next reads and copies the new seeds, as Redis will); a change Redis applied before it
   * that reaches the replica after it may have copied the old ones, so it makes the replica reload.
   * A seed change that fails is sent again next time (the replica reloads the seeds Redis has).
   */
  private sendChangedSeeds(): void {
    for (const [api, collections] of Object.entries(this.options.seeds)) {
      if (collections === this.knownSeeds[api]) continue;
      const before = this.knownSeeds[api];
      this.knownSeeds[api] = collections;
      const text = JSON.stringify(collections);
      this.seeds[api] = collections;
      this.seedTexts.set(api, text);
      this.seedsInFlight++;
      const args = [this.prefix, api, text, this.options.streamLength ?? 10_000, resetMark(null, api), ...seedFields(collections)];
      this.track(
        (async () => {
          let seq: number;
          try {
            seq = await this.guard(this.redis.omSeed(...args));
          } catch (err) {
            if (this.knownSeeds[api] === collections) this.knownSeeds[api] = before;
            throw err;
          } finally {
            this.seedsInFlight--;
          }
          if (seq === this.seq + 1) this.applySeeds(api, text, seq); // again: a reload meanwhile may have read the old ones
          else await this.guard(this.catchUp());
        })(),
      );
    }
  }

  /** A seed change in sequence: the replica reads the new seeds from now on. */
  private applySeeds(api: string, text: string, seq: number): void {
    if (this.seedsInFlight > 0) this.stale = true;
    this.adoptSeeds(api, text);
    this.seq = seq;
  }

  /** Seeds Redis holds: the replica reads them, and so does the caller unless it replaced them since (a change still to send). */
  private adoptSeeds(api: string, text: string): void {
    if (this.seedTexts.get(api) === text) return;
    const collections = JSON.parse(text) as SeedData[string];
    this.seeds[api] = collections;
    this.seedTexts.set(api, text);
    // Only for the APIs this process serves.
    if (Object.hasOwn(this.knownSeeds, api) && this.options.seeds[api] === this.knownSeeds[api] && this.seedsInFlight === 0) {
      this.options.seeds[api] = this.knownSeeds[api] = collections;
    }
  }

  /** Runs the commit script; true once applied (and in the replica), false on a conflict. */
  private async send(changes: PendingChange[], readSeq: number, marks: string[]): Promise<boolean> {
    const args = [this.prefix, readSeq, this.options.maxNamespaces ?? 1000, marks.length, ...marks, recordText(changes), this.options.streamLength ?? 10_000, ...changes.flatMap(changeArgs)];
    const outcome = await this.guard(this.redis.omCommit(...args));
    if (outcome[0] === 'conflict') return false;
    if (outcome[0] === 'limit') throw ordermockError('ORDERMOCK_ERR_NAMESPACE_LIMIT', this.options.maxNamespaces ?? 1000);
    // In order: apply it now; behind: the catch-up below brings it with the others' changes.
    if (outcome[1] === this.seq + 1) this.applyRecord(readSeq < 0 ? [] : changes, outcome[1]);
    else await this.guard(this.catchUp());
    return true;
  }

  private applyRecord(changes: PendingChange[], seq: number): void {
    if (this.seedsInFlight > 0 && changes.length) this.stale = true; // see sendChangedSeeds
    for (const { op, docText } of changes) this.state.apply(op, docText, false);
    this.seq = seq;
  }

  /** Redis errors become the catalogue's STORE_UNAVAILABLE, and the replica is reloaded before its next use. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      if (isOrdermockError(err)) throw err;
      this.stale = true;
      throw ordermockError('ORDERMOCK_ERR_STORE_UNAVAILABLE', safeUrl(this.options.url), (err as Error).message.split('\n')[0]);
    }
  }

  private async reload(): Promise<void> {
    const [seq, names, seeds, ...apis] = await this.guard(this.redis.omDump(this.prefix));
    for (let i = 0; i < seeds.length; i += 2) this.adoptSeeds(seeds[i], seeds[i + 1]);
    const snapshot: Snapshot = { ordermock: 1, seq, namespaces: Object.fromEntries(names.map((n) => [n, {}])) };
    for (let i = 0; i < apis.length; i += 3) {
      const [ns, api, flat] = apis.slice(i, i + 3) as [string, string, string[]];
      snapshot.namespaces[ns][api] = toCollections(flat);
    }
    const state = this.emptyState();
    state.load(snapshot);
    this.state = state;
    this.seq = seq;
    this.stale = false;
  }

  /** The seeds, in the shape the commit script copies into a namespace on its first write. */
  private async storeSeeds(): Promise<void> {
    const multi = this.redis.multi();
    for (const [api, collections] of Object.entries(this.options.seeds)) {
      const key = `${this.prefix}seed:${api}`;
      const fields = seedFields(collections);
      multi.del(key);
      if (fields.length) multi.hset(key, ...fields);
      multi.hset(`${this.prefix}seeds`, api, this.seedTexts.get(api)!);
    }
    await multi.exec();
  }

  private emptyState(): NamespaceStates {
    return new NamespaceStates(this.seeds, this.options.maxNamespaces ?? 1000);
  }
}

/** One API's seeds as `P seed:<api>` holds them: `[field, "<pos> <json>", ...]`, positions before any written document's. */
function seedFields(collections: SeedData[string]): string[] {
  const docs = Object.entries(collections).flatMap(([c, byId]) => Object.entries(byId).map(([id, doc]) => [JSON.stringify([c, id]), JSON.stringify(doc)]));
  return docs.flatMap(([field, text], i) => [field, `${i - docs.length} ${text}`]);
}

/** `[field, "<pos> <json>", ...]` → collections of documents in their insertion order. */
function toCollections(flat: string[]): Record<string, Record<string, RawJson>> {
  const rows: { c: string; id: string; pos: number; text: string }[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const [c, id] = JSON.parse(flat[i]) as [string, string];
    const space = flat[i + 1].indexOf(' ');
    rows.push({ c, id, pos: Number(flat[i + 1].slice(0, space)), text: flat[i + 1].slice(space + 1) });
  }
  rows.sort((a, b) => a.pos - b.pos);
  const out: Record<string, Record<string, RawJson>> = {};
  for (const { c, id, text } of rows) (out[c] ??= {})[id] = new RawJson(text);
  return out;
}

