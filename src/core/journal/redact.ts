/**
 * The one place that decides what is a secret. The journal and the logs end up in CI output, so
 * passwords, client secrets, issued tokens, API keys and cookies never leave here in clear.
 */
export const REDACTED = '[redacted]';

// Compared on letters and digits only: `client_secret`, `clientSecret`, `Client-Secret` and `api key` match.
const SECRET_KEYS = new Set(['password', 'passwd', 'secret', 'clientsecret', 'token', 'accesstoken', 'refreshtoken', 'idtoken', 'apikey', 'xapikey', 'authorization', 'cookie', 'setcookie', 'proxyauthorization', 'sessiontoken']);
const AUTH_SCHEMES = /^(Bearer|Basic|Digest|Token|ApiKey|OAuth|Negotiate|HOBA|Mutual|AWS4-HMAC-SHA256)\s+\S/i;

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

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

/**
 * Raw text that could not be parsed (a malformed JSON or form body, a URL): secrets found by
 * pattern. In JSON-like text the whole value after a secret key is replaced, whatever it is (a
 * string, a number, an object or array) and even where the text ends inside it (a body cut short).
 */
export function redactText(text: string): string {
  return redactJsonValues(text).replace(/(^|[&?])([^=&?\s]+)=([^&]*)/g, (whole, sep: string, key: string) => (isSecretKey(decodeSafe(key)) ? `${sep}${key}=${REDACTED}` : whole));
}

const JSON_KEY = /"((?:[^"\\]|\\.)*)"\s*:\s*/g;

function redactJsonValues(text: string): string {
  let out = '';
  let copied = 0;
  JSON_KEY.lastIndex = 0;
  for (let m = JSON_KEY.exec(text); m; m = JSON_KEY.exec(text)) {
    const start = m.index + m[0].length;
    if (start >= text.length || !isSecretKey(unescapeKey(m[1]))) continue;
    const end = valueEnd(text, start);
    out += `${text.slice(copied, start)}"${REDACTED}"`;
    copied = end;
    JSON_KEY.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Where the JSON value starting at `i` ends (the text's end for a value cut short). Linear, no recursion. */
function valueEnd(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return stringEnd(text, i);
  if (first !== '{' && first !== '[') {
    while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

function stringEnd(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function unescapeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
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
