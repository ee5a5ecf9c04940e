import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { apiModules } from '../apis/index.js';
import type { ApiModule } from '../core/api-module.js';
import type { Clock } from '../core/clock.js';
import { Journal } from '../core/journal/journal.js';
import { loadApis, selectModules } from '../core/load-apis.js';
import type { LoadedApi } from '../core/contract/build-backend.js';
import { loadSeeds } from '../core/store/load-seeds.js';
import type { LowdbStore } from '../core/store/lowdb-store.js';
import { openStore } from '../core/store/open-store.js';
import { defaultSeedDir, defaultSpecsDir } from '../paths.js';
import { createApp } from './create-app.js';

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
}

export interface RunningOrdermock {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  app: Express;
  server: Server;
  store: LowdbStore;
  journal: Journal;
  apis: LoadedApi[];
  /** Where a client points its base URL for one API, e.g. `http://127.0.0.1:4010/cutmake`. */
  baseUrl(api: string): string;
  /** Stops accepting requests, flushes every pending write, compacts the data file. */
  close(): Promise<void>;
}

/** Loads contracts and data, builds the app and listens: the typed entry point for test suites. */
export async function startOrdermock(options: OrdermockOptions = {}): Promise<RunningOrdermock> {
  const modules = selectModules(options.modules ?? apiModules, options.apis);
  const specsDir = options.specsDir ?? defaultSpecsDir;
  const seedDir = options.seedDir ?? defaultSeedDir;
  const [apis, seeds] = await Promise.all([
    loadApis(modules, specsDir),
    loadSeeds(seedDir, modules.map((m) => m.name)),
  ]);
  const store = await openStore({ file: options.dataFile ?? 'data/db.json', seeds });
  const journal = new Journal(options.journalCapacity);
  const app = createApp({ apis, store, journal, clock: options.clock, logger: options.logger, bodyLimit: options.bodyLimit, strictResponses: options.strictResponses });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((done, fail) => {
    const s = app.listen(options.port ?? 4010, host, () => done(s));
    s.once('error', fail);
  });
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
    apis,
    baseUrl: (api) => `${url}/${api}`,
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
