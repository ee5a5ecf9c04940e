import type { Operation } from 'openapi-backend';
import { describeField } from '../errors/catalogue.js';
import type { LoadedApi } from '../contract/build-backend.js';
import type { Exchange, Violation } from './exchange.js';
import { toFieldIssues } from './validate-request.js';

type DeclaredResponse = { content?: Record<string, unknown>; headers?: Record<string, { required?: boolean }> };

/** A response as the contract sees it: status, header names in any case, the parsed JSON body (undefined when none). */
export interface ResponseToCheck {
  status: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}

/**
 * Stage (runs on errors too): checks the mock's own answer against the contract for that exact
 * status. Violations are recorded on the exchange; strict mode turns them into a 500.
 */
export function validateResponse(ex: Exchange): void {
  // A dropped connection or raw text (an export, a fault's malformed body) has no JSON to check.
  if (!ex.api || !ex.response || ex.drop || ex.response.raw !== undefined) return;
  ex.violations.push(...checkResponse(ex.api, ex.operation, ex.response));
}

/**
 * The one implementation of "this response conforms" (the pipeline, the proxy, verify and lint
 * all call it). With no operation (an unrouted 404/405 under the API's prefix) the body is checked
 * against the API's catch-all error response, see `catchAllOperation`.
 */
export function checkResponse(api: LoadedApi, operation: Operation | undefined, response: ResponseToCheck): Violation[] {
  if (!operation) return checkUnrouted(api, response);
  const { status } = response;
  const responses = (operation.responses ?? {}) as Record<string, DeclaredResponse>;
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
  if (!key) return [{ location: 'response.status', message: `status ${status} is not declared by ${operation.operationId}`, rule: 'status', value: status }];
  return [...checkHeaders(api, operation, responses[key], response), ...checkBody(api, operation, key, responses[key], response)];
}

function checkBody(api: LoadedApi, operation: Operation, key: string, declared: DeclaredResponse, response: ResponseToCheck): Violation[] {
  const { status, body } = response;
  const operationId = operation.operationId;
  if (!declared.content?.['application/json']) {
    return body === undefined ? [] : [{ location: 'response.body', message: `${operationId} declares no JSON body for status ${status}`, rule: 'content' }];
  }
  if (body === undefined) return [{ location: 'response.body', message: `${operationId} declares a JSON body for status ${status}, none was sent`, rule: 'content' }];
  const validate = api.backend.validator.getStatusBasedResponseValidatorForOperation(operationId as string)?.[key];
  if (!validate || validate(body)) return [];
  // Reuse the request-side naming: a path under `/requestBody` is reported as `body.…`, renamed to `response.body.…`.
  const errors = (validate.errors ?? []).map((e) => ({ ...e, instancePath: `/requestBody${e.instancePath}` }));
  return toFieldIssues(errors).map((issue) => ({
    location: describeField(issue).replace(/^body/, 'response.body'),
    message: issue.message,
    rule: issue.rule,
    ...(issue.value === undefined ? {} : { value: issue.value }),
  }));
}

/** Declared response headers: the required ones must be sent, and what is sent must fit its schema. */
function checkHeaders(api: LoadedApi, operation: Operation, declared: DeclaredResponse, response: ResponseToCheck): Violation[] {
  const declaredHeaders = Object.entries(declared.headers ?? {});
  if (!declaredHeaders.length) return [];
  const violations: Violation[] = [];
  const sent = Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, header] of declaredHeaders) {
    if (header.required && sent[name.toLowerCase()] === undefined) violations.push({ location: `response.header.${name}`, message: 'is required', rule: 'required' });
  }
  const result = api.backend.validator.validateResponseHeaders(sent, operation, { statusCode: response.status });
  for (const err of result.errors ?? []) {
    violations.push({ location: `response.header.${err.instancePath.replace(/^\/headers\//, '')}`, message: err.message ?? err.keyword, rule: err.keyword, ...(err.data === undefined ? {} : { value: err.data }) });
  }
  return violations;
}

/**
 * No operation answered, so no operation's 404 applies (recerc's `404` allows only
 * `order_not_found`, jtl's token endpoint answers in OAuth's shape): the API renders these in its
 * own native shape, which is its catch-all `default` error response. Headers are not checked:
 * no operation declares any for a request it never received.
 */
function checkUnrouted(api: LoadedApi, response: ResponseToCheck): Violation[] {
  const operation = catchAllOperation(api);
  if (!operation) return [];
  const declared = (operation.responses as Record<string, DeclaredResponse>).default;
  return checkBody(api, operation, 'default', declared, response).map((v) => ({ ...v, message: `${v.message} (unrouted: checked against ${api.name}'s default error response)` }));
}

const catchAll = new WeakMap<LoadedApi, Operation | null>();

/** The operation whose `default` response the most operations share: the API's own error shape. */
export function catchAllOperation(api: LoadedApi): Operation | undefined {
  let found = catchAll.get(api);
  if (found === undefined) {
    const counts = new Map<string, { operation: Operation; n: number }>();
    for (const operation of api.operations.values()) {
      const declared = (operation.responses as Record<string, unknown> | undefined)?.default;
      if (!declared) continue;
      const key = JSON.stringify(declared);
      const seen = counts.get(key) ?? { operation, n: 0 };
      counts.set(key, { ...seen, n: seen.n + 1 });
    }
    found = [...counts.values()].sort((a, b) => b.n - a.n)[0]?.operation ?? null;
    catchAll.set(api, found);
  }
  return found ?? undefined;
}
