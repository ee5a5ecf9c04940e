import type { ApiModule } from '../core/api-module.js';

/** Every API ordermock serves. Adding one: a spec, a seed file, a module, and one line here. */
export const apiModules: ApiModule[] = [];
