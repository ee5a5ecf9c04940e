import type { ErrorObject } from 'ajv';
import type { Operation } from 'openapi-backend';
import { OrdermockError, describeField, type FieldIssue, type FieldLocation } from '../errors/catalogue.js';
import type { ApiRequest } from '../api-module.js';
import type { LoadedApi } from '../contract/build-backend.js';
import type { Exchange } from './exchange.js';

/**
 * Stage: path, query, headers and body against the contract, with the validators openapi-backend
 * compiled from it. They are called directly on what earlier stages already parsed: its own
 * `validateRequest` would parse the request a second time (a tenth of a PATCH's CPU).
 */
export function validateRequest(ex: Exchange): void {
  const issues = requestIssues(ex.api!, ex.operation!, ex.request!);
  if (!issues.length) return;
  throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [issues.map((i) => `${describeField(i)} ${i.message}`).join('; ')], {
    issues,
  });
}

/** The one implementation of "this request conforms" (the pipeline and the validating proxy call it). */
export function requestIssues(api: LoadedApi, operation: Operation, request: Pick<ApiRequest, 'params' | 'query' | 'headers' | 'body'>): FieldIssue[] {
  const validators = api.backend.validator.getRequestValidatorsForOperation(operation.operationId as string) ?? [];
  // Copies: the parameter validator coerces strings ("7" → 7) in place.
  const input: Record<string, unknown> = {
    path: { ...request.params },
    query: arrayQueryParams(operation, request.query),
    header: { ...request.headers },
    cookie: {},
  };
  if (request.body !== undefined) input.requestBody = request.body;
  const errors: ErrorObject[] = [];
  for (const validate of validators) if (!validate(input)) errors.push(...(validate.errors ?? []));
  return errors.length ? toFieldIssues(errors) : [];
}

/** A query parameter declared as an array arrives as one string when sent once: wrap it, as openapi-backend does. */
function arrayQueryParams(operation: Operation, query: Record<string, string | string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...query };
  for (const p of (operation.parameters ?? []) as { in?: string; name?: string; schema?: { type?: unknown } }[]) {
    if (p.in === 'query' && p.name && p.schema?.type === 'array' && typeof out[p.name] === 'string') out[p.name] = [out[p.name]];
  }
  return out;
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
  const dropped = new Set<ErrorObject>();
  const foldedMessages = new Map<ErrorObject, string>();
  for (const alt of errors.filter(isAlternative)) explainAlternative(alt, errors, dropped, foldedMessages);
  return dedupe(
    errors
      .filter((err) => err.keyword !== 'if' && !dropped.has(err)) // `if` always comes with the `then` error that explains it
      .map((err) => {
        const issue = toIssue(err);
        const folded = foldedMessages.get(err);
        if (folded) issue.message = folded;
        return issue;
      }),
  );
}

const isAlternative = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/**
 * An anyOf/oneOf fails with errors from every branch. When the value has the right basic type for
 * some branches (e.g. an object given to `[Address, null]`), those branches' errors say what is
 * wrong (`State is required`): keep them and drop the rest. When it fits no branch at all, fold
 * everything into one issue listing what each branch wanted.
 */
function explainAlternative(alt: ErrorObject, errors: ErrorObject[], dropped: Set<ErrorObject>, folded: Map<ErrorObject, string>): void {
  const prefix = `${alt.schemaPath}/`;
  const branches = new Map<string, ErrorObject[]>();
  for (const err of errors) {
    if (err === alt || !err.schemaPath.startsWith(prefix) || !err.instancePath.startsWith(alt.instancePath)) continue;
    const branch = err.schemaPath.slice(prefix.length).split('/')[0];
    branches.set(branch, [...(branches.get(branch) ?? []), err]);
  }
  const misfit = (errs: ErrorObject[]) =>
    errs.some((e) => e.instancePath === alt.instancePath && ['type', 'const', 'enum'].includes(e.keyword));
  const fitting = [...branches.values()].filter((errs) => !misfit(errs));
  const unfit = [...branches.values()].filter(misfit).flat();
  const onlyMissing = (errs: ErrorObject[]) => errs.every((e) => e.keyword === 'required' && e.instancePath === alt.instancePath);
  if (fitting.length > 1 && fitting.every(onlyMissing)) {
    // anyOf of required sets ("lastName or company"): one issue saying which combinations would do.
    for (const err of [...fitting.flat(), ...unfit]) dropped.add(err);
    const missing = (errs: ErrorObject[]) => errs.map((e) => (e.params as { missingProperty: string }).missingProperty).join(' and ');
    folded.set(alt, `must have ${fitting.map(missing).join(', or ')}`);
    return;
  }
  if (fitting.length) {
    dropped.add(alt);
    for (const err of unfit) dropped.add(err);
    return;
  }
  for (const err of unfit) dropped.add(err);
  folded.set(alt, [...new Set(unfit.filter((e) => e.instancePath === alt.instancePath).map(describeRule))].join(', or ') || describeRule(alt));
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
  if (err.keyword === 'discriminator') {
    // The tag names no variant: list the variants the oneOf knows (needs Ajv's `verbose`).
    const tag = (err.params as { tag: string }).tag;
    const variants = ((err.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown; enum?: unknown[] }> }[] })?.oneOf ?? [])
      .flatMap((branch) => branch.properties?.[tag]?.enum ?? [branch.properties?.[tag]?.const])
      .filter((v) => v !== undefined);
    path.push(tag);
    const message = variants.length ? `must be one of: ${variants.map((v) => JSON.stringify(v)).join(', ')}` : 'must name a known variant';
    return { in: location, path, message, rule: 'enum', value: err.data === undefined ? undefined : (err.data as Record<string, unknown>)?.[tag] };
  }
  if (err.keyword === 'additionalProperties' || err.keyword === 'unevaluatedProperties') {
    const params = err.params as { additionalProperty?: string; unevaluatedProperty?: string };
    path.push((params.additionalProperty ?? params.unevaluatedProperty) as string);
    return { in: location, path, message: 'is not allowed: unknown property', rule: err.keyword };
  }
  return { in: location, path, message: describeRule(err), rule: err.keyword, value: err.data };
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
