import type { ApiModule } from '../../core/api-module.js';
import { authenticateJtl } from './authenticate.js';
import { createToken } from './create-token.js';
import { renderJtlError } from './render-error.js';
import { getSalesOrder, updateSalesOrder } from './sales-orders.js';

/** JTL Cloud ERP: update and read sales orders per tenant; OAuth client-credentials tokens. */
export const jtlApi: ApiModule = {
  name: 'jtl',
  title: 'JTL Cloud ERP sales orders',
  authenticate: authenticateJtl,
  handlers: { updateSalesOrder, getSalesOrder, createToken },
  renderError: renderJtlError,
};
