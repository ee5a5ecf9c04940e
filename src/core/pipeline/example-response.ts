import type { Operation } from 'openapi-backend';
import type { ApiResponse } from '../api-module.js';

type Media = { example?: unknown; examples?: Record<string, { value?: unknown }>; schema?: { example?: unknown; examples?: unknown[] } };
type Header = { required?: boolean; example?: unknown; schema?: { example?: unknown; default?: unknown; type?: unknown; enum?: unknown[] } };
type Declared = { content?: Record<string, Media>; headers?: Record<string, Header> };

const responsesOf = (operation: Operation) => (operation.responses ?? {}) as Record<string, Declared>;

/** The statuses an operation documents by number (not `default` or `4XX`), ascending. */
export function documentedStatuses(operation: Operation): number[] {
  return Object.keys(responsesOf(operation))
    .filter((k) => /^\d{3}$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Names of every example the operation's responses hold, with their status. */
export function exampleNames(operation: Operation): { name: string; status: number }[] {
  const out: { name: string; status: number }[] = [];
  for (const status of documentedStatuses(operation)) {
    for (const name of Object.keys(responsesOf(operation)[status].content?.['application/json']?.examples ?? {})) out.push({ name, status });
  }
  return out;
}

/**
 * The documented answer for `status`: its example body (the one named, else the first) and a value
 * for each required header. Undefined when the status is not documented by number.
 */
export function exampleResponse(operation: Operation, status: number, name?: string): ApiResponse | undefined {
  const declared = responsesOf(operation)[String(status)];
  if (!declared) return undefined;
  const response: ApiResponse = { status, headers: requiredHeaders(declared) };
  const media = declared.content?.['application/json'];
  if (!media) return response;
  const named = media.examples ?? {};
  const chosen = name !== undefined ? named[name] : Object.values(named)[0];
  const body = chosen?.value ?? media.example ?? media.schema?.example ?? media.schema?.examples?.[0];
  if (body === undefined && name !== undefined) return undefined;
  return { ...response, body: body === undefined ? undefined : structuredClone(body) };
}

/** Every declared header that has an example, and a stand-in for required ones that have none. */
function requiredHeaders(declared: Declared): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, header] of Object.entries(declared.headers ?? {})) {
    const value = header.example ?? header.schema?.example ?? header.schema?.default ?? header.schema?.enum?.[0];
    if (!header.required && value === undefined) continue;
    out[name.toLowerCase()] = value !== undefined ? String(value) : header.schema?.type === 'integer' || header.schema?.type === 'number' ? '1' : 'example';
  }
  return out;
}
