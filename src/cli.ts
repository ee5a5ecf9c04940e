import { Command, Option } from 'commander';
import { setFlagsFromString } from 'node:v8';
import type { Logger } from 'pino';
import { isLoopbackHost } from './admin/access-guard.js';
import { ADMIN_PREFIX } from './admin/control-plane.js';
import { envOf, flagOf, serveOptions, type ServeConfig } from './config/options.js';
import { CONFIG_ENV, CONFIG_FILES, resolveConfig } from './config/resolve-config.js';
import { REFERENCE_PATH } from './server/docs-routes.js';
import { createLogger } from './server/create-logger.js';
import { startOrdermock, type RunningOrdermock } from './server/start-ordermock.js';
import { version } from './server/version.js';
import { registerCoverageCommand } from './commands/coverage.js';
import { registerLintCommand } from './commands/lint.js';
import { registerProxyCommand } from './commands/proxy.js';
import { registerVerifyCommand } from './commands/verify.js';
import { writeJournalFile } from './core/journal/journal-file.js';
import { safeUrl } from './core/store/redis/redis-url.js';

const shown = (value: unknown): string => (value === undefined ? 'none' : Array.isArray(value) ? (value.length ? value.join(',') : 'none') : String(value));

/** Builds the command line from the one option table; values are validated by `resolveConfig`, not here. */
export function buildCli(): Command {
  const program = new Command('ordermock')
    .description('Stateful mock and contract-testing server for order-update APIs')
    .version(version, '-v, --version', 'print the version and exit');
  const serve = program
    .command('serve', { isDefault: true })
    .description('serve every API on one port, each under its own prefix')
    .option('-c, --config <file>', `options file, JSON or YAML (default: ./${CONFIG_FILES.join(' or ./')} when present; env ${CONFIG_ENV})`);
  for (const o of serveOptions) {
    const flags = `${o.short ? `-${o.short}, ` : ''}${flagOf(o.key)} ${o.arg}`;
    serve.addOption(new Option(flags, `${o.description} (default: ${o.shownDefault ?? shown(o.default)}; env ${envOf(o.key)})`));
  }
  serve.action(async (opts: Record<string, unknown>) => {
    const { config: configFile, ...cli } = opts;
    await serveWith(resolveConfig({ cli, configFile: configFile as string | undefined }));
  });
  registerCoverageCommand(program);
  registerLintCommand(program);
  registerProxyCommand(program);
  registerVerifyCommand(program);
  return program;
}

async function serveWith(config: Readonly<ServeConfig>): Promise<void> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const started = performance.now();
  const mock = await startOrdermock({
    port: config.port,
    host: config.host,
    dataFile: config.store ?? config.data,
    specsDir: config.specs,
    seedDir: config.seeds,
    apis: config.api,
    strictResponses: config.strictResponses,
    bodyLimit: config.bodyLimit,
    journalCapacity: config.journalSize,
    journal: config.journal,
    cors: { enabled: config.cors, origins: config.corsOrigins },
    access: { allowedHosts: config.allowedHosts, origins: config.adminOrigins, adminToken: config.adminToken },
    watch: config.watch,
    logger,
  });
  // Loaded: from now on a long-running server allocates much and keeps little, so let V8 grow
  // the heap by a fifth past what a collection leaves, not by its default of up to 4× (under
  // constant load the RSS grew by ~9 KB per request). Not during the load, which it slows.
  setFlagsFromString('--heap-growing-percent=20');
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'flushing pending writes and shutting down');
    // Data first: a failing journal write never costs data.
    mock.close().then(() => (config.journalFile ? writeJournalFile(mock.journal, config.journalFile) : 0)).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, `shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  banner(logger, mock, config, Math.round(performance.now() - started));
  await mock.watcher?.ready;
}

/** What a newcomer needs on one screen: where each API is, its reference, what was loaded. */
function banner(logger: Logger, mock: RunningOrdermock, config: Readonly<ServeConfig>, startMs: number): void {
  const { report } = mock.store;
  const data = config.store ? safeUrl(config.store) : config.data; // a Redis password never reaches the log
  logger.info(
    { version, data, created: report.created, replayed: report.replayed, tornLines: report.tornLines, startMs },
    `ordermock listening on ${mock.url}`,
  );
  const width = Math.max(...mock.apis.map((a) => a.name.length));
  for (const api of mock.apis) {
    const orders = mock.store.data('default', api.name).collection('orders').size;
    const reference = `${mock.url}${ADMIN_PREFIX}${REFERENCE_PATH}/${api.name}`;
    logger.info(
      { api: api.name, baseUrl: mock.baseUrl(api.name), reference, orders, operations: api.operations },
      `${api.name.padEnd(width)}  ${mock.baseUrl(api.name)}  reference ${reference}  ${orders} orders`,
    );
  }
  logger.info({ data, created: report.created }, `${config.store ? 'store' : 'data file'} ${data}${report.created ? ' (created from the seeds)' : ''}; landing page ${mock.url}/`);
  if (!isLoopbackHost(config.host) && !config.adminToken) {
    logger.warn(
      { host: config.host },
      `listening on ${config.host}, which other machines can reach, and the control plane (${ADMIN_PREFIX}: reset, journal) has no token; set --admin-token or ORDERMOCK_ADMIN_TOKEN`,
    );
  }
  if (!config.cors) logger.info('CORS is off: browsers on other origins cannot call the APIs');
}

export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}
