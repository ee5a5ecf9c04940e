import type { ApiModule } from '../../core/api-module.js';
import { authenticateRecerc } from './authenticate.js';
import { renderRecercError } from './render-error.js';
import { getOrder, updateOrder } from './update-order.js';

/** Recerc (B2B quotes/orders): `PATCH /api/unstable/orders/{id}` applies an order mutation as a new revision. */
export const recercApi: ApiModule = {
  name: 'recerc',
  title: 'Recerc orders API (unstable)',
  authenticate: authenticateRecerc,
  handlers: { getOrder, updateOrder },
  renderError: renderRecercError,
};
