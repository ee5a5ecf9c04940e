import type { ApiResponse } from '../../core/api-module.js';
import type { FieldIssue, OrdermockError } from '../../core/errors/catalogue.js';
import { ACTIONS } from './state-machine.js';

/** One entry of FastAPI's `HTTPValidationError.detail`. */
export interface FastApiValidationError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/**
 * Every ordermock error in FastAPI's shape: `{"detail": "..."}` for HTTP errors, and
 * `{"detail": [{loc, msg, type}]}` with status 422 for anything about the request's content.
 */
export function renderCutmakeError(err: OrdermockError): ApiResponse {
  switch (err.code) {
    case 'ORDERMOCK_ERR_REQUEST_VALIDATION':
      return { status: 422, body: { detail: dedupeByLoc(err.issues.map(toValidationError)) } };
    case 'ORDERMOCK_ERR_BUSINESS_RULE':
      return { status: 422, body: { detail: err.issues.map((issue, i) => toValueError(issue, err.meta.inputs, i)) } };
    case 'ORDERMOCK_ERR_MALFORMED_BODY':
    case 'ORDERMOCK_ERR_BODY_TOO_DEEP':
      // FastAPI answers 422 json_invalid with the error's character position (Starlette's 400 is never sent).
      return {
        status: 422,
        body: { detail: [{ type: 'json_invalid', loc: ['body', jsonErrorPosition(err.message)], msg: 'JSON decode error', input: {}, ctx: { error: err.message } }] },
      };
    case 'ORDERMOCK_ERR_UNAUTHORIZED':
      return { status: 401, body: { detail: err.message }, headers: { 'www-authenticate': 'Bearer' } };
    case 'ORDERMOCK_ERR_ROUTE_NOT_FOUND':
      return { status: 404, body: { detail: 'Not Found' } };
    case 'ORDERMOCK_ERR_METHOD_NOT_ALLOWED':
      return { status: 405, body: { detail: 'Method Not Allowed' } };
    default:
      return { status: err.status, body: { detail: err.message } };
  }
}

function locOf(issue: FieldIssue): (string | number)[] {
  return [issue.in, ...issue.path];
}

/** The last named segment of a field path, e.g. `orderQuantity` for lineItems[0].orderQuantity. */
function fieldName(issue: FieldIssue): string | number | undefined {
  return issue.path[issue.path.length - 1];
}

const ACTION_CHOICES = `${ACTIONS.slice(0, -1).map((a) => `'${a}'`).join(', ')} or '${ACTIONS[ACTIONS.length - 1]}'`;

// Pydantic v2 error type and message for a wrong JSON type, by the field's declared type.
const TYPE_ERRORS: Record<string, [string, string]> = {
  orderQuantity: ['int_type', 'Input should be a valid integer'],
  estimatedCost: ['float_type', 'Input should be a valid number'],
  budgetAllowableTolerance: ['float_type', 'Input should be a valid number'],
  clientTolerance: ['float_type', 'Input should be a valid number'],
  lineItems: ['list_type', 'Input should be a valid list'],
  etd: ['datetime_type', 'Input should be a valid datetime'],
  requestedDeliveryDate: ['datetime_type', 'Input should be a valid datetime'],
  requestedBulkReadyDate: ['datetime_type', 'Input should be a valid datetime'],
};

/** An engine field issue (Ajv keyword) as the Pydantic v2 error FastAPI would report. */
export function toValidationError(issue: FieldIssue): FastApiValidationError {
  const loc = locOf(issue);
  const name = fieldName(issue);
  const enumError = (): FastApiValidationError => ({ type: 'enum', loc, msg: `Input should be ${ACTION_CHOICES}`, ctx: { expected: ACTION_CHOICES } });
  switch (issue.rule) {
    case 'required':
      return { type: 'missing', loc, msg: 'Field required' };
    case 'enum':
      return name === 'action' ? enumError() : { type: 'enum', loc, msg: `Input ${issue.message.replace(/^must/, 'should')}` };
    case 'format':
      return { type: 'datetime_from_date_parsing', loc, msg: 'Input should be a valid datetime or date' };
    case 'minimum': // the request schemas' only minimum is a line's orderQuantity >= 1
      return { type: 'greater_than_equal', loc, msg: 'Input should be greater than or equal to 1', ctx: { ge: 1 } };
    case 'pattern':
      return { type: 'string_pattern_mismatch', loc, msg: `String ${issue.message.replace(/^must/, 'should').replace(/"/g, "'")}` };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { type: 'extra_forbidden', loc, msg: 'Extra inputs are not permitted' };
    case 'finite': // Pydantic's wording with allow_inf_nan=False
      return { type: 'finite_number', loc, msg: 'Input should be a finite number' };
    case 'truncated':
      return { type: 'too_many_errors', loc, msg: `The request body ${issue.message}` };
    case 'type': {
      if (name === 'action') return enumError();
      if (name === undefined || typeof name === 'number') {
        return { type: 'model_attributes_type', loc, msg: 'Input should be a valid dictionary or object to extract fields from' };
      }
      const [type, msg] = TYPE_ERRORS[name] ?? ['string_type', 'Input should be a valid string'];
      return { type, loc, msg };
    }
    default:
      return { type: 'value_error', loc, msg: `Value error, ${issue.message}` };
  }
}

/** A business-rule issue raised by the handler (unknown reference): Pydantic's value_error. */
function toValueError(issue: FieldIssue, inputs: unknown, index: number): FastApiValidationError {
  const out: FastApiValidationError = { type: 'value_error', loc: locOf(issue), msg: `Value error, ${issue.message}` };
  // The issue that counts the ones left out (see boundError) stands for no one input.
  if (issue.rule !== 'truncated' && Array.isArray(inputs) && index < inputs.length) out.input = inputs[index];
  return out;
}

/** Ajv may report a field twice (type and enum); FastAPI reports each location once. */
function dedupeByLoc(errors: FastApiValidationError[]): FastApiValidationError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = JSON.stringify(e.loc);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Character offset of a JSON parse error (FastAPI's `loc[1]`); 0 when the parser gave none. */
function jsonErrorPosition(message: string): number {
  const match = /position (\d+)/.exec(message);
  return match ? Number(match[1]) : 0;
}
