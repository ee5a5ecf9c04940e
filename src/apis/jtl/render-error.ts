import type { ApiResponse } from '../../core/api-module.js';
import type { FieldIssue, OrdermockError } from '../../core/errors/catalogue.js';

/** JTL's `errorCode` for each HTTP status ordermock sends (the status may be overridden per error). */
const ERROR_CODES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
};

// Headers arrive lower-cased; name them as the contract spells them.
const HEADER_NAMES: Record<string, string> = { 'x-sessionid': 'X-SessionId' };

const VALIDATION_MESSAGE = 'One or more validation errors occurred.';

/** Every ordermock error in the shape of the operation: OAuth's on the token endpoint, JTL's elsewhere. */
export function renderJtlError(err: OrdermockError, where: { operationId?: string }): ApiResponse {
  return where.operationId === 'createToken' ? renderOAuthError(err) : renderJtlShape(err);
}

/** `{errorCode, validationErrors, errors, errorMessage, stacktrace}`: all five keys, always. */
function renderJtlShape(err: OrdermockError): ApiResponse {
  const errorCode = ERROR_CODES[err.status] ?? (err.status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR');
  let validationErrors: Record<string, string> = {};
  let errorMessage = err.message;
  switch (err.code) {
    case 'ORDERMOCK_ERR_REQUEST_VALIDATION':
      validationErrors = byField(err.issues);
      errorMessage = VALIDATION_MESSAGE;
      break;
    case 'ORDERMOCK_ERR_MALFORMED_BODY':
    case 'ORDERMOCK_ERR_BODY_TOO_DEEP':
      // ASP.NET names the body root `$` when System.Text.Json cannot parse it.
      validationErrors = { $: err.message };
      errorMessage = VALIDATION_MESSAGE;
      break;
    case 'ORDERMOCK_ERR_BUSINESS_RULE':
      validationErrors = byField(err.issues);
      break;
    case 'ORDERMOCK_ERR_ROUTE_NOT_FOUND':
      errorMessage = 'The requested resource does not exist.';
      break;
    case 'ORDERMOCK_ERR_RESPONSE_VALIDATION':
    case 'ORDERMOCK_ERR_STORE_WRITE':
    case 'ORDERMOCK_ERR_INTERNAL':
      errorMessage = `An unexpected error occurred. ${err.message}`;
      break;
    default:
      break;
  }
  return {
    status: err.status,
    body: { errorCode, validationErrors, errors: {}, errorMessage, stacktrace: null },
  };
}

/** A field as JTL names it: `lineItems[0].quantity`, `billingAddress.countryIso`, a header name, `$` for the body. */
export function fieldKey(issue: Pick<FieldIssue, 'in' | 'path'>): string {
  if (issue.in === 'header' && issue.path.length === 1) return HEADER_NAMES[String(issue.path[0])] ?? String(issue.path[0]);
  let out = '';
  for (const seg of issue.path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '$';
}

function byField(issues: FieldIssue[]): Record<string, string> {
  // Null prototype: a refused key named `__proto__` must become a key here, not a prototype.
  const out: Record<string, string> = Object.create(null);
  for (const issue of issues) {
    const key = fieldKey(issue);
    const message = describeIssue(issue);
    out[key] = out[key] ? `${out[key]}; ${message}` : message;
  }
  return out;
}

/** "quantity must be > 0": the field's own name, then what is wrong with it. */
function describeIssue(issue: FieldIssue): string {
  if (issue.rule === 'reference') return issue.message; // handler messages are whole sentences
  const named = issue.in === 'header' ? fieldKey(issue) : [...issue.path].reverse().find((seg) => typeof seg === 'string');
  if (issue.path.length === 0) return `The request body ${issue.message.replace(/^is required.*/, 'is required')}`.trim();
  return `${named ?? fieldKey(issue)} ${issue.message}`;
}

type OAuthCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope' | 'server_error';

/** RFC 6749 §5.2: `{error, error_description}`. */
function renderOAuthError(err: OrdermockError): ApiResponse {
  let error: OAuthCode = 'invalid_request';
  if (typeof err.meta.oauthError === 'string') error = err.meta.oauthError as OAuthCode;
  else if (err.code === 'ORDERMOCK_ERR_UNAUTHORIZED') error = 'invalid_client';
  else if (err.status >= 500) error = 'server_error';
  else if (err.code === 'ORDERMOCK_ERR_REQUEST_VALIDATION') error = oauthCodeOf(err.issues);
  const description =
    typeof err.meta.description === 'string'
      ? err.meta.description
      : err.code === 'ORDERMOCK_ERR_REQUEST_VALIDATION'
        ? err.issues.map((i) => `${fieldKey(i)} ${i.message}`).join('; ')
        : err.message;
  const headers: Record<string, string> = error === 'invalid_client' ? { 'www-authenticate': 'Basic realm="auth.jtl-cloud.com"' } : {};
  return { status: err.status, body: { error, error_description: description }, headers: { 'cache-control': 'no-store', ...headers } };
}

/** A present but wrong `grant_type` is unsupported_grant_type, a bad `scope` invalid_scope; anything else invalid_request. */
function oauthCodeOf(issues: FieldIssue[]): OAuthCode {
  const on = (field: string) => issues.filter((i) => i.path[0] === field);
  if (on('grant_type').some((i) => i.rule !== 'required' && i.rule !== 'type')) return 'unsupported_grant_type';
  if (issues.length > 0 && issues.every((i) => i.path[0] === 'scope')) return 'invalid_scope';
  return 'invalid_request';
}
