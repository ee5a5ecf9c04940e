import { apiModules } from '../../apis/index.js';
import type { LoadedApi } from '../../core/contract/build-backend.js';
import { loadApis, selectModules } from '../../core/load-apis.js';
import { defaultSpecsDir } from '../../paths.js';

/** The contracts as the server loads them (same backend, same compiled validators). */
export async function loadContracts(names?: string[], specsDir = defaultSpecsDir): Promise<LoadedApi[]> {
  return loadApis(selectModules(apiModules, names), specsDir);
}

export const apiNames = apiModules.map((m) => m.name);
