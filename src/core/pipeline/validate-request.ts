import type { ErrorObject } from 'ajv';
import { OrdermockError, describeField, type FieldIssue, type FieldLocation } from '../errors/catalogue.js';
import type { Exchange } from './exchange.js';

/** Stage: path, query, headers and body against the contract, via openapi-backend's Ajv validators. */
export function validateRequest(ex: Exchange): void {
  const request = ex.request!;
  const result = ex.api!.backend.validator.validateRequest(
    { method: request.method, path: request.path, headers: request.headers as never, query: request.query, body: request.body },
    ex.operation!,
  );
  if (result.valid) return;
  const issues = toFieldIssues(result.errors ?? []);
  throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [issues.map((i) => `${describeField(i)} ${i.message}`).join('; ')], {
    issues,
  });
}

const LOCATIONS: Record<string, FieldLocation> = {
  requestBody: 'body',
  path: 'path',
  query: 'query',
  header: 'header',
  cookie: 'cookie',
};

/** Turns Ajv errors into one issue per field, each naming the field and the rule it broke. */
export function toFieldIssues(errors: ErrorObject[]): FieldIssue[] {
  // Alternatives (anyOf/oneOf) fail with one error per branch at the same place: fold them into one.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchRules = new Map<ErrorObject, string[]>();
  const kept: ErrorObject[] = [];
  for (const err of errors) {
    if (err.keyword === 'if') continue; // always accompanied by the `then`/`else` error that explains it
    const parent = alternatives.find(
      (alt) => alt !== err && alt.instancePath === err.instancePath && err.schemaPath.startsWith(`${alt.schemaPath}/`),
    );
    if (parent) branchRules.set(parent, [...(branchRules.get(parent) ?? []), describeRule(err)]);
    else kept.push(err);
  }
  return dedupe(
    kept.map((err) => {
      const issue = toIssue(err);
      const rules = branchRules.get(err);
      if (rules?.length) issue.message = [...new Set(rules)].join(', or ');
      return issue;
    }),
  );
}

function toIssue(err: ErrorObject): FieldIssue {
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const root = segments.shift();
  const path: (string | number)[] = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const location: FieldLocation = root ? (LOCATIONS[root] ?? 'body') : 'body';
  if (!root && err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    if (missing === 'requestBody') return { in: 'body', path: [], message: 'is required: the operation needs a request body', rule: 'required' };
    return { in: LOCATIONS[missing] ?? 'body', path: [], message: 'is required', rule: 'required' };
  }
  if (err.keyword === 'required') {
    path.push((err.params as { missingProperty: string }).missingProperty);
    return { in: location, path, message: 'is required', rule: 'required' };
  }
  if (err.keyword === 'additionalProperties' || err.keyword === 'unevaluatedProperties') {
    const params = err.params as { additionalProperty?: string; unevaluatedProperty?: string };
    path.push((params.additionalProperty ?? params.unevaluatedProperty) as string);
    return { in: location, path, message: 'is not allowed: unknown property', rule: err.keyword };
  }
  return { in: location, path, message: describeRule(err), rule: err.keyword };
}

function describeRule(err: ErrorObject): string {
  if (err.keyword === 'enum') {
    const allowed = (err.params as { allowedValues: unknown[] }).allowedValues;
    return `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (err.keyword === 'const') return `must be ${JSON.stringify((err.params as { allowedValue: unknown }).allowedValue)}`;
  if (err.keyword === 'anyOf' || err.keyword === 'oneOf') return 'does not match any of the allowed forms';
  return err.message ?? `breaks rule ${err.keyword}`;
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${describeField(i)}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
