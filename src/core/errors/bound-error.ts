import type { FieldIssue, OrdermockError } from './catalogue.js';

/** An error lists at most this many issues, then one that counts the rest. */
export const MAX_ISSUES = 20;
/** Longest field-name segment an error repeats back (an unknown key can be a megabyte long). */
export const MAX_SEGMENT = 100;
/** Longest error message; a handler that joins thousands of issues is cut here. */
export const MAX_MESSAGE = 4000;

/** A client-chosen name, cut so that an error body never echoes more than MAX_SEGMENT of it. */
export function boundSegment(segment: string): string {
  return segment.length <= MAX_SEGMENT ? segment : `${segment.slice(0, MAX_SEGMENT)}…`;
}

/** The first MAX_ISSUES issues, then one issue (rule `truncated`) saying how many more there were. */
export function boundIssues(issues: FieldIssue[]): FieldIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [...issues.slice(0, MAX_ISSUES), moreIssues(issues.length - MAX_ISSUES)];
}

/** The issue that stands for `rest` issues left out of a list. */
export function moreIssues(rest: number): FieldIssue {
  return { in: 'body', path: [], message: `has ${rest} more violation${rest === 1 ? '' : 's'} not listed (only the first ${MAX_ISSUES} are)`, rule: 'truncated' };
}

/**
 * Bounds any error before it is rendered, whoever raised it (validation or a handler's business
 * rules): the body a client gets back stays small however large the request was.
 */
export function boundError(err: OrdermockError): OrdermockError {
  const writable = err as { issues: FieldIssue[]; message: string };
  if (err.issues.length > MAX_ISSUES && err.issues[MAX_ISSUES]?.rule !== 'truncated') writable.issues = boundIssues(err.issues);
  if (err.message.length > MAX_MESSAGE) writable.message = `${err.message.slice(0, MAX_MESSAGE)}… (${err.message.length - MAX_MESSAGE} more characters)`;
  return err;
}
