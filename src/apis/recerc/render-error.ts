import type { ApiResponse } from '../../core/api-module.js';
import type { FieldIssue, OrdermockError } from '../../core/errors/catalogue.js';

interface ErrorDetail {
  path: string;
  message: string;
}

/** `/items/0/price` for body fields (RFC 6901), `header:if-match` / `path:id` for the rest. */
export function detailPath(issue: Pick<FieldIssue, 'in' | 'path'>): string {
  if (issue.in !== 'body') return `${issue.in}:${issue.path.join('.')}`;
  return issue.path.map((seg) => `/${String(seg).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function body(code: string, message: string, issues: FieldIssue[] = []): { error: Record<string, unknown> } {
  const details: ErrorDetail[] = issues.map((issue) => ({ path: detailPath(issue), message: issue.message }));
  return { error: details.length ? { code, message, details } : { code, message } };
}

/**
 * Every ordermock error as recerc's `{"error": {code, message, details?}}` (ErrorResponse).
 * 400/401/403/404/409/422 carry the codes their status schemas allow; the rest go via `default`.
 */
export function renderRecercError(err: OrdermockError): ApiResponse {
  switch (err.code) {
    case 'ORDERMOCK_ERR_REQUEST_VALIDATION': {
      const onlyBody = err.issues.every((i) => i.in === 'body');
      return { status: 400, body: body('validation_error', onlyBody ? 'The request body is invalid.' : 'The request is invalid.', err.issues) };
    }
    case 'ORDERMOCK_ERR_MALFORMED_BODY':
    case 'ORDERMOCK_ERR_BODY_TOO_DEEP':
      return { status: 400, body: body('invalid_json', err.message) };
    case 'ORDERMOCK_ERR_UNAUTHORIZED':
      return { status: 401, body: body('missing_api_key', err.message), headers: { 'www-authenticate': 'Bearer realm="recerc"' } };
    case 'ORDERMOCK_ERR_FORBIDDEN':
      return { status: 403, body: body(err.meta.code === 'insufficient_scope' ? 'insufficient_scope' : 'invalid_api_key', err.message) };
    case 'ORDERMOCK_ERR_RESOURCE_NOT_FOUND':
      return { status: 404, body: body('order_not_found', err.message, err.issues) };
    case 'ORDERMOCK_ERR_ROUTE_NOT_FOUND':
      return { status: 404, body: body('route_not_found', err.message) };
    case 'ORDERMOCK_ERR_METHOD_NOT_ALLOWED':
      return { status: 405, body: body('method_not_allowed', err.message) };
    case 'ORDERMOCK_ERR_CONFLICT':
      return { status: 409, body: body('revision_conflict', err.message, err.issues) };
    case 'ORDERMOCK_ERR_PRECONDITION_FAILED':
      return { status: 412, body: body('precondition_failed', err.message, err.issues) };
    case 'ORDERMOCK_ERR_PAYLOAD_TOO_LARGE':
      return { status: 413, body: body('payload_too_large', err.message) };
    case 'ORDERMOCK_ERR_UNSUPPORTED_MEDIA_TYPE':
      return { status: 415, body: body('unsupported_media_type', err.message) };
    case 'ORDERMOCK_ERR_BUSINESS_RULE':
      // Only refuse() raises these, and it always names one of the contract's 422 codes.
      if (typeof err.meta.code === 'string') return { status: 422, body: body(err.meta.code, err.message, err.issues) };
      return { status: 500, body: body('internal_error', `Internal error: unclassified business rule: ${err.message}`) };
    case 'ORDERMOCK_ERR_NAMESPACE_LIMIT':
      return { status: err.status, body: body('namespace_limit', err.message) };
    default:
      return { status: 500, body: body('internal_error', err.message) };
  }
}
