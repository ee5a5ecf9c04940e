import type { ApiModule } from '../core/api-module.js';
import { cutmakeApi } from './cutmake/index.js';
import { sellercloudApi } from './sellercloud/index.js';
import { fabricApi } from './fabric/index.js';
import { recercApi } from './recerc/index.js';
import { jtlApi } from './jtl/index.js';

/** Every API ordermock serves. Adding one: a spec, a seed file, a module, and one line here. */
export const apiModules: ApiModule[] = [cutmakeApi, sellercloudApi, fabricApi, recercApi, jtlApi];
