import { ordermockError } from '../errors/catalogue.js';
import type { Exchange } from './exchange.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const FORM_TYPE = 'application/x-www-form-urlencoded';
// Keys that would reach Object prototypes if anything ever merged a body naively.
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Stage: checks the body's media type against the operation's declared ones (openapi-backend
 * never does), parses JSON or form bodies, and turns parse failures into contract errors.
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
  const accepted = declared.find((type) => type === contentType || (type === 'application/json' && JSON_TYPE.test(contentType)));
  if (!accepted) {
    throw ordermockError('ORDERMOCK_ERR_UNSUPPORTED_MEDIA_TYPE', contentType || '(none)', declared.join(', ') || 'no request body');
  }
  ex.request!.body = accepted === FORM_TYPE ? parseForm(raw) : parseJson(raw);
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    // The reviver costs a third of parse time, so only bodies that mention a poisoned key pay it.
    return /"(?:__proto__|constructor|prototype)"/.test(text)
      ? JSON.parse(text, (key, value) => (POISONED_KEYS.has(key) ? undefined : value))
      : JSON.parse(text);
  } catch (err) {
    throw ordermockError('ORDERMOCK_ERR_MALFORMED_BODY', 'JSON', (err as Error).message);
  }
}

function parseForm(raw: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
    if (!POISONED_KEYS.has(key)) out[key] = value;
  }
  return out;
}

function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').split(';')[0].trim().toLowerCase();
}
