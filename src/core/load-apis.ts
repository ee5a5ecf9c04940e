import { join } from 'node:path';
import type { ApiModule } from './api-module.js';
import { buildBackend, type LoadedApi } from './contract/build-backend.js';
import { loadSpec } from './contract/load-spec.js';

/** Loads `<specsDir>/<name>.yaml` for each module and builds its backend, all in parallel. */
export async function loadApis(modules: ApiModule[], specsDir: string): Promise<LoadedApi[]> {
  return Promise.all(modules.map(async (module) => buildBackend(module, await loadSpec(join(specsDir, `${module.name}.yaml`)))));
}

/** The modules to serve: all of them, or the ones named (unknown names are an error). */
export function selectModules(all: ApiModule[], names?: string[]): ApiModule[] {
  if (!names?.length) return all;
  const unknown = names.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length) throw new Error(`Unknown API ${unknown.join(', ')}; known: ${all.map((m) => m.name).join(', ')}`);
  return all.filter((m) => names.includes(m.name));
}
