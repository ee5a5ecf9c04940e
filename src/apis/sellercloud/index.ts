import type { ApiModule } from '../../core/api-module.js';
import { authenticate } from './authenticate.js';
import { createToken } from './create-token.js';
import { getOrder, updateOrder } from './orders.js';
import { renderError } from './render-error.js';

/** Sellercloud's REST "Update Order" (`PUT /rest/api/Orders/{id}`) with its token and read companions. */
export const sellercloudApi: ApiModule = {
  name: 'sellercloud',
  title: 'Sellercloud: multichannel orders',
  authenticate,
  handlers: { updateOrder, getOrder, createToken },
  renderError,
};
