import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiModules, loadSeeds, LowdbStore, systemClock, type ApiData, type Collection, type Store } from '../../../src/index.js';
import { loadApis } from '../../../src/core/load-apis.js';
import { createPipeline, type Pipeline } from '../../../src/core/pipeline/pipeline.js';
import type { Exchange, IncomingRequest } from '../../../src/core/pipeline/exchange.js';
import type { LoadedApi } from '../../../src/core/contract/build-backend.js';
import { defaultSeedDir, defaultSpecsDir } from '../../../src/paths.js';

// Per-client bookkeeping that every authenticated request updates, refused or not (jtl's rate limit).
const BOOKKEEPING = new Set(['rateLimits']);

/** The request pipeline without HTTP, over a real store whose writes are counted. */
export interface InProcessMock {
  pipeline: Pipeline;
  store: LowdbStore;
  apis: LoadedApi[];
  /** Document writes (put/delete) so far, bookkeeping collections excepted. */
  writes(): number;
  /** CPU time (user + system, ms) of one request, and its finished exchange. */
  send(incoming: IncomingRequest): Promise<{ exchange: Exchange; cpuMs: number }>;
  close(): Promise<void>;
}

export async function startInProcess(apiNames: string[]): Promise<InProcessMock> {
  const modules = apiModules.filter((m) => apiNames.includes(m.name));
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-attacks-'));
  const [apis, seeds] = await Promise.all([loadApis(modules, defaultSpecsDir), loadSeeds(defaultSeedDir, apiNames)]);
  const store = await LowdbStore.open({ file: join(dir, 'db.json'), seeds });
  let writes = 0;
  const counted = <T>(collection: Collection<T>): Collection<T> =>
    new Proxy(collection, {
      get(target, prop) {
        if (prop === 'put' || prop === 'delete') {
          return (...args: unknown[]) => {
            writes++;
            return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const countedData = (data: ApiData): ApiData => ({
    collection: <T>(name: string) => (BOOKKEEPING.has(name) ? data.collection<T>(name) : counted(data.collection<T>(name))),
  });
  const spy: Store = {
    data: (namespace, api) => countedData(store.data(namespace, api)),
    begin: () => {
      const tx = store.begin();
      return { data: (namespace, api) => countedData(tx.data(namespace, api)), commit: () => tx.commit() };
    },
    reset: (namespace, api) => store.reset(namespace, api),
    namespaces: () => store.namespaces(),
    deleteNamespace: (namespace) => store.deleteNamespace(namespace),
    flush: () => store.flush(),
    compact: () => store.compact(),
    close: () => store.close(),
  };
  const pipeline = createPipeline({ apis: new Map(apis.map((a) => [a.name, a])), store: spy, clock: systemClock });
  return {
    pipeline,
    store,
    apis,
    writes: () => writes,
    send: async (incoming) => {
      const before = process.cpuUsage();
      const exchange = await pipeline(incoming);
      const used = process.cpuUsage(before);
      return { exchange, cpuMs: (used.user + used.system) / 1000 };
    },
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
