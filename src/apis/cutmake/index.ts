import type { ApiModule } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { authenticateCutmake, login } from './auth.js';
import { renderCutmakeError } from './render-error.js';
import type { SalesOrder } from './types.js';
import { updateOrder } from './update-order.js';
import { withVersionHistory } from './version-history.js';

/** cutmake (VinMake) garment sales orders: a FastAPI service with a versioned state machine. */
export const cutmakeApi: ApiModule = {
  name: 'cutmake',
  title: 'cutmake Sales Orders API',
  authenticate: authenticateCutmake,
  handlers: {
    login,
    updateOrder,
    getOrder: (req, ctx) => {
      const order = ctx.data.collection<SalesOrder>('orders').get(req.params.document_id);
      if (!order) throw new OrdermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', ['Sales order not found']);
      return { status: 200, body: withVersionHistory(ctx.data, order) };
    },
  },
  renderError: renderCutmakeError,
};
