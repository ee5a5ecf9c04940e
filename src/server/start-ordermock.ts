import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ADMIN_PREFIX, loadControlPlane } from '../admin/control-plane.js';
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
import type { Store } from '../core/store/store.js';
import { defaultSeedDir, defaultSpecsDir } from '../paths.js';
import { createApp } from './create-app.js';
import type { OrdermockLogger } from './logger.js';

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

/** Loads contracts and data, builds the app and listens: the typed entry point for test suites. */
export async function startOrdermock(options: OrdermockOptions = {}): Promise<RunningOrdermock> {
  const modules = selectModules(options.modules ?? apiModules, options.apis);
  const [apis, seeds] = await Promise.all([
    loadApis(modules, options.specsDir ?? defaultSpecsDir),
    loadSeeds(options.seedDir ?? defaultSeedDir, modules.map((m) => m.name)),
  ]);
  const dataFile = options.dataFile ?? ':memory:';
  const store = await openStore({ file: dataFile === ':memory:' ? dataFile : resolve(dataFile), seeds });
  const journal = new Journal({
    ...(options.journalCapacity !== undefined && { entries: options.journalCapacity }),
    ...(options.journalBytes !== undefined && { bytes: options.journalBytes }),
    ...(options.journalBodyBytes !== undefined && { bodyBytes: options.journalBodyBytes }),
  });
  const apiMap = new Map(apis.map((api) => [api.name, api]));
  const faults = new FaultRules(apiMap);
  const clock = controlledClock(options.clock ?? systemClock);
  const server = await (async () => {
    const controlPlane = await loadControlPlane({ apis: apiMap, store, journal, faults, clock, seeds });
    const app = createApp({ apis, store, journal, faults, controlPlane, clock, logger: options.logger, bodyLimit: options.bodyLimit, strictResponses: options.strictResponses });
    return new Promise<Server>((done, fail) => {
      const s = app.listen(options.port ?? 4010, options.host ?? '127.0.0.1', () => done(s));
      s.once('error', fail);
    });
  })().catch(async (err) => {
    await store.close();
    throw err;
  });
  const host = options.host ?? '127.0.0.1';
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const known = [...apiMap.keys()];
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    controlUrl: `${url}${ADMIN_PREFIX}`,
    apis: apis.map((api) => ({ name: api.name, title: api.module.title, operations: api.operations.size })),
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
    baseUrl: (api) => `${url}/${api}`,
    reset: async (scope = {}) => {
      if (scope.api !== undefined && !apiMap.has(scope.api)) throw new RangeError(`Unknown API ${scope.api}; known: ${known.join(', ')}`);
      store.reset(scope.namespace, scope.api);
      journal.clear(scope.namespace, scope.api);
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
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        await store.close();
      })()),
  };
}
