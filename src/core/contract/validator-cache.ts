import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { cacheDir, hashOf, readCacheFile, writeCacheFile } from '../cache-files.js';

/**
 * Compiled validators kept on disk as Ajv standalone code, one file per contract, named by the
 * hash of the dereferenced contract and of the compiler (Ajv's version, this package's create-ajv
 * source): a second start evaluates the code instead of compiling (compilation is most of a start).
 * Unreadable, corrupt or foreign files are ignored and rewritten; writing is best effort.
 */

const FORMAT = 1;
const requireFrom = createRequire(import.meta.url);

interface ActiveCache {
  file: string;
  known: Map<string, string>;
  used: Map<string, string>;
  misses: number;
}

let active: ActiveCache | null = null;
const runtime = new Map<string, unknown>();

/** Modules the standalone code may `require` besides the package's own dependencies (e.g. formats). */
export function provideToCachedCode(name: string, value: unknown): void {
  runtime.set(name, value);
}

/** The validator cache of one contract, open for as long as its validators may still be compiled. */
export interface ContractValidatorCache {
  /** An earlier start stored this exact contract's validators (so every one of them compiled then). */
  readonly warm: boolean;
  /**
   * Runs `compile` (synchronous: no other contract can compile meanwhile) with this cache active,
   * then stores what it compiled if anything was missing.
   */
  run<T>(compile: () => T): T;
}

/** Opens the cache of `document`; the file is read at the first `run`. */
export function validatorCache(document: unknown, salt: string): ContractValidatorCache {
  const dir = cacheDir();
  const key = dir && documentKey(document, salt);
  if (!dir || !key) return { warm: false, run: (compile) => compile() };
  const file = join(dir, `${key}.json`);
  let known: Map<string, string> | undefined;
  return {
    warm: existsSync(file),
    run(compile) {
      if (active?.file === file) return compile(); // asked again inside a run of this cache: part of it
      known ??= readCache(dir, file);
      const cache: ActiveCache = (active = { file, known, used: new Map(), misses: 0 });
      let result: ReturnType<typeof compile>;
      try {
        result = compile();
      } finally {
        active = null;
      }
      // Stored only after a compilation that succeeded: a file for this contract says that every
      // validator compiled (a later start then builds lazily), so a failure must leave none.
      if (cache.misses > 0) {
        // Validators compiled earlier in this run (another operation's) stay in the file.
        for (const [schemaKey, code] of cache.used) known.set(schemaKey, code);
        writeCache(dir, file, known);
      }
      return result;
    },
  };
}

/** Runs `compileAll` with the cache of `document` active (see validatorCache). */
export function withValidatorCache<T>(document: unknown, salt: string, compileAll: () => T): T {
  return validatorCache(document, salt).run(compileAll);
}

/**
 * The cached validator for `schemaKey` and its code, or null when none is cached. The code is
 * evaluated on the validator's first call: a start only reads text (this code compiled before).
 */
export function cachedValidator(schemaKey: string, compile: () => ValidateFunction): { validate: ValidateFunction; code: string } | null {
  const code = active?.known.get(schemaKey);
  if (!code) return null;
  active!.used.set(schemaKey, code);
  let real: ValidateFunction | undefined;
  const validate = function cached(this: unknown, ...args: unknown[]) {
    real ??= evaluate(code) ?? compile(); // code that does not load (a damaged file): compiled after all
    const valid = (real as (...a: unknown[]) => boolean).apply(this, args);
    validate.errors = real.errors;
    return valid;
  } as unknown as ValidateFunction;
  validate.errors = null;
  return { validate, code };
}

function evaluate(code: string): ValidateFunction | undefined {
  try {
    const module = { exports: {} as { default?: unknown } };
    new Function('require', 'module', 'exports', code)(requireCached, module, module.exports);
    return typeof module.exports.default === 'function' ? (module.exports.default as ValidateFunction) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether compiled code should be recorded now (a contract is being built with the cache on). */
export function cacheIsActive(): boolean {
  return active !== null;
}

/** Records the standalone code for `schemaKey`; `miss`: it was not in the cache file. */
export function recordValidator(schemaKey: string, code: string, miss = true): void {
  if (!active) return;
  if (miss && !active.known.has(schemaKey)) active.misses++;
  active.used.set(schemaKey, code);
}

function requireCached(name: string): unknown {
  return runtime.has(name) ? runtime.get(name) : requireFrom(name);
}

const documentNames = new WeakMap<object, string>();

/**
 * Names `document` by a key that already determines it (the document cache's: the contract's text
 * and the parser's version), so a start need not serialize and hash the whole dereferenced contract.
 */
export function nameDocument(document: object, name: string): void {
  documentNames.set(document, name);
}

function documentKey(document: unknown, salt: string): string | null {
  const name = document && typeof document === 'object' ? documentNames.get(document) : undefined;
  if (name !== undefined) return hashOf(`${FORMAT}\n${salt}\nnamed ${name}`);
  try {
    return hashOf(`${FORMAT}\n${salt}\n${JSON.stringify(document)}`);
  } catch {
    return null; // a cyclic document cannot be hashed this way: compile it, uncached
  }
}

function readCache(dir: string, file: string): Map<string, string> {
  try {
    const text = readCacheFile(dir, file);
    if (text === null) return new Map();
    const parsed = JSON.parse(text) as { format?: unknown; validators?: Record<string, unknown> };
    if (parsed.format !== FORMAT || !parsed.validators || typeof parsed.validators !== 'object') return new Map();
    return new Map(Object.entries(parsed.validators).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return new Map();
  }
}

function writeCache(dir: string, file: string, validators: Map<string, string>): void {
  writeCacheFile(dir, file, () => JSON.stringify({ format: FORMAT, validators: Object.fromEntries(validators) }));
}
