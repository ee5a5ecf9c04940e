import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ADMIN_PREFIX, loadControlPlane } from '../admin/control-plane.js';
import { LiveViews } from '../admin/live/live-views.js';
import { AdminSessions } from '../admin/admin-sessions.js';
import { apiModules } from '../apis/index.js';
import type { ApiModule } from '../core/api-module.js';
import { controlledClock, systemClock, type Clock, type ControlledClock } from '../core/clock.js';
import type { FaultRule, FaultRuleState } from '../core/faults/fault-rule.js';
import { FaultRules } from '../core/faults/fault-rules.js';
import { Journal } from '../core/journal/journal.js';
import type { JournalEntry, JournalStats } from '../core/journal/journal-entry.js';
import type { JournalFilter } from '../core/journal/journal-filter.js';
import { loadApis, selectModules } from '../core/load-apis.js';
import { loadSeeds } from '../core/store/load-seeds.js';
import type { OpenReport } from '../core/store/lowdb-store.js';
import { openStore } from '../core/store/open-store.js';
import { isRedisUrl } from '../core/store/redis/redis-url.js';
import { ordermockError } from '../core/errors/catalogue.js';
import type { Store } from '../core/store/store.js';
import { defaultSeedDir, defaultSpecsDir } from '../paths.js';
import type { AccessGuardOptions } from '../admin/access-options.js';
import type { CorsOptions } from '../core/pipeline/cors-options.js';
import { createApp, type OrdermockApp } from './create-app.js';
import type { OrdermockLogger } from './logger.js';
import { listen } from './listen.js';
import { SpecSources } from './spec-sources.js';

export interface OrdermockOptions {
  /** Port to listen on; 0 picks a free one (default 4010). */
  port?: number;
  host?: string;
  /** The data file; `:memory:` (the default) keeps state in memory and writes nothing outside a temp dir. */
  dataFile?: string;
  specsDir?: string;
  seedDir?: string;
  /** Serve only these APIs (default: all). */
  apis?: string[];
  /** The base of the process clock (default: the system clock); `mock.clock` moves it. */
  clock?: Clock;
  logger?: OrdermockLogger;
  bodyLimit?: number;
  strictResponses?: boolean;
  /** How many requests the journal keeps (default 1000). */
  journalCapacity?: number;
  /** How many bytes of bodies the journal keeps in all (default 32 MiB). */
  journalBytes?: number;
  /** A body larger than this (bytes of JSON) is journaled as a truncation marker (default 64 KiB). */
  journalBodyBytes?: number;
  /** Extra or replacement API modules (tests, plugins). */
  modules?: ApiModule[];
  /** CORS on the API routes (default: on, any origin); `false` turns it off. */
  cors?: CorsOptions | boolean;
  /** Who may use the control plane: extra Host names, foreign origins, an admin token. */
  access?: AccessGuardOptions;
  /** Reload specs and seeds when their files change, keeping the stored state. */
  watch?: boolean;
  /** `shared`: with a `redis://` dataFile, the journal holds every instance's requests (default `local`). */
  journal?: 'local' | 'shared';
}

/** What to reset: nothing given = everything (state of every namespace, journal, faults, clock). */
export interface ResetOptions {
  /** Only this namespace's state and journal. */
  namespace?: string;
  /** Only this API's state and journal (in `namespace`, or in every namespace). */
  api?: string;
}

/** The journal as code sees it (the same data as `GET /__ordermock/journal`). */
export interface JournalView {
  list(filter?: JournalFilter): JournalEntry[];
  count(filter?: JournalFilter): number;
  clear(namespace?: string, api?: string): void;
  stats(): JournalStats;
}

/** Fault rules in code (the same data as `/__ordermock/faults`). */
export interface FaultsView {
  add(rule: FaultRule): FaultRuleState;
  list(): FaultRuleState[];
  remove(id: string): boolean;
  clear(): void;
}

export interface ServedApi {
  name: string;
  title: string;
  /** Number of operations in its contract. */
  operations: number;
}

export interface RunningOrdermock {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  /** `url` + `/__ordermock`. */
  controlUrl: string;
  apis: ServedApi[];
  store: Store & { readonly report: OpenReport };
  journal: JournalView;
  faults: FaultsView;
  /** The clock every API uses: `set`, `advance`, `release`, `state`. */
  clock: ControlledClock;
  /** With `watch`: resolves once the files are watched. */
  watcher?: {
    /** Resolves once the files are watched (edits before that may be missed). */
    ready: Promise<void>;
    close(): Promise<void>;
  };
  /** Where a client points its base URL for one API, e.g. `http://127.0.0.1:4010/cutmake`. */
  baseUrl(api: string): string;
  /** Restores seeds and forgets journal entries (see ResetOptions); durable when it resolves. */
  reset(options?: ResetOptions): Promise<void>;
  /** Recorded requests matching the filter, oldest first (an invalid filter throws, naming it). */
  requests(filter?: JournalFilter): JournalEntry[];
  count(filter?: JournalFilter): number;
  namespaces(): string[];
  /** Stops accepting requests, flushes every pending write, releases the data file. */
  close(): Promise<void>;
}

