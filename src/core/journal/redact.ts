/**
 * The one place that decides what is a secret. The journal and the logs end up in CI output, so
 * passwords, client secrets, issued tokens, API keys and cookies never leave here in clear.
 */
export const REDACTED = '[redacted]';

// Compared without case, `_` or `-`: `client_secret`, `clientSecret` and `Client-Secret` are one key.
const SECRET_KEYS = new Set(['password', 'passwd', 'secret', 'clientsecret', 'token', 'accesstoken', 'refreshtoken', 'idtoken', 'apikey', 'xapikey', 'authorization', 'cookie', 'setcookie', 'proxyauthorization', 'sessiontoken']);
const AUTH_SCHEMES = /^(Bearer|Basic|Digest|Token|ApiKey|OAuth|Negotiate|HOBA|Mutual|AWS4-HMAC-SHA256)\s+\S/i;

const normalise = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

// Bodies repeat the same few keys: each is judged once (bounded, so unique keys cannot fill memory).
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

export function isSecretKey(key: string): boolean {
  let secret = verdicts.get(key);
  if (secret === undefined) {
    secret = SECRET_KEYS.has(normalise(key));
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(key, secret);
  }
  return secret;
}

/** `Bearer abc` → `Bearer [redacted]`; a value without a known scheme is redacted whole. */
export function redactAuthorization(value: string): string {
  const scheme = AUTH_SCHEMES.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** Request or response headers (names lower-case or not), with every credential replaced. */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = normalise(name);
    if (key === 'authorization' || key === 'proxyauthorization') out[name] = redactEach(value, redactAuthorization);
    else if (isSecretKey(name) || /token|secret|password|apikey/.test(key)) out[name] = redactEach(value, () => REDACTED);
    else out[name] = value;
  }
  return out;
}

/**
 * A parsed body or query with the value of every secret key replaced, at any depth: a copy when
 * there is one to replace, else the value itself (nothing changes a body once its request is
 * answered, and most bodies hold no secret: copying each one was a tenth of what a request allocated).
 */
export function redactValue(value: unknown): unknown {
  return holdsSecret(value) ? redactedCopy(value) : value;
}

function holdsSecret(value: unknown): boolean {
  // Iterative: bodies can be nested thousands of levels deep.
  const stack = [value];
  while (stack.length) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    if (Array.isArray(item)) {
      for (const v of item) if (v !== null && typeof v === 'object') stack.push(v);
      continue;
    }
    for (const k in item) {
      if (!Object.prototype.hasOwnProperty.call(item, k)) continue;
      const v = (item as Record<string, unknown>)[k];
      if (v !== null && v !== undefined && isSecretKey(k)) return true;
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return false;
}

function redactedCopy(value: unknown): unknown {
  const root = { value };
  const stack: [Record<string, unknown> | unknown[], string | number, unknown][] = [[root, 'value', value]];
  while (stack.length) {
    const [parent, key, item] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(item) ? [...item] : (Object.assign(Object.create(null) as object, item) as Record<string, unknown>);
    (parent as Record<string | number, unknown>)[key] = copy;
    for (const [k, v] of Object.entries(copy)) {
      if (!Array.isArray(copy) && isSecretKey(k) && v !== null && v !== undefined) (copy as Record<string, unknown>)[k] = REDACTED;
      else if (v !== null && typeof v === 'object') stack.push([copy, Array.isArray(copy) ? Number(k) : k, v]);
    }
  }
  return root.value;
}

/** Raw text that could not be parsed (a malformed JSON or form body): secrets found by pattern. */
export function redactText(text: string): string {
  return text
    .replace(/("([^"\\]*)"\s*:\s*)"(?:[^"\\]|\\.)*"/g, (whole, head: string, key: string) => (isSecretKey(key) ? `${head}"${REDACTED}"` : whole))
    .replace(/(^|[&?])([^=&?\s]+)=([^&]*)/g, (whole, sep: string, key: string) => (isSecretKey(decodeSafe(key)) ? `${sep}${key}=${REDACTED}` : whole));
}

function redactEach(value: unknown, redact: (v: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? redact(v) : REDACTED));
  return typeof value === 'string' ? redact(value) : REDACTED;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
