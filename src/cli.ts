import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { apiModules } from './apis/index.js';
import { registerCoverageCommand } from './commands/coverage.js';
import { registerLintCommand } from './commands/lint.js';
import { registerProxyCommand } from './commands/proxy.js';
import { registerVerifyCommand } from './commands/verify.js';
import { writeJournalFile } from './core/journal/journal-file.js';
import { startOrdermock, type OrdermockOptions } from './server/start-ordermock.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function bytes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive number of bytes');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number (0 or more)');
  return n;
}

/** Builds the command line: every option declared once, typed and checked by commander. */
export function buildCli(): Command {
  const program = new Command('ordermock').description('Stateful mock and contract-testing server for order-update APIs');
  program
    .command('serve', { isDefault: true })
    .description('serve every API on one port, each under its own prefix')
    .addOption(new Option('-p, --port <port>', 'port to listen on (0 = any free port)').default(4010).argParser(port).env('ORDERMOCK_PORT'))
    .addOption(new Option('-H, --host <host>', 'interface to bind').default('127.0.0.1').env('ORDERMOCK_HOST'))
    .addOption(new Option('-d, --data <file>', 'lowdb data file (created from the seeds when missing)').default('data/db.json').env('ORDERMOCK_DATA'))
    .option('--specs <dir>', 'directory of <api>.yaml contracts (default: the bundled specs)')
    .option('--seeds <dir>', 'directory of <api>.json seed fixtures (default: the bundled seeds)')
    .addOption(new Option('--api <name...>', 'serve only these APIs').choices(apiModules.map((m) => m.name)))
    .option('--strict-responses', 'answer 500 when the mock itself would break its contract', false)
    .option('--body-limit <bytes>', 'largest accepted request body', bytes, 1024 * 1024)
    .option('--journal-size <n>', 'how many requests the journal keeps for /__ordermock/journal', count, 1000)
    .option('--journal-file <file>', 'write the journal as NDJSON to this file on shutdown (for ordermock coverage)')
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'))
    .action(async (opts) => {
      await serve({
        port: opts.port,
        host: opts.host,
        dataFile: opts.data,
        specsDir: opts.specs,
        seedDir: opts.seeds,
        apis: opts.api,
        strictResponses: opts.strictResponses,
        bodyLimit: opts.bodyLimit,
        journalCapacity: opts.journalSize,
        journalFile: opts.journalFile,
        logger: pino({ level: opts.logLevel, base: undefined }),
      });
    });
  registerCoverageCommand(program);
  registerLintCommand(program);
  registerProxyCommand(program);
  registerVerifyCommand(program);
  return program;
}

async function serve(options: OrdermockOptions & { logger: NonNullable<OrdermockOptions['logger']>; journalFile?: string }): Promise<void> {
  const { logger } = options;
  const started = performance.now();
  const mock = await startOrdermock(options);
  const { report } = mock.store;
  logger.info(
    { data: options.dataFile, created: report.created, replayed: report.replayed, tornLines: report.tornLines, startMs: Math.round(performance.now() - started) },
    `ordermock listening on ${mock.url}`,
  );
  for (const api of mock.apis) logger.info({ api: api.name, operations: api.operations.size }, `${api.module.title}: ${mock.baseUrl(api.name)}`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'flushing pending writes and shutting down');
    mock.close().then(() => (options.journalFile ? writeJournalFile(mock.journal, options.journalFile) : 0)).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}
