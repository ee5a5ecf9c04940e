import { Option, type Command } from 'commander';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { isLoopbackHost } from '../admin/access-guard.js';
import { safeUrl } from '../core/store/redis/redis-url.js';
import { writeJournalFile } from '../core/journal/journal-file.js';
import { Journal } from '../core/journal/journal.js';
import { createValidatingProxy } from './proxy/validating-proxy.js';
import { httpUrl } from './shared/cli-values.js';
import { apiNames, loadContracts } from './shared/load-contracts.js';

interface ProxyOptions {
  api: string;
  upstream: string;
  port: string;
  host: string;
  journalSize: string;
  journalFile?: string;
  specs?: string;
  logLevel: string;
  bodyLimit: string;
  allowedHosts: string[];
  adminToken?: string;
}

/** `ordermock proxy`: a validating proxy in front of a real server. */
export function registerProxyCommand(program: Command): void {
  program
    .command('proxy')
    .description('forward requests to a real server unchanged; check both sides against the contract and journal every mismatch')
    .addOption(new Option('--api <name>', 'the contract the upstream implements').choices(apiNames).makeOptionMandatory())
    .addOption(new Option('--upstream <url>', "the real server's base URL").argParser(httpUrl).makeOptionMandatory())
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', '4020')
    .option('-H, --host <host>', 'interface to bind', '127.0.0.1')
    .option('--journal-size <n>', 'how many exchanges /__ordermock/journal keeps', '1000')
    .option('--journal-file <file>', 'write the journal as NDJSON to this file on shutdown (for ordermock coverage)')
    .option('--specs <dir>', 'directory of <api>.yaml contracts (default: the bundled specs)')
    .option('--body-limit <bytes>', 'largest request body forwarded (413 beyond it)', String(1024 * 1024))
    .option('--allowed-hosts <host...>', 'extra Host names its control plane answers (loopback names and IPs always; "all" = any)', [])
    .addOption(new Option('--admin-token <token>', 'require Authorization: Bearer <token> on its control plane').env('ORDERMOCK_ADMIN_TOKEN'))
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'))
    .action(async (opts: ProxyOptions) => {
      const port = Number(opts.port);
      const size = Number(opts.journalSize);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number (0-65535)');
      if (!Number.isInteger(size) || size < 1) throw new Error('--journal-size must be a positive whole number');
      const bodyLimit = Number(opts.bodyLimit);
      if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 1) throw new Error('--body-limit must be a positive number of bytes');
      await runProxy(opts, port, size, bodyLimit);
    });
}

async function runProxy(opts: ProxyOptions, listenPort: number, size: number, bodyLimit: number): Promise<void> {
  const logger = pino({ level: opts.logLevel, base: undefined });
  const [api] = await loadContracts([opts.api], opts.specs);
  const journal = new Journal(size);
  const server = createValidatingProxy({
    api,
    upstream: opts.upstream,
    journal,
    logger,
    bodyLimit,
    access: { allowedHosts: opts.allowedHosts, adminToken: opts.adminToken },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(listenPort, opts.host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  logger.info({ api: api.name, upstream: safeUrl(opts.upstream), journal: `${url}/__ordermock/journal` }, `ordermock proxy listening on ${url}`);
  if (!isLoopbackHost(opts.host) && !opts.adminToken) {
    logger.warn({ host: opts.host }, `listening on ${opts.host}, which other machines can reach, and the journal of forwarded traffic has no token; set --admin-token or ORDERMOCK_ADMIN_TOKEN`);
  }

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    (opts.journalFile ? writeJournalFile(journal, opts.journalFile) : Promise.resolve(0)).then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'could not write the journal file');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
