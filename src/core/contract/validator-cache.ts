import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

/**
 * Compiled validators kept on disk as Ajv standalone code, one file per contract, named by the
 * hash of the dereferenced contract and of the compiler (Ajv's version, this package's create-ajv
 * source): a second start evaluates the code instead of compiling (compilation is most of a start).
 * Unreadable, corrupt or foreign files are ignored and rewritten; writing is best effort.
 */

const FORMAT = 1;
const requireFrom = createRequire(import.meta.url);

/**
 * Where the cache lives: $ORDERMOCK_CACHE_DIR ('off' disables it); else, when ordermock is
 * installed as a dependency, `node_modules/.cache/ordermock` (kept wherever CI caches
 * node_modules); else a per-user directory in the OS temp dir. Never the project root.
 */
export function cacheDir(): string | null {
  const configured = process.env.ORDERMOCK_CACHE_DIR;
  if (configured === 'off') return null;
  if (configured) return configured;
  const here = fileURLToPath(import.meta.url);
  const installed = here.lastIndexOf(`${sep}node_modules${sep}`);
  if (installed >= 0) return join(here.slice(0, installed), 'node_modules', '.cache', 'ordermock');
  return join(os.tmpdir(), `ordermock-cache-${process.getuid?.() ?? 'user'}`);
}

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

/**
 * Runs `compileAll` (synchronous: no other contract can compile meanwhile) with the cache of
 * `document` active, then stores what it compiled if anything was missing.
 */
export function withValidatorCache<T>(document: unknown, salt: string, compileAll: () => T): T {
  const dir = cacheDir();
  const key = dir && documentKey(document, salt);
  if (!dir || !key) return compileAll();
  const file = join(dir, `${key}.json`);
  active = { file, known: readCache(dir, file), used: new Map(), misses: 0 };
  const cache = active;
  try {
    return compileAll();
  } finally {
    active = null;
    if (cache.misses > 0) writeCache(dir, file, cache.used);
  }
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

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
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

/** The text of a cache file, or null (none, unreadable, or in a directory someone else may write). */
export function readCacheFile(dir: string, file: string): string | null {
  try {
    // Code from this directory is evaluated: only a directory of our own that no one else can write.
    const st = statSync(dir);
    if ((process.getuid && st.uid !== process.getuid()) || st.mode & 0o022) return null;
    return readFileSync(file, 'utf8');
  } catch {
    return null;
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

/** Best effort: a cache that cannot be written only means the next start does the work again. */
export function writeCacheFile(dir: string, file: string, text: () => string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, text(), { mode: 0o600 });
    renameSync(tmp, file); // atomic: a concurrent reader sees the old file or the new one
  } catch {
    // No cache this time.
  }
}
