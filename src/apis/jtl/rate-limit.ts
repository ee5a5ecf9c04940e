import type { HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';

const WINDOW_MS = 60_000;

interface RateWindow {
  clientId: string;
  /** Times (ISO) of the client's counted requests in the last minute. */
  hits: string[];
}

/**
 * Sliding one-minute window per client. The hits live in the `rateLimits` collection, so they are
 * per namespace and `/__ordermock/reset` clears them. A refused (429) request is not counted.
 */
export function countRequest(ctx: HandlerContext, clientId: string, limit: number | undefined): void {
  if (!limit || limit <= 0) return;
  const windows = ctx.data.collection<RateWindow>('rateLimits');
  const now = ctx.clock.now().getTime();
  const hits = (windows.get(clientId)?.hits ?? []).filter((at) => Date.parse(at) > now - WINDOW_MS);
  if (hits.length >= limit) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(hits[0]) + WINDOW_MS - now) / 1000));
    throw new OrdermockError('ORDERMOCK_ERR_RATE_LIMITED', [`Rate limit of ${limit} requests per minute exceeded. Retry in ${retryAfter} seconds.`], {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
  windows.put(clientId, { clientId, hits: [...hits, new Date(now).toISOString()] });
}
