import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { OrdermockError } from '../core/errors/catalogue.js';
import { defaultConfig, envOf, flagOf, serveOptions, type ServeConfig } from './options.js';

export const CONFIG_FILES = ['ordermock.config.json', 'ordermock.config.yaml', 'ordermock.config.yml'];
export const CONFIG_ENV = 'ORDERMOCK_CONFIG';

export interface ConfigSources {
  /** Values given on the command line (commander's raw values, only the options present). */
  cli?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** `--config`; otherwise $ORDERMOCK_CONFIG, otherwise the first of CONFIG_FILES found in `cwd`. */
  configFile?: string;
  cwd?: string;
}

/** A configuration the server cannot start with: the message names the source and the key. */
export function configError(message: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_CONFIG', [message]);
}

/**
 * Merges defaults < config file < ORDERMOCK_* env < command line, validating every value once
 * with the option table's parser; the result is frozen.
 */
export function resolveConfig(sources: ConfigSources = {}): Readonly<ServeConfig> {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const apply = (where: (key: string) => string, values: Record<string, unknown>) => {
    for (const option of serveOptions) {
      if (values[option.key] === undefined) continue;
      try {
        config[option.key] = option.parse(values[option.key]);
      } catch (err) {
        throw configError(`${where(option.key)}: ${(err as Error).message}`);
      }
    }
  };

  const file = findConfigFile(sources.configFile ?? env[CONFIG_ENV], cwd);
  if (file) apply((key) => `${file.name} "${key}"`, file.values);
  const fromEnv = Object.fromEntries(serveOptions.map((o) => [o.key, env[envOf(o.key)] === '' ? undefined : env[envOf(o.key)]]));
  apply(envOf, fromEnv);
  apply(flagOf, sources.cli ?? {});
  return Object.freeze(config as unknown as ServeConfig);
}

function findConfigFile(explicit: string | undefined, cwd: string): { name: string; values: Record<string, unknown> } | undefined {
  const path = explicit ? resolve(cwd, explicit) : CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
  if (!path) return undefined;
  const name = explicit ?? path.slice(cwd.length + 1);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw configError(`config file ${name} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}; fix the path given with --config or ${CONFIG_ENV}`);
  }
  let values: unknown;
  try {
    values = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw configError(`config file ${name} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (values === null || values === undefined) return { name, values: {} };
  if (typeof values !== 'object' || Array.isArray(values)) throw configError(`config file ${name} must hold an object of options`);
  const known = serveOptions.map((o) => o.key as string);
  for (const key of Object.keys(values)) {
    if (!known.includes(key)) throw configError(`config file ${name}: "${key}" is not an option (known: ${known.join(', ')})`);
  }
  return { name, values: values as Record<string, unknown> };
}

/** `yaml` is required only for a YAML options file: most starts have none (resolveConfig stays synchronous). */
function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}
