/**
 * The proxy sits in front of real servers with real credentials: passwords, client secrets and
 * issued tokens are replaced before anything reaches the journal or the logs.
 */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential/i;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  return SECRET_KEY.test(name);
}

/** A copy of `value` with every secret-named property's value replaced (any depth). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redactSecrets) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, isSecretName(k) && v !== null && v !== undefined && typeof v !== 'object' ? REDACTED : redactSecrets(v)]),
  ) as T;
}
