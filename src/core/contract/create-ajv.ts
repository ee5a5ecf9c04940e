import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv2020, _ } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import formats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Options as AjvOptions, ValidateFunction } from 'ajv';
import { ValidationContext } from 'openapi-backend';
import { cacheDir, hashOf } from '../cache-files.js';
import { cacheIsActive, cachedValidator, provideToCachedCode, recordValidator } from './validator-cache.js';

type Ajv = InstanceType<typeof Ajv2020>;
// ajv-formats is CommonJS with a `default` export; under NodeNext the default import is the module object.
const addFormats = formats as unknown as typeof formats.default;
const toStandalone = standaloneCode as unknown as typeof standaloneCode.default;

/** Formats OpenAPI adds to JSON Schema. */
const openApiFormats = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ },
  binary: { type: 'string', validate: () => true },
  password: { type: 'string', validate: () => true },
} as const;

/**
 * `date-time` as ajv-formats judges it, with the common shape (`2026-03-01T10:00:00Z`,
 * `…00.000+02:00`) accepted without splitting the string and running three regexps: an order
 * holds dozens of timestamps, and that was a twentieth of what a recerc update allocated. Only
 * a value ajv-formats accepts is accepted here; every other value gets ajv-formats' own verdict.
 */
const COMMON_DATE_TIME = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)$/;
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const fullDateTime = fullFormats['date-time'] as { validate: (s: string) => boolean; compare: unknown };
const digits = (s: string, at: number, count: number) => {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
};
function commonDateTime(s: string): boolean {
  if (!COMMON_DATE_TIME.test(s)) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month])) return false;
  if (digits(s, 11, 2) > 23 || digits(s, 14, 2) > 59 || digits(s, 17, 2) > 59) return false;
  const zone = s.length - 6; // `+hh:mm` / `-hh:mm`, else it ends in `Z`
  return s[zone] !== '+' && s[zone] !== '-' ? true : digits(s, zone + 1, 2) <= 23 && digits(s, zone + 4, 2) <= 59;
}
/** The `date-time` check every validator uses (exported for its test against ajv-formats'). */
export const validateDateTime = (s: string): boolean => commonDateTime(s) || fullDateTime.validate(s);
const fasterFormats = { 'date-time': { ...fullDateTime, validate: validateDateTime } } as const;

// Cached (standalone) validators find every format, ajv-formats' and OpenAPI's, under one name.
const FORMATS_MODULE = 'ordermock:formats';
provideToCachedCode(FORMATS_MODULE, { ...fullFormats, ...openApiFormats, ...fasterFormats });

/**
 * The Ajv every contract is checked with: JSON Schema 2020-12 (what OpenAPI 3.1 uses), formats
 * enforced; fail-fast for requests (see `exhaustiveValidator`), all errors for responses.
 * openapi-backend passes its own options (it coerces path/query/header strings for parameters
 * only); we never coerce or strip bodies.
 */
export function createAjv(options: AjvOptions, context?: ValidationContext): Ajv {
  // One instance per kind of validator, shared by every operation of every API: a new Ajv per
  // operation (openapi-backend's default) costs most of the start-up time.
  const key = `${context}:${Boolean(options.coerceTypes)}`;
  let ajv = instances.get(key);
  if (!ajv) {
    const failFast = context === ValidationContext.RequestBody || context === ValidationContext.Params;
    // Requests are judged fail-fast (a hostile body with 300,000 errors costs no more than a
    // valid one); the all-errors twin is compiled on first need, to list what is wrong.
    // Every all-errors validator inlines `$ref`s (see inlineRefs): the twin, and the response
    // validators (a violation inside an `anyOf` over a shared schema is otherwise explained by
    // every branch). A fail-fast validator stops at one error and keeps its `$ref`s: inlining it
    // would make start-up compile a fifth more code.
    const twin = failFast ? lazy(() => memoizeCompile(newAjv(options, context, true, false), true)) : undefined;
    const cacheable = cacheDir() !== null;
    instances.set(key, (ajv = memoizeCompile(newAjv(options, context, !failFast, cacheable), !failFast, twin, cacheable ? key : undefined)));
  }
  return ajv;
}

const twins = new WeakMap<object, () => ValidateFunction>();

