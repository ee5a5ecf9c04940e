import type { ErrorObject } from 'ajv';
import type { Operation } from 'openapi-backend';
import { MAX_ISSUES, boundSegment, moreIssues } from '../errors/bound-error.js';
import { OrdermockError, describeField, type FieldIssue, type FieldLocation } from '../errors/catalogue.js';
import { exhaustiveValidator } from '../contract/create-ajv.js';
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
  const failed = validators.filter((validate) => !validate(input));
  if (!failed.length) return [];
  // Fail-fast validators decided; a body small enough is checked again for every violation.
  const exhaustive = smallerThan(request.body, EXHAUSTIVE_VALUE_LIMIT);
  const errors: ErrorObject[] = [];
  for (const validate of failed) {
    const judge = exhaustive ? exhaustiveValidator(validate) : validate;
    if (judge !== validate) judge(input);
    // A loop, not push(...list): 100,000 errors as call arguments overflow the stack.
    for (const err of judge.errors ?? []) errors.push(err);
  }
  const issues = toFieldIssues(errors, MAX_ISSUES);
  if (!exhaustive && issues.some((i) => i.in === 'body')) issues.push(firstOnlyIssue());
  return issues;
}

/**
 * Bodies of up to this many values (objects, arrays, scalars) get every violation listed (the
 * first MAX_ISSUES, then a count); a larger invalid body is reported up to its first violation, so
 * that its CPU cost stays that of a valid one (3 bytes of `{}` can break 15 rules).
 */
export const EXHAUSTIVE_VALUE_LIMIT = 1000;

/** Whether `value` holds at most `limit` values; stops counting as soon as it holds more. */
function smallerThan(value: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    if (++count > limit) return false;
    const v = stack.pop();
    if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v && typeof v === 'object') for (const key in v) stack.push((v as Record<string, unknown>)[key]);
  }
  return true;
}

function firstOnlyIssue(): FieldIssue {
  return { in: 'body', path: [], message: `was checked up to its first violation only (it holds over ${EXHAUSTIVE_VALUE_LIMIT} values)`, rule: 'truncated' };
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

/**
 * Turns Ajv errors into one issue per field, each naming the field and the rule it broke; linear
 * in the errors. Past `max` issues the rest are only counted (one `truncated` issue at the end).
 */
export function toFieldIssues(errors: ErrorObject[], max = Infinity): FieldIssue[] {
  const dropped = new Set<ErrorObject>();
  const foldedMessages = new Map<ErrorObject, string>();
  errors.forEach((err, index) => {
    if (isAlternative(err)) explainAlternative(index, errors, dropped, foldedMessages);
  });
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const uncounted = new Set<string>();
  for (const err of errors) {
    if (err.keyword === 'if' || dropped.has(err)) continue; // `if` always comes with the `then` error that explains it
    if (issues.length >= max) {
      // Counting only: a cheap key per field and rule instead of a full issue.
      const params = err.params as { missingProperty?: string; additionalProperty?: string; unevaluatedProperty?: string };
      uncounted.add(`${err.instancePath}|${err.keyword}|${params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty ?? ''}`);
      continue;
    }
    const issue = toIssue(err);
    const folded = foldedMessages.get(err);
    if (folded) issue.message = folded;
    const key = `${describeField(issue)}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  if (uncounted.size) issues.push(moreIssues(uncounted.size));
  return issues;
}

const isAlternative = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

/**
 * The errors of an anyOf/oneOf's branches: Ajv pushes them just before the anyOf error itself
 * (a branch that passes takes its errors back), so walking back from it finds them all without
 * rescanning the whole list per alternative (which made 8,000 bad jtl lines cost a minute).
 */
function branchErrors(index: number, errors: ErrorObject[]): ErrorObject[] {
  const alt = errors[index];
  const prefix = `${alt.schemaPath}/`;
  const within = (path: string) => path === alt.instancePath || path.startsWith(`${alt.instancePath}/`);
  let start = index;
  while (start > 0 && errors[start - 1].schemaPath.startsWith(prefix) && within(errors[start - 1].instancePath)) start--;
  return errors.slice(start, index);
}

/**
 * An anyOf/oneOf fails with errors from every branch. When the value has the right basic type for
 * some branches (e.g. an object given to `[Address, null]`), those branches' errors say what is
 * wrong (`State is required`): keep them and drop the rest. When it fits no branch at all, fold
 * everything into one issue listing what each branch wanted.
 */
function explainAlternative(index: number, errors: ErrorObject[], dropped: Set<ErrorObject>, folded: Map<ErrorObject, string>): void {
  const alt = errors[index];
  const prefix = `${alt.schemaPath}/`;
  const branches = new Map<string, ErrorObject[]>();
  for (const err of branchErrors(index, errors)) {
    const branch = err.schemaPath.slice(prefix.length).split('/')[0];
    const list = branches.get(branch);
    if (list) list.push(err);
    else branches.set(branch, [err]);
  }
  // A nested anyOf/oneOf was explained before this one (errors come inner first): its branches'
  // type errors say nothing about this branch; the nested alternative itself misfits only when folded.
  const nested = (e: ErrorObject) => /\/(anyOf|oneOf)\//.test(e.schemaPath.slice(prefix.length));
  const ownMisfit = (e: ErrorObject) =>
    e.instancePath === alt.instancePath && (isAlternative(e) ? folded.has(e) : !nested(e) && ['type', 'const', 'enum'].includes(e.keyword));
  const misfit = (errs: ErrorObject[]) => errs.some(ownMisfit);
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
  const wanted = unfit.filter(ownMisfit).map((e) => folded.get(e) ?? describeRule(e));
  folded.set(alt, [...new Set(wanted)].join(', or ') || describeRule(alt));
}

function toIssue(err: ErrorObject): FieldIssue {
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => boundSegment(s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const root = segments.shift();
  const path: (string | number)[] = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const location: FieldLocation = root ? (LOCATIONS[root] ?? 'body') : 'body';
  if (!root && err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    if (missing === 'requestBody') return { in: 'body', path: [], message: 'is required: the operation needs a request body', rule: 'required' };
    return { in: LOCATIONS[missing] ?? 'body', path: [], message: 'is required', rule: 'required' };
  }
  if (err.keyword === 'required') {
    path.push(boundSegment((err.params as { missingProperty: string }).missingProperty));
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
    path.push(boundSegment((params.additionalProperty ?? params.unevaluatedProperty) as string));
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
  if (err.keyword === 'oneOf' && (err.params as { passingSchemas?: unknown }).passingSchemas) return 'must match exactly one of the allowed forms (it matches more than one)';
  if (err.keyword === 'anyOf' || err.keyword === 'oneOf') return 'does not match any of the allowed forms';
  return err.message ?? `breaks rule ${err.keyword}`;
}
