import { apiModules } from '../apis/index.js';
import { isRedisUrl } from '../core/store/redis/redis-url.js';

/** Every option of `ordermock serve`, as the server receives it once validated. */
export interface ServeConfig {
  port: number;
  host: string;
  data: string;
  store: string | undefined;
  journal: 'local' | 'shared';
  specs: string | undefined;
  seeds: string | undefined;
  api: string[] | undefined;
  strictResponses: boolean;
  bodyLimit: number;
  journalSize: number;
  journalFile: string | undefined;
  logLevel: string;
  logFormat: 'auto' | 'pretty' | 'json';
  cors: boolean;
  corsOrigins: string[];
  allowedHosts: string[];
  adminToken: string | undefined;
  adminOrigins: string[];
  watch: boolean;
}

/** One row of the option table: the flag, the env variable and the config-file key all derive from `key`. */
export interface OptionSpec<K extends keyof ServeConfig = keyof ServeConfig> {
  key: K;
  short?: string;
  /** Placeholder of the value in --help; booleans take an optional `[bool]`. */
  arg: string;
  description: string;
  default: ServeConfig[K];
  /** Turns a raw value (command line or env text, or a config-file value) into the typed one, or throws the reason. */
  parse: (raw: unknown) => ServeConfig[K];
  /** Not shown in logs or errors (`--admin-token`). */
  secret?: boolean;
  /** How --help names the default when the value itself says nothing (undefined, []). */
  shownDefault?: string;
}

const integer = (min: number, max: number, what: string) => (raw: unknown): number => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(what);
  return n;
};

const text = (raw: unknown): string => {
  if (typeof raw !== 'string' || raw === '') throw new Error('must be a non-empty string');
  return raw;
};

const optionalText = (raw: unknown): string | undefined => text(raw);

const bool = (raw: unknown): boolean => {
  if (typeof raw === 'boolean') return raw;
  if (raw === undefined || raw === 'true' || raw === '1' || raw === 'yes') return true;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  throw new Error('must be true or false');
};

/** A list from the command line (already an array), env (comma-separated) or a file (array or comma string). */
const list = (check?: (item: string) => void) => (raw: unknown): string[] => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!items || items.some((i) => typeof i !== 'string')) throw new Error('must be a list of strings (comma-separated in env)');
  const out = (items as string[]).flatMap((i) => i.split(',')).map((i) => i.trim()).filter(Boolean);
  out.forEach((i) => check?.(i));
  return out;
};

const oneOf = <T extends string>(choices: readonly T[]) => (raw: unknown): T => {
  if (typeof raw !== 'string' || !choices.includes(raw as T)) throw new Error(`must be one of ${choices.join(', ')}`);
  return raw as T;
};

const origin = (item: string): void => {
  if (item === '*') return;
  let url: URL;
  try {
    url = new URL(item);
  } catch {
    throw new Error(`"${item}" is not an origin like http://localhost:5173`);
  }
  if (url.origin !== item) throw new Error(`"${item}" is not an origin like http://localhost:5173 (scheme, host and port only)`);
};

const redisUrl = (raw: unknown): string => {
  const url = text(raw);
  if (!isRedisUrl(url) || !URL.canParse(url)) throw new Error('must be a URL like redis://127.0.0.1:6379/0');
  return url;
};

const apiNames = apiModules.map((m) => m.name);
const knownApi = (item: string): void => {
  if (!apiNames.includes(item)) throw new Error(`"${item}" is not an API (known: ${apiNames.join(', ')})`);
};

/** The one option table: `--help`, env variables, the config file and validation all read it. */
export const serveOptions: OptionSpec[] = [
  { key: 'port', short: 'p', arg: '<port>', description: 'port to listen on (0 = any free port)', default: 4010, parse: integer(0, 65535, 'must be a port number (0-65535)') },
  { key: 'host', short: 'H', arg: '<host>', description: 'interface to bind (0.0.0.0 = every interface)', default: '127.0.0.1', parse: text },
  { key: 'data', short: 'd', arg: '<file>', description: 'data file (created from the seeds when missing)', default: 'data/db.json', parse: text },
  { key: 'store', arg: '<url>', description: 'shared state for several instances: redis://[:password@]host:port/db[?prefix=ordermock:] (replaces --data)', default: undefined, shownDefault: 'none (the data file)', parse: redisUrl },
  { key: 'specs', arg: '<dir>', description: 'directory of <api>.yaml contracts', default: undefined, shownDefault: 'the bundled specs', parse: optionalText },
  { key: 'seeds', arg: '<dir>', description: 'directory of <api>.json seed fixtures', default: undefined, shownDefault: 'the bundled seeds', parse: optionalText },
  { key: 'api', arg: '<name...>', description: `serve only these APIs (${apiNames.join(', ')})`, default: undefined, shownDefault: 'all', parse: (raw) => list(knownApi)(raw) },
  { key: 'strictResponses', arg: '[bool]', description: 'answer 500 when the mock itself would break its contract', default: false, parse: bool },
  { key: 'bodyLimit', arg: '<bytes>', description: 'largest accepted request body', default: 1024 * 1024, parse: integer(1, Number.MAX_SAFE_INTEGER, 'must be a positive number of bytes') },
  { key: 'journalSize', arg: '<n>', description: 'how many requests the journal keeps for /__ordermock/journal', default: 1000, parse: integer(0, Number.MAX_SAFE_INTEGER, 'must be a whole number (0 or more)') },
  { key: 'journal', arg: '<mode>', description: 'local (this instance\'s requests) or shared (every instance\'s, in a Redis stream; needs --store)', default: 'local', parse: oneOf(['local', 'shared'] as const) },
  { key: 'journalFile', arg: '<file>', description: 'write the journal as NDJSON to this file on shutdown (for ordermock coverage)', default: undefined, parse: optionalText },
  { key: 'logLevel', arg: '<level>', description: 'trace, debug (adds validation details), info, warn, error or silent', default: 'info', parse: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'silent']) },
  { key: 'logFormat', arg: '<format>', description: 'auto (coloured lines on a terminal, JSON lines otherwise), pretty or json', default: 'auto', parse: oneOf(['auto', 'pretty', 'json'] as const) },
  { key: 'cors', arg: '[bool]', description: 'answer browser preflights and add CORS headers on the API routes', default: true, parse: bool },
  { key: 'corsOrigins', arg: '<origin...>', description: 'origins allowed to call the APIs from a browser', default: [], shownDefault: 'any', parse: list(origin) },
  { key: 'allowedHosts', arg: '<host...>', description: 'extra Host names the control plane answers (loopback names and IPs always; "all" = any)', default: [], parse: list() },
  { key: 'adminToken', arg: '<token>', description: 'require Authorization: Bearer <token> on the control plane', default: undefined, parse: optionalText, secret: true },
  { key: 'adminOrigins', arg: '<origin...>', description: 'foreign origins allowed to call the control plane', default: [], parse: list(origin) },
  { key: 'watch', arg: '[bool]', description: 'reload specs and seeds when their files change, keeping the stored state', default: false, parse: bool },
];

/** `corsOrigins` → `--cors-origins`. */
export const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
/** `corsOrigins` → `ORDERMOCK_CORS_ORIGINS`. */
export const envOf = (key: string): string => `ORDERMOCK_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export const defaultConfig = (): ServeConfig => Object.fromEntries(serveOptions.map((o) => [o.key, o.default])) as unknown as ServeConfig;
