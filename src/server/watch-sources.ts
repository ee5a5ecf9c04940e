import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { watch } from 'chokidar';
import type { OrdermockLogger as Logger } from './logger.js';
import type { ApiModule } from '../core/api-module.js';
import { buildBackend, type LoadedApi } from '../core/contract/build-backend.js';
import { loadSpec } from '../core/contract/load-spec.js';
import { loadSeeds } from '../core/store/load-seeds.js';
import type { SeedData, Store } from '../core/store/store.js';
import { mergeSeeds } from './merge-seeds.js';
import { locateSpecError } from './locate-spec-error.js';
import type { SpecSources } from './spec-sources.js';

export interface SourceWatcher {
  /** Resolves once the files are watched (edits before that may be missed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  specsDir: string;
  seedDir: string;
  modules: ApiModule[];
  /** The app's live map of APIs: a contract that reloads replaces its entry. */
  apis: Map<string, LoadedApi>;
  /**
   * The seeds the store copies from (an API's entry is replaced, so a later reset sees the new
   * ones; a Redis store sends the new entry to Redis, for every instance, by the flush after it).
   */
  seeds: SeedData;
  store: Store;
  specSources: SpecSources;
  logger?: Logger;
}

const SETTLE_MS = 80; // editors write in several steps; act once the file is quiet

/** `--watch`: reloads contracts and seed files on change, keeping the stored state. */
export function watchSources(options: WatchOptions): SourceWatcher {
  const { logger } = options;
  const watcher = watch([options.specsDir, options.seedDir], { ignoreInitial: true, depth: 2 });
  const timers = new Map<string, NodeJS.Timeout>();
  let queue = Promise.resolve();
  const onChange = (path: string) => {
    clearTimeout(timers.get(path));
    timers.set(
      path,
      setTimeout(() => {
        timers.delete(path);
        queue = queue.then(() => reload(path, options)).catch((err) => logger?.error({ path }, `reload of ${path} failed: ${(err as Error).message}`));
      }, SETTLE_MS),
    );
  };
  watcher.on('add', onChange).on('change', onChange);
  const ready = new Promise<void>((done) => watcher.once('ready', () => done())).then(() => {
    logger?.info({ specsDir: options.specsDir, seedDir: options.seedDir }, `watching ${options.specsDir} and ${options.seedDir} for changes`);
  });
  return {
    ready,
    close: async () => {
      for (const timer of timers.values()) clearTimeout(timer);
      await watcher.close();
      await queue;
    },
  };
}

async function reload(path: string, options: WatchOptions): Promise<void> {
  const file = basename(path);
  const seedOf = options.modules.find((m) => path.startsWith(options.seedDir) && file === `${m.name}.json`);
  if (seedOf) return reloadSeeds(seedOf.name, options);
  if (!path.startsWith(options.specsDir)) return;
  const own = options.modules.find((m) => file === `${m.name}.yaml`);
  // Another file in the specs folder may be referenced by any contract: reload them all.
  for (const module of own ? [own] : options.modules) await reloadSpec(module, options, Boolean(own));
}

async function reloadSpec(module: ApiModule, options: WatchOptions, skipUnchanged: boolean): Promise<void> {
  const file = options.specSources.fileOf(module.name);
  let text = '';
  try {
    text = await readFile(file, 'utf8');
    if (skipUnchanged && (await options.specSources.get(module.name)).text === text) return;
    const loaded = await buildBackend(module, await loadSpec(file));
    options.apis.set(module.name, loaded);
    options.specSources.remember(module.name, text);
    options.logger?.info({ api: module.name, file }, `contract of ${module.name} reloaded from ${file}`);
  } catch (err) {
    const where = locateSpecError(text, err as Error);
    options.logger?.error(
      { api: module.name, file, pointer: where.pointer },
      `contract ${file} no longer loads${where.pointer ? ` (at ${where.pointer})` : ''}: ${where.message}; still serving the last good one`,
    );
  }
}

async function reloadSeeds(api: string, options: WatchOptions): Promise<void> {
  let fresh: SeedData;
  try {
    fresh = await loadSeeds(options.seedDir, [api]);
  } catch (err) {
    options.logger?.error({ api }, `${(err as Error).message}; keeping the last good seeds of ${api}`);
    return;
  }
  const counts = mergeSeeds(options.store, api, options.seeds[api] ?? {}, fresh[api]);
  options.seeds[api] = fresh[api];
  await options.store.flush();
  options.logger?.info(
    { api, ...counts },
    `seeds of ${api} reloaded: ${counts.changed} changed, ${counts.added} added, ${counts.removed} removed, ${counts.kept} kept as clients left them`,
  );
}
