import type { ApiResponse } from '../../core/api-module.js';
import type { FieldIssue, OrdermockError } from '../../core/errors/catalogue.js';

/** ASP.NET Web API's error body (the spec's `AspNetError`): no other keys. */
interface AspNetError {
  Message: string;
  MessageDetail?: string;
  ModelState?: Record<string, string[]>;
}

const INVALID = 'The request is invalid.';
// The token action binds its body as `request`; every other body is the update's `order`.
const TOKEN_FIELDS = new Set(['Username', 'Password']);

/** Every ordermock error as ASP.NET Web API would answer it; branches on `code` only. */
export function renderError(err: OrdermockError): ApiResponse {
  switch (err.code) {
    case 'ORDERMOCK_ERR_REQUEST_VALIDATION':
      return respond(err.status, badRequest(err.issues));
    case 'ORDERMOCK_ERR_MALFORMED_BODY':
    case 'ORDERMOCK_ERR_BODY_TOO_DEEP':
      return respond(err.status, { Message: INVALID, MessageDetail: err.message });
    case 'ORDERMOCK_ERR_UNAUTHORIZED':
    case 'ORDERMOCK_ERR_FORBIDDEN':
    case 'ORDERMOCK_ERR_RESOURCE_NOT_FOUND':
    case 'ORDERMOCK_ERR_CONFLICT':
    case 'ORDERMOCK_ERR_PRECONDITION_FAILED':
    case 'ORDERMOCK_ERR_BUSINESS_RULE':
      // The module wrote these messages itself, already in Sellercloud's words.
      return respond(err.status, { Message: err.message });
    case 'ORDERMOCK_ERR_ROUTE_NOT_FOUND':
      return respond(err.status, { Message: 'No HTTP resource was found that matches the request URI.', MessageDetail: err.message });
    case 'ORDERMOCK_ERR_METHOD_NOT_ALLOWED':
      return respond(err.status, { Message: 'The requested resource does not support this http method.', MessageDetail: err.message });
    case 'ORDERMOCK_ERR_UNSUPPORTED_MEDIA_TYPE':
      return respond(err.status, { Message: "The request entity's media type is not supported for this resource.", MessageDetail: err.message });
    case 'ORDERMOCK_ERR_PAYLOAD_TOO_LARGE':
      return respond(err.status, { Message: 'The request entity is too large.', MessageDetail: err.message });
    default:
      return respond(err.status, { Message: 'An error has occurred.', MessageDetail: err.message });
  }
}

function respond(status: number, body: AspNetError): ApiResponse {
  return { status, body };
}

/** Field problems go to `ModelState` keyed by model path; parameter and whole-body problems to `MessageDetail`. */
function badRequest(issues: FieldIssue[]): AspNetError {
  const modelState: Record<string, string[]> = Object.create(null); // keys come from the client
  const details: string[] = [];
  for (const issue of issues) {
    if (issue.in === 'body' && issue.path.length > 0) {
      const messages = (modelState[modelKey(issue.path)] ??= []);
      const message = fieldMessage(issue);
      // One broken value can fail two keywords (type and format) that read the same in ASP.NET's words.
      if (!messages.includes(message)) messages.push(message);
    } else {
      details.push(otherMessage(issue));
    }
  }
  const body: AspNetError = { Message: INVALID };
  if (details.length) body.MessageDetail = [...new Set(details)].join(' ');
  if (Object.keys(modelState).length) body.ModelState = modelState;
  return body;
}

/** `order.ShippingAddress.State`, `request.Password`: the ASP.NET action parameter, then the JSON path. */
function modelKey(path: (string | number)[]): string {
  const root = TOKEN_FIELDS.has(String(path[0])) ? 'request' : 'order';
  return root + jsonPath(path, '.');
}

function jsonPath(path: (string | number)[], lead = ''): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? lead : '.'}${seg}`)).join('');
}

function fieldMessage(issue: FieldIssue): string {
  const field = String([...issue.path].reverse().find((s) => typeof s === 'string') ?? '');
  switch (issue.rule) {
    case 'reference':
      return issue.message;
    case 'required':
      return field === 'State' ? 'The State field is required when Country is US or CA.' : `The ${field} field is required.`;
    case 'minLength':
      // Only the required strings have a minimum length, and ASP.NET's [Required] rejects "".
      return `The ${field} field is required.`;
    case 'pattern':
      return PATTERN_MESSAGES[field] ?? `The field ${field} is invalid.`;
    case 'finite':
      return `The value of ${field} must be a finite number. Path '${jsonPath(issue.path)}'.`;
    case 'additionalProperties': // only a reserved key (`__proto__`...): Json.NET would ignore it, ordermock refuses it
      return `The property ${field} is not allowed: reserved property name.`;
    case 'type':
      // A null State under US/CA fails the conditional's `type: string`: say why, not "cannot convert".
      if (field === 'State') return STATE_MESSAGE;
      // Json.NET turns numbers into strings, so a required string fails its type only when null: ASP.NET's [Required].
      if (REQUIRED_STRINGS.has(field)) return `The ${field} field is required.`;
      return conversionMessage(issue.path, field);
    default:
      return conversionMessage(issue.path, field);
  }
}

/** Json.NET's wording when a value does not fit the model's type (ordermock cannot quote the value). */
function conversionMessage(path: (string | number)[], field: string): string {
  return `Error converting value to type '${clrType(field)}'. Path '${jsonPath(path)}'.`;
}

const STATE_MESSAGE = 'The State field must be a two-letter state/province code; it is required when Country is US or CA.';

const REQUIRED_STRINGS = new Set(['FirstName', 'LastName', 'ZipCode', 'City', 'Country', 'AddressLine1', 'Username', 'Password']);

const PATTERN_MESSAGES: Record<string, string> = {
  Country: 'The field Country must be a two-letter upper-case country code.',
  State: 'The field State must be a two-letter upper-case code when Country is US or CA.',
};

/** The .NET type Json.NET would have failed to convert to, as its messages name it. */
function clrType(field: string): string {
  if (field === 'OrderSource' || field === 'OrderSubType' || field === 'CurrencyCode') return field;
  if (field === 'CompanyId' || field === 'CustomerId' || field === 'SalesRep1') return 'System.Nullable`1[System.Int32]';
  if (field === 'DisableInventoryCount') return 'System.Nullable`1[System.Boolean]';
  if (field === 'ShippingAddress' || field === 'BillingAddress') return 'Address';
  return 'System.String';
}

function otherMessage(issue: FieldIssue): string {
  if (issue.in === 'path') {
    const name = String(issue.path[0] ?? 'id');
    return `The parameters dictionary contains a null entry for parameter '${name}' of non-nullable type 'System.Int32'.`;
  }
  if (issue.rule === 'truncated') return `The request body ${issue.message}.`;
  if (issue.in === 'body') return issue.rule === 'required' ? 'The request body is required.' : 'The request body must be a JSON object.';
  const where = issue.path.length ? `The ${issue.in} '${issue.path.join('.')}'` : `The ${issue.in}`;
  return `${where} ${issue.message}.`;
}
