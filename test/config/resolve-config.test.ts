import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, envOf, flagOf, serveOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { OrdermockError } from '../../src/index.js';

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-config-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The error resolveConfig throws, asserting it is the typed configuration error. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(OrdermockError);
    expect((err as OrdermockError).code).toBe('ORDERMOCK_ERR_CONFIG');
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('configuration: defaults < file < env < command line', () => {
  it('gives the defaults when nothing is set, frozen', async () => {
    const config = resolveConfig({ env: {}, cwd: await dirWith({}) });
    expect(config).toEqual(defaultConfig());
    expect(config.port).toBe(4010);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes each source over the one below it, key by key', async () => {
    const cwd = await dirWith({ 'ordermock.config.json': JSON.stringify({ port: 5000, host: '0.0.0.0', journalSize: 7, api: ['jtl', 'recerc'] }) });
    const fileOnly = resolveConfig({ env: {}, cwd });
    expect(fileOnly).toMatchObject({ port: 5000, host: '0.0.0.0', journalSize: 7, api: ['jtl', 'recerc'] });
    const env = { ORDERMOCK_PORT: '6000', ORDERMOCK_JOURNAL_SIZE: '9', ORDERMOCK_CORS: 'false' };
    expect(resolveConfig({ env, cwd })).toMatchObject({ port: 6000, host: '0.0.0.0', journalSize: 9, cors: false });
    const cli = resolveConfig({ env, cwd, cli: { port: '7000', cors: true } });
    expect(cli).toMatchObject({ port: 7000, host: '0.0.0.0', journalSize: 9, cors: true, api: ['jtl', 'recerc'] });
  });

  it('reads YAML, an explicit --config path and $ORDERMOCK_CONFIG', async () => {
    const cwd = await dirWith({ 'ordermock.config.yaml': 'port: 4100\ncorsOrigins:\n  - http://localhost:5173\n', 'other.json': '{"port": 4200}' });
    expect(resolveConfig({ env: {}, cwd })).toMatchObject({ port: 4100, corsOrigins: ['http://localhost:5173'] });
    expect(resolveConfig({ env: {}, cwd, configFile: 'other.json' }).port).toBe(4200);
    expect(resolveConfig({ env: { ORDERMOCK_CONFIG: 'other.json' }, cwd }).port).toBe(4200);
  });

  it('splits lists given in env on commas', async () => {
    const config = resolveConfig({ env: { ORDERMOCK_API: 'jtl, fabric', ORDERMOCK_ALLOWED_HOSTS: 'mock.test' }, cwd: await dirWith({}) });
    expect(config.api).toEqual(['jtl', 'fabric']);
    expect(config.allowedHosts).toEqual(['mock.test']);
  });

  it('has one flag, one env variable and one file key per option', () => {
    expect(flagOf('corsOrigins')).toBe('--cors-origins');
    expect(envOf('adminToken')).toBe('ORDERMOCK_ADMIN_TOKEN');
    expect(new Set(serveOptions.map((o) => o.key)).size).toBe(serveOptions.length);
  });
});

describe('configuration errors name the source and the key', () => {
  it.each([
    ['a bad flag value', { cli: { port: 'eighty' } }, /--port: must be a port number/],
    ['a bad env value', { env: { ORDERMOCK_BODY_LIMIT: '0' } }, /ORDERMOCK_BODY_LIMIT: must be a positive number of bytes/],
    ['a bad boolean', { env: { ORDERMOCK_WATCH: 'maybe' } }, /ORDERMOCK_WATCH: must be true or false/],
    ['a bad choice', { cli: { logFormat: 'xml' } }, /--log-format: must be one of auto, pretty, json/],
    ['an unknown API', { cli: { api: ['cutmake', 'amazon'] } }, /--api: "amazon" is not an API/],
    ['an origin with a path', { cli: { corsOrigins: ['http://localhost:5173/app'] } }, /--cors-origins: "http:\/\/localhost:5173\/app" is not an origin/],
  ])('%s', async (_label, sources, message) => {
    const cwd = await dirWith({});
    expect(refusal(() => resolveConfig({ env: {}, cwd, ...sources }))).toMatch(message);
  });

  it.each([
    ['an unknown key', { 'ordermock.config.json': '{"prot": 4011}' }, /ordermock\.config\.json: "prot" is not an option \(known: port, /],
    ['a bad value', { 'ordermock.config.json': '{"port": "x"}' }, /ordermock\.config\.json "port": must be a port number/],
    ['invalid JSON', { 'ordermock.config.json': '{"port": 1,' }, /config file ordermock\.config\.json is not valid JSON/],
    ['invalid YAML', { 'ordermock.config.yaml': 'port: [1,\n' }, /config file ordermock\.config\.yaml is not valid YAML/],
    ['not an object', { 'ordermock.config.json': '[4010]' }, /ordermock\.config\.json must hold an object of options/],
  ])('config file with %s', async (_label, files, message) => {
    const cwd = await dirWith(files);
    expect(refusal(() => resolveConfig({ env: {}, cwd }))).toMatch(message);
  });

  it('a --config file that does not exist', async () => {
    const cwd = await dirWith({});
    expect(refusal(() => resolveConfig({ env: {}, cwd, configFile: 'missing.json' }))).toMatch(/config file missing\.json does not exist/);
  });

  it('a higher source does not hide a bad value below it (each source is validated)', async () => {
    const cwd = await dirWith({ 'ordermock.config.json': '{"port": -1}' });
    expect(refusal(() => resolveConfig({ env: {}, cwd, cli: { port: '4010' } }))).toMatch(/"port": must be a port number/);
  });
});
