// What a start needs to know of a Redis URL, without loading ioredis (most starts use a file).

/** Whether a --store / --data value names a Redis server rather than a file. */
export const isRedisUrl = (value: string): boolean => /^rediss?:\/\//i.test(value);

/** The URL as logs and errors may show it: a password never appears in clear. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Key prefix from `?prefix=` (default `ordermock:`): several mocks can share one database. */
export function keyPrefix(url: string): string {
  return new URL(url).searchParams.get('prefix') ?? 'ordermock:';
}
