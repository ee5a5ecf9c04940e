import { OrdermockError } from '../errors/catalogue.js';
import { DEFAULT_NAMESPACE } from '../store/store.js';
import type { Exchange } from './exchange.js';

import { NAMESPACE_HEADER } from '../header-names.js';

export { NAMESPACE_HEADER };
const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Stage: a header picks a private copy of the state, so parallel CI jobs never meet. */
export function selectNamespace(ex: Exchange): void {
  const raw = ex.incoming.headers[NAMESPACE_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') {
    ex.namespace = DEFAULT_NAMESPACE;
    return;
  }
  if (!NAMESPACE_PATTERN.test(value)) {
    throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [`${NAMESPACE_HEADER} must match ${NAMESPACE_PATTERN}`], {
      issues: [{ in: 'header', path: [NAMESPACE_HEADER], message: `must match pattern ${NAMESPACE_PATTERN}`, rule: 'pattern' }],
    });
  }
  ex.namespace = value;
}
