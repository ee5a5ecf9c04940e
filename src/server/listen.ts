import { createServer, type RequestListener, type Server } from 'node:http';
import { OrdermockError } from '../core/errors/catalogue.js';

/** What to do about each way a bind fails, in one line a newcomer can act on. */
const ADVICE: Record<string, (port: number, host: string) => string> = {
  EADDRINUSE: (port) => `port ${port} is in use (another ordermock or server?); pick another with --port <n> (or ORDERMOCK_PORT), or --port 0 for any free port`,
  EACCES: (port) => `permission denied for port ${port} (ports below 1024 need privileges); pick a port above 1024 with --port <n>`,
  EADDRNOTAVAIL: (_port, host) => `no interface of this machine has the address ${host}; use --host 127.0.0.1 (the default), 0.0.0.0 (every interface) or one of this machine's addresses`,
  ENOTFOUND: (_port, host) => `the host name ${host} does not resolve; use --host 127.0.0.1 (the default), localhost or an address of this machine`,
  EAI_AGAIN: (_port, host) => `the host name ${host} could not be resolved; use an IP address with --host`,
};

/**
 * Binds before anything is opened on disk, so a failed bind leaves nothing behind; the handler
 * is attached once the app exists. Fails with ORDERMOCK_ERR_LISTEN naming the port or host.
 */
export async function listen(port: number, host: string): Promise<{ server: Server; attach(handler: RequestListener): void }> {
  let handler: RequestListener | undefined;
  const waiting: Parameters<RequestListener>[] = [];
  const server = createServer((req, res) => (handler ? handler(req, res) : void waiting.push([req, res])));
  await new Promise<void>((done, fail) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const advice = ADVICE[err.code ?? '']?.(port, host) ?? `${err.code ?? 'error'}: ${err.message}`;
      fail(new OrdermockError('ORDERMOCK_ERR_LISTEN', [`${host.includes(':') ? `[${host}]` : host}:${port}`, advice]));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      done();
    });
  });
  return {
    server,
    attach(next) {
      handler = next;
      for (const [req, res] of waiting.splice(0)) next(req, res);
    },
  };
}
