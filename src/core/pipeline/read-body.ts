import { OrdermockError, describeField, ordermockError, type FieldIssue } from '../errors/catalogue.js';
import { MAX_ISSUES, boundSegment, moreIssues } from '../errors/bound-error.js';
import type { Exchange } from './exchange.js';

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** Deepest nesting of arrays and objects a JSON body may have (System.Text.Json's default too). */
export const MAX_BODY_DEPTH = 64;
// Keys that would reach Object prototypes if anything ever merged a body naively.
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Stage: checks the body's media type against the operation's declared ones (openapi-backend
 * never does), parses JSON or form bodies, and turns parse failures into contract errors. A body
 * that parses is also refused when it nests deeper than MAX_BODY_DEPTH, holds a number JSON
 * cannot carry (`1e400` parses to Infinity) or a key that names a prototype: nothing is stripped.
 */
export function readBody(ex: Exchange): void {
  const { incoming } = ex;
  if (incoming.bodyError) {
    if (incoming.bodyError.tooLarge) throw ordermockError('ORDERMOCK_ERR_PAYLOAD_TOO_LARGE', incoming.bodyError.limit);
    throw ordermockError('ORDERMOCK_ERR_MALFORMED_BODY', 'data', incoming.bodyError.message);
  }
  const raw = incoming.rawBody;
  if (!raw || raw.length === 0) {
    ex.request!.body = undefined;
    return;
  }
  const declared = Object.keys((ex.operation!.requestBody as { content?: object } | undefined)?.content ?? {});
  const contentType = mediaType(incoming.headers['content-type']);
  const accepted = declared.find((type) => mediaTypeMatches(type, contentType));
  if (!accepted) {
    throw ordermockError('ORDERMOCK_ERR_UNSUPPORTED_MEDIA_TYPE', contentType || '(none)', declared.join(', ') || 'no request body');
  }
  const body = accepted === FORM_TYPE ? parseForm(raw) : parseJson(raw);
  const issues = inspect(body);
  if (issues.length) throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [issues.map((i) => `${describeField(i)} ${i.message}`).join('; ')], { issues });
  ex.request!.body = body;
}

/** `application/json` matches itself; a declared range `application/*+json` any `application/<x>+json`. */
function mediaTypeMatches(declared: string, actual: string): boolean {
  if (declared === actual) return true;
  const range = /^([\w.-]+)\/\*(\+[\w.-]+)?$/.exec(declared);
  if (!range) return false;
  const [type, subtype = ''] = actual.split('/');
  return type === range[1] && subtype.length > (range[2]?.length ?? 0) && subtype.endsWith(range[2] ?? '');
}

// JSON is UTF-8 (RFC 8259): bytes that are not are refused, not silently turned into U+FFFD.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(raw: Buffer): unknown {
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw ordermockError('ORDERMOCK_ERR_MALFORMED_BODY', 'JSON', 'it is not valid UTF-8');
  }
  const depth = nestingDepth(text);
  if (depth > MAX_BODY_DEPTH) throw ordermockError('ORDERMOCK_ERR_BODY_TOO_DEEP', MAX_BODY_DEPTH, depth);
  try {
    // JSON.parse defines every key as an own data property (a "__proto__" key sets no prototype);
    // `inspect` then refuses such keys, so no handler ever sees one.
    return JSON.parse(text);
  } catch (err) {
    throw ordermockError('ORDERMOCK_ERR_MALFORMED_BODY', 'JSON', (err as Error).message);
  }
}

/**
 * The deepest nesting of `[` and `{` outside strings, counted before parsing: a 10,000-deep body
 * parses, but every recursive step after it (validation, copying, logging) could overflow the stack.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

function parseForm(raw: Buffer): Record<string, string> {
  // Null prototype: a form field named `__proto__` is a plain key here (and refused by `inspect`).
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) out[key] = value;
  return out;
}

/** Numbers that are not finite and keys that name a prototype, wherever they are (depth is bounded). */
function inspect(body: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let count = 0;
  const path: (string | number)[] = []; // one stack, copied only into an issue
  const report = (message: string, rule: string) => {
    if (++count <= MAX_ISSUES) issues.push({ in: 'body', path: [...path], message, rule });
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) report('must be a finite number (it is out of range)', 'finite');
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    } else if (value && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        path.push(boundSegment(key));
        if (POISONED_KEYS.has(key)) report('is not allowed: reserved property name', 'additionalProperties');
        else visit((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  visit(body);
  if (count > MAX_ISSUES) issues.push(moreIssues(count - MAX_ISSUES));
  return issues;
}

function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').split(';')[0].trim().toLowerCase();
}
