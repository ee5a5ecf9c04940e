import { describeField } from '../errors/catalogue.js';
import type { Exchange } from './exchange.js';
import { toFieldIssues } from './validate-request.js';

type DeclaredResponse = { content?: Record<string, unknown>; headers?: Record<string, { required?: boolean }> };

/**
 * Stage (runs on errors too): checks the mock's own answer against the contract for that exact
 * status. Violations are recorded on the exchange; strict mode turns them into a 500.
 */
export function validateResponse(ex: Exchange): void {
  // A dropped connection or raw text (an export, a fault's malformed body) has no JSON to check.
  if (!ex.api || !ex.operation || !ex.response || ex.drop || ex.response.raw !== undefined) return;
  const { status, body } = ex.response;
  const responses = (ex.operation.responses ?? {}) as Record<string, DeclaredResponse>;
  const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
  const operationId = ex.operation.operationId;
  if (!declared) {
    ex.violations.push({ location: 'response.status', message: `status ${status} is not declared by ${operationId}` });
    return;
  }
  checkHeaders(ex, declared, status);
  if (!declared.content?.['application/json']) {
    if (body !== undefined) ex.violations.push({ location: 'response.body', message: `${operationId} declares no JSON body for status ${status}` });
    return;
  }
  if (body === undefined) {
    ex.violations.push({ location: 'response.body', message: `${operationId} declares a JSON body for status ${status}, none was sent` });
    return;
  }
  const result = ex.api.backend.validator.validateResponse(body, ex.operation, status);
  // Reuse the request-side naming: a path under `/requestBody` is reported as `body.…`, renamed to `response.body.…`.
  const errors = (result.errors ?? []).map((e) => ({ ...e, instancePath: `/requestBody${e.instancePath}` }));
  for (const issue of toFieldIssues(errors)) {
    ex.violations.push({ location: describeField(issue).replace(/^body/, 'response.body'), message: issue.message });
  }
}

/** Declared response headers: the required ones must be sent, and what is sent must fit its schema. */
function checkHeaders(ex: Exchange, declared: DeclaredResponse, status: number): void {
  const declaredHeaders = Object.entries(declared.headers ?? {});
  if (!declaredHeaders.length) return;
  const sent = Object.fromEntries(Object.entries(ex.response!.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, header] of declaredHeaders) {
    if (header.required && sent[name.toLowerCase()] === undefined) ex.violations.push({ location: `response.header.${name}`, message: 'is required' });
  }
  const result = ex.api!.backend.validator.validateResponseHeaders(sent, ex.operation!, { statusCode: status });
  for (const err of result.errors ?? []) {
    ex.violations.push({ location: `response.header.${err.instancePath.replace(/^\/headers\//, '')}`, message: err.message ?? err.keyword });
  }
}
