import { Redis } from 'ioredis';
import { StoreOpenError } from '../store-open-error.js';
import { safeUrl } from './redis-url.js';

export { isRedisUrl, keyPrefix, safeUrl } from './redis-url.js';

export interface ConnectOptions {
  /** A command that gets no answer fails after this long instead of hanging a request (default 2 s). */
  commandTimeoutMs?: number;
}

/**
 * Connects, or throws a one-line StoreOpenError naming the URL. Afterwards the client reconnects
 * by itself; meanwhile commands fail at once (no offline queue) rather than wait.
 */
export async function connectRedis(url: string, options: ConnectOptions = {}): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(50 * times, 500),
  });
  client.on('error', () => undefined); // each failed command reports its own error; reconnecting is automatic
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new StoreOpenError(
      safeUrl(url),
      'unreachable',
      `Cannot reach Redis at ${safeUrl(url)} (${(err as Error).message.split('\n')[0]}): start it, or point --store at a running one.`,
    );
  }
  return client;
}
