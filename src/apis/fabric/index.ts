import type { ApiModule } from '../../core/api-module.js';
import { authenticate } from './authenticate.js';
import { getOrder, updateOrder } from './handlers.js';
import { renderError } from './render-error.js';

/** fabric OMS v2: `PUT /order/{orderNumber}` (full replacement) and the companion `GET /order/`. */
export const fabricApi: ApiModule = {
  name: 'fabric',
  title: 'fabric Orders (OMS v2)',
  authenticate,
  handlers: { updateOrder, getOrder },
  renderError,
};
