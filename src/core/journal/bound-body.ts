/** Bodies nested deeper than this are not kept: serializing them again would overflow the stack. */
export const MAX_BODY_DEPTH = 64;
const HEAD_CHARS = 256;

export const TRUNCATED_KEY = 'ordermock:truncated';

/** What the journal keeps instead of a body it will not hold. */
export interface TruncatedBody {
  [TRUNCATED_KEY]: { reason: string; bytes: number | null; head: string };
}

/**
 * Returns the body as the journal may keep it, with its size in bytes: the body itself when it fits
 * within `limit` bytes of JSON and MAX_BODY_DEPTH levels (the caller has redacted it already),
 * else a marker saying why and how big.
 */
export function boundBody(body: unknown, limit: number, json?: () => string): { body: unknown; bytes: number } {
  if (body === undefined) return { body: undefined, bytes: 0 };
  if (typeof body === 'string') {
    if (body.length <= limit) return { body, bytes: body.length };
    return overLimit(limit, Buffer.byteLength(body), body);
  }
  if (depthOver(body, MAX_BODY_DEPTH)) return marker(`nested deeper than ${MAX_BODY_DEPTH} levels`, null, '');
  const text = json ? json() : JSON.stringify(body); // `json`: the body's text, already made for sending
  if (text === undefined) return { body: undefined, bytes: 0 };
  if (text.length > limit) return overLimit(limit, Buffer.byteLength(text), text);
  return { body, bytes: text.length };
}

/** The marker for a body of `bytes` bytes over `limit`; `text` gives its head (already redacted). */
export function overLimit(limit: number, bytes: number, text: string): { body: TruncatedBody; bytes: number } {
  return marker(`over the journal's body limit of ${limit} bytes`, bytes, text);
}

function marker(reason: string, bytes: number | null, text: string): { body: TruncatedBody; bytes: number } {
  const head = text.slice(0, HEAD_CHARS);
  return { body: { [TRUNCATED_KEY]: { reason, bytes, head } }, bytes: head.length + reason.length + 64 };
}

/** Iterative, stops as soon as the limit is passed, and allocates only its stack. */
function depthOver(value: unknown, limit: number): boolean {
  const items: unknown[] = [value];
  const depths: number[] = [1];
  while (items.length) {
    const item = items.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const key in item) {
      const child = item[key];
      if (child !== null && typeof child === 'object' && Object.prototype.hasOwnProperty.call(item, key)) {
        items.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
