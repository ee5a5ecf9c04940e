import type { RequestHeaders } from '../../core/api-module.js';
import { OrdermockError, describeField, type FieldIssue } from '../../core/errors/catalogue.js';
import { validateDateTime } from '../../core/contract/create-ajv.js';
import { header } from '../shared/credentials.js';

export const SITE_CONTEXT_HEADER = 'x-site-context';

/** The parsed `x-site-context` header (schema `SiteContext`; unknown keys allowed). */
export interface SiteContext {
  account: string;
  date?: string;
  channel?: number | string;
  stage?: string;
  [key: string]: unknown;
}

/**
 * Parses and checks the header against `SiteContext`. Ajv treats `contentSchema` as an
 * annotation only, so the JSON inside the string is checked here; every problem is a 400
 * naming the field.
 */
export function parseSiteContext(headers: RequestHeaders): SiteContext {
  const raw = header(headers, SITE_CONTEXT_HEADER);
  if (raw === undefined || raw.trim() === '') throw invalid([issue([], 'is required', 'required')]);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid([issue([], 'must be a JSON object (the header is not valid JSON)', 'contentMediaType')]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid([issue([], 'must be a JSON object', 'type')]);
  }
  const ctx = value as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (!('account' in ctx)) issues.push(issue(['account'], 'is required', 'required'));
  else if (typeof ctx.account !== 'string') issues.push(issue(['account'], 'must be string', 'type'));
  else if (ctx.account.length !== 24) issues.push(issue(['account'], 'must be 24 characters long', 'minLength'));
  // `date-time` exactly as the contract's validators judge it (ajv-formats): Date.parse would
  // take February 30 or 24:00 and roll them over into the next month or day.
  if ('date' in ctx && (typeof ctx.date !== 'string' || !validateDateTime(ctx.date))) {
    issues.push(issue(['date'], 'must match format "date-time"', 'format'));
  }
  if ('channel' in ctx && !Number.isInteger(ctx.channel) && typeof ctx.channel !== 'string') {
    issues.push(issue(['channel'], 'must be integer or string', 'type'));
  }
  if ('stage' in ctx && typeof ctx.stage !== 'string') issues.push(issue(['stage'], 'must be string', 'type'));
  if (issues.length) throw invalid(issues);
  return ctx as SiteContext;
}

/** A well-formed header naming an account the mock does not know is a 400 too (not a 401). */
export function unknownAccount(account: string): OrdermockError {
  return invalid([issue(['account'], `names no known account (${account})`, 'exists')]);
}

function issue(path: string[], message: string, rule: string): FieldIssue {
  return { in: 'header', path: [SITE_CONTEXT_HEADER, ...path], message, rule };
}

function invalid(issues: FieldIssue[]): OrdermockError {
  const text = issues.map((i) => `${describeField(i)} ${i.message}`).join('; ');
  return new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [text], { issues });
}