/** The all-errors version of a fail-fast request validator (itself for any other validator). */
export function exhaustiveValidator(validate: ValidateFunction): ValidateFunction {
  return twins.get(validate)?.() ?? validate;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/**
 * openapi-backend hands Ajv a fresh copy of every schema (one per operation and status), so the
 * same error schema is compiled again and again. Compiling each distinct schema once halves start-up.
 */
function memoizeCompile(ajv: Ajv, inline: boolean, twin?: () => Ajv, cacheKey?: string): Ajv {
  const compiled = new Map<string, ValidateFunction>();
  const compile = ajv.compile.bind(ajv);
  ajv.compile = ((schema: object) => {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    const diskKey = cacheKey !== undefined && cacheIsActive() ? hashOf(`${compilerSalt()}\n${cacheKey}\n${key}`) : undefined;
    if (!validate) {
      const compileNow = () => compile(inline ? inlineRefs(schema) : schema);
      const cached = diskKey ? cachedValidator(diskKey, compileNow) : null;
      if (cached) codeOf.set(cached.validate, cached.code);
      validate = cached?.validate ?? compileNow();
      compiled.set(key, validate);
      if (twin) twins.set(validate, lazy(() => twin().compile(schema)));
    }
    if (diskKey) recordCode(ajv, diskKey, validate);
    return validate;
  }) as Ajv['compile'];
  return ajv;
}

const codeOf = new WeakMap<ValidateFunction, string>();

/** Remembers the standalone code of a validator for the contract being built (compiled now or loaded from the cache). */
function recordCode(ajv: Ajv, diskKey: string, validate: ValidateFunction): void {
  let code = codeOf.get(validate);
  if (code === undefined) {
    try {
      code = validate.source ? toStandalone(ajv, validate) : '';
    } catch {
      code = ''; // not expressible as standalone code: stays uncached
    }
    codeOf.set(validate, code);
    if (code) recordValidator(diskKey, code);
  } else if (code) recordValidator(diskKey, code, false);
}

let salt: string | undefined;
/** Set by scripts/bundle-cli.mjs in the bundled CLI: this module's salt, computed from dist/ at build time. */
declare const ORDERMOCK_COMPILER_SALT: string | undefined;

/** What the cached code depends on besides the contract: Ajv's version and how this file configures it. */
export function compilerSalt(): string {
  if (typeof ORDERMOCK_COMPILER_SALT === 'string') return ORDERMOCK_COMPILER_SALT;
  return (salt ??= `ajv ${(createRequire(import.meta.url)('ajv/package.json') as { version: string }).version}:${hashOf(readFileSync(fileURLToPath(import.meta.url), 'utf8'))}`);
}

/**
 * openapi-backend's `decycle` turns every repeated sub-schema into a `$ref`, and Ajv calls a
 * `$ref` as a separate function whose errors it appends with `concat`: with `allErrors` a body of
 * n bad array items costs O(n²) (32,000 recerc items: 15 s). Expanding every non-cyclic `$ref`
 * lets Ajv inline the code, so validation stays linear in the body and schema paths are absolute.
 */
export function inlineRefs<T>(root: T): T {
  const resolve = (pointer: string): unknown =>
    pointer
      .slice(2)
      .split('/')
      .reduce<unknown>((node, seg) => (node as Record<string, unknown>)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  const walk = (node: unknown, expanding: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, expanding));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/') && Object.keys(node).length === 1) {
      const target = resolve(ref);
      // A cycle (a schema that contains itself) stays a `$ref`: its pointer is valid in the copy too.
      return expanding.includes(ref) || target === undefined ? node : walk(target, [...expanding, ref]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value, expanding);
    return out;
  };
  return walk(root, []) as T;
}

const instances = new Map<string, Ajv>();

function newAjv(options: AjvOptions, context: ValidationContext | undefined, allErrors: boolean, keepSource: boolean): Ajv {
  const ajv = new Ajv2020({
    ...options,
    strict: false,
    allErrors,
    validateFormats: true,
    // Parameters and headers are strings on the wire ("42" is an integer header); bodies are never coerced.
    coerceTypes: context === ValidationContext.Params || context === ValidationContext.ResponseHeaders ? options.coerceTypes : false,
    removeAdditional: false,
    // Start-up is dominated by compiling validators. Contracts are checked against the OpenAPI
    // and JSON Schema meta-schemas by `ordermock lint` (the test suite runs it), not at every start,
    // and Ajv's code optimisation pass costs a third of compile time for no measurable speed-up.
    validateSchema: false,
    // `source` keeps the generated code, for the on-disk cache (see validator-cache.ts).
    code: { optimize: false, source: keepSource, formats: _`require(${FORMATS_MODULE})` },
    // oneOf + discriminator (recerc's item variants): validate only the variant the `type` names.
    discriminator: true,
    // Errors carry the offending value and schema: renderers can quote the value, and a bad
    // discriminator tag can list the variants. Costs nothing on valid requests.
    verbose: true,
    useDefaults: false,
  });
  addFormats(ajv);
  for (const [name, format] of Object.entries({ ...openApiFormats, ...fasterFormats })) ajv.addFormat(name, format as never);
  if (context === ValidationContext.RequestBody) forbidReadOnly(ajv);
  return ajv;
}

/** openapi-backend ignores `readOnly`: a client that sends a read-only field is told so. */
function forbidReadOnly(ajv: Ajv): void {
  ajv.removeKeyword('readOnly');
  ajv.addKeyword({
    keyword: 'readOnly',
    schemaType: 'boolean',
    // Generated code, not a function: a validator using it can be cached as standalone code.
    error: { message: 'is read-only and must not be sent' },
    code(cxt) {
      if (cxt.schema === true) cxt.fail(_`true`);
    },
  });
}
