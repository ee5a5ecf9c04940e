import type { ErrorObject, ValidateFunction } from 'ajv';
import { ValidationContext } from 'openapi-backend';
import type { LoadedApi } from '../core/contract/build-backend.js';
import { createAjv } from '../core/contract/create-ajv.js';
import { OrdermockError } from '../core/errors/catalogue.js';
import { toFieldIssues } from '../core/pipeline/validate-request.js';

/** The schema of a stored order in each contract: what a fixture order must be. */
const ORDER_SCHEMAS: Record<string, string> = { cutmake: 'SalesOrder', recerc: 'Order', fabric: 'StoredOrder', jtl: 'SalesOrder', sellercloud: 'Order' };
const ORDER_COLLECTION = 'orders';
const compiled = new WeakMap<LoadedApi, ValidateFunction | null>();

function validatorOf(api: LoadedApi): ValidateFunction | null {
  let validate = compiled.get(api);
  if (validate === undefined) {
    const schema = (api.document.components?.schemas as Record<string, object> | undefined)?.[ORDER_SCHEMAS[api.name]];
    // Response context: read-only fields (ids, totals) belong in a stored order.
    validate = schema ? createAjv({}, ValidationContext.Response).compile(schema) : null;
    compiled.set(api, validate);
  }
  return validate;
}

/** Errors of the documents of a collection `orders` (others are stored as given), located under `body.<where...>`. */
export function orderErrors(api: LoadedApi, collection: string, doc: unknown, where: (string | number)[]): ErrorObject[] {
  if (collection !== ORDER_COLLECTION) return [];
  const validate = validatorOf(api);
  if (!validate || validate(doc)) return [];
  const prefix = ['/requestBody', ...where.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
  return (validate.errors ?? []).map((e) => ({ ...e, instancePath: `${prefix}${e.instancePath}` }));
}

/** Refuses the whole request, naming every field of every invalid order. */
export function throwIfInvalid(errors: ErrorObject[]): void {
  if (!errors.length) return;
  const issues = toFieldIssues(errors).slice(0, 100);
  throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [`${issues.length} problem(s) with the orders given, first: ${issues[0]?.path.join('.')} ${issues[0]?.message}`], { issues });
}