/**
 * Loads contracts and seeds, binds the port (before touching the data file, so a busy port
 * leaves nothing behind), opens the store and serves: the typed entry point for test suites.
 * A bind failure rejects with ORDERMOCK_ERR_LISTEN naming the port or host.
 */
export async function startOrdermock(options: OrdermockOptions = {}): Promise<RunningOrdermock> {
  const modules = selectModules(options.modules ?? apiModules, options.apis);
  const specsDir = options.specsDir ?? defaultSpecsDir;
  const seedDir = options.seedDir ?? defaultSeedDir;
  const specSources = new SpecSources(specsDir);
  const [apis, seeds] = await Promise.all([
    loadApis(modules, specsDir),
    loadSeeds(seedDir, modules.map((m) => m.name)),
    ...modules.map(async (m) => specSources.remember(m.name, await readFile(specSources.fileOf(m.name), 'utf8'))),
  ]);
  const host = options.host ?? '127.0.0.1';
  // Bind before the data file is opened: a busy port leaves nothing behind.
  const { server, attach } = await listen(options.port ?? 4010, host);
  const dataFile = options.dataFile ?? ':memory:';
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ file: dataFile === ':memory:' || isRedisUrl(dataFile) ? dataFile : resolve(dataFile), seeds });
  } catch (err) {
    await new Promise((done) => server.close(done));
    throw err;
  }
  const journalLimits = {
    ...(options.journalCapacity !== undefined && { entries: options.journalCapacity }),
    ...(options.journalBytes !== undefined && { bytes: options.journalBytes }),
    ...(options.journalBodyBytes !== undefined && { bodyBytes: options.journalBodyBytes }),
  };
  let journal: Journal;
  try {
    journal = await openJournal(options.journal, dataFile, journalLimits);
  } catch (err) {
    await new Promise((done) => server.close(done));
    await store.close();
    throw err;
  }
  const apiMap = new Map(apis.map((api) => [api.name, api]));
  const faults = new FaultRules(apiMap);
  const clock = controlledClock(options.clock ?? systemClock);
  const cors = typeof options.cors === 'boolean' ? { enabled: options.cors } : options.cors;
  let app: OrdermockApp;
  const live = new LiveViews(store, seeds, apiMap.keys());
  // The dashboard logs in with the admin token (a page cannot send it with an EventSource).
  const adminToken = options.access?.adminToken;
  const sessions = adminToken === undefined ? undefined : new AdminSessions(adminToken, { path: ADMIN_PREFIX });
  try {
    const controlPlane = await loadControlPlane({ apis: apiMap, store, journal, faults, clock, seeds, live, sessions });
    app = createApp({ apis: apiMap, store, journal, faults, controlPlane, live, clock, logger: options.logger, bodyLimit: options.bodyLimit, strictResponses: options.strictResponses, cors, access: options.access, sessions, specSources });
  } catch (err) {
    await new Promise((done) => server.close(done));
    await store.close();
    throw err;
  }
  attach(app);
  // chokidar is loaded only with --watch.
  const watcher = options.watch
    ? (await import('./watch-sources.js')).watchSources({ specsDir, seedDir, modules, apis: app.locals.apis, seeds, store, specSources, logger: options.logger })
    : undefined;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const known = [...apiMap.keys()];
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    controlUrl: `${url}${ADMIN_PREFIX}`,
    get apis() {
      return [...app.locals.apis.values()].map((api) => ({ name: api.name, title: api.module.title, operations: api.operations.size }));
    },
    store,
    journal: {
      list: (filter) => journal.list(filter, known),
      count: (filter) => journal.count(filter, known),
      clear: (namespace, api) => journal.clear(namespace, api),
      stats: () => journal.stats(),
    },
    faults: {
      add: (rule) => faults.add(rule),
      list: () => faults.list(),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    clock,
    ...(watcher ? { watcher } : {}),
    baseUrl: (api) => `${url}/${api}`,
    reset: async (scope = {}) => {
      if (scope.api !== undefined && !apiMap.has(scope.api)) throw new RangeError(`Unknown API ${scope.api}; known: ${known.join(', ')}`);
      store.reset(scope.namespace, scope.api);
      journal.clear(scope.namespace, scope.api);
      live.history.controlPlaneChanged({ namespace: scope.namespace ?? null, api: scope.api ?? null });
      if (scope.namespace === undefined && scope.api === undefined) {
        faults.clear();
        clock.release();
      }
      await store.flush();
    },
    requests: (filter) => journal.list(filter, known),
    count: (filter) => journal.count(filter, known),
    namespaces: () => store.namespaces(),
    close: () =>
      (closing ??= (async () => {
        await watcher?.close();
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        await store.close();
        await journal.close();
      })()),
  };
}

/** The journal: this process's own, or (`shared`) every instance's through the Redis store. */
async function openJournal(kind: OrdermockOptions['journal'], dataFile: string, limits: ConstructorParameters<typeof Journal>[0]): Promise<Journal> {
  if (kind !== 'shared') return new Journal(limits);
  if (!isRedisUrl(dataFile)) throw ordermockError('ORDERMOCK_ERR_CONFIG', 'journal: shared needs a shared store (--store redis://host:port/db)');
  const { SharedJournal } = await import('../core/store/redis/shared-journal.js'); // ioredis only when used
  return SharedJournal.open(dataFile, limits as object);
}
