import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { apiModules } from '../apis/index.js';
import type { ApiModule } from '../core/api-module.js';
import type { Clock } from '../core/clock.js';
import { Journal } from '../core/journal/journal.js';
import { loadApis, selectModules } from '../core/load-apis.js';
import type { LoadedApi } from '../core/contract/build-backend.js';
import { loadSeeds } from '../core/store/load-seeds.js';
import { LowdbStore } from '../core/store/lowdb-store.js';
import { defaultSeedDir, defaultSpecsDir } from '../paths.js';
import type { AccessGuardOptions } from '../admin/access-guard.js';
import type { CorsOptions } from '../core/pipeline/cors.js';
import { createApp } from './create-app.js';
import { listen } from './listen.js';
import { SpecSources } from './spec-sources.js';
import { watchSources, type SourceWatcher } from './watch-sources.js';

export interface OrdermockOptions {
  /** Port to listen on; 0 picks a free one (default 4010). */
  port?: number;
  host?: string;
  /** The lowdb data file (default `data/db.json` in the working directory). */
  dataFile?: string;
  specsDir?: string;
  seedDir?: string;
  /** Serve only these APIs (default: all). */
  apis?: string[];
  clock?: Clock;
  logger?: Logger;
  bodyLimit?: number;
  strictResponses?: boolean;
  /** How many requests the journal keeps (default 1000). */
  journalCapacity?: number;
  /** Extra or replacement API modules (tests, plugins). */
  modules?: ApiModule[];
  /** CORS on the API routes (default: on, any origin); `false` turns it off. */
  cors?: CorsOptions | boolean;
  /** Who may use the control plane: extra Host names, foreign origins, an admin token. */
  access?: AccessGuardOptions;
  /** Reload specs and seeds when their files change, keeping the stored state. */
  watch?: boolean;
}

export interface RunningOrdermock {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  app: Express;
  server: Server;
  store: LowdbStore;
  journal: Journal;
  /** The APIs served now (with `watch`, a reloaded contract replaces its entry). */
  apis: LoadedApi[];
  /** With `watch`: resolves once the files are watched. */
  watcher?: SourceWatcher;
  /** Where a client points its base URL for one API, e.g. `http://127.0.0.1:4010/cutmake`. */
  baseUrl(api: string): string;
  /** Stops accepting requests, flushes every pending write, compacts the data file. */
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
  const { server, attach } = await listen(options.port ?? 4010, host);
  let store: LowdbStore;
  try {
    store = await LowdbStore.open({ file: resolve(options.dataFile ?? 'data/db.json'), seeds });
  } catch (err) {
    await new Promise((done) => server.close(done));
    throw err;
  }
  const journal = new Journal(options.journalCapacity);
  const cors = typeof options.cors === 'boolean' ? { enabled: options.cors } : options.cors;
  const app = createApp({ apis, store, journal, clock: options.clock, logger: options.logger, bodyLimit: options.bodyLimit, strictResponses: options.strictResponses, cors, access: options.access, specSources });
  attach(app);
  const watcher = options.watch
    ? watchSources({ specsDir, seedDir, modules, apis: app.locals.apis, seeds, store, specSources, logger: options.logger })
    : undefined;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    app,
    server,
    store,
    journal,
    get apis() {
      return [...app.locals.apis.values()];
    },
    watcher,
    baseUrl: (api) => `${url}/${api}`,
    close: () =>
      (closing ??= (async () => {
        await watcher?.close();
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        await store.close();
      })()),
  };
}
