import type { Operation } from 'openapi-backend';
import type { LoadedApi } from '../../core/contract/build-backend.js';
import type { Answers, Step, VerifyPlan } from './verify-plan.js';

type Parameter = { in: string; name: string; required?: boolean; example?: unknown };
type Media = { examples?: Record<string, { value?: unknown }>; example?: unknown };

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Turns a step (or a documented example) into an HTTP request against `target`. */
export function buildRequest(api: LoadedApi, plan: VerifyPlan, target: string, step: Omit<Step, 'expect' | 'name'>, answers: Answers, token?: string): BuiltRequest {
  const operation = api.operations.get(step.operationId);
  if (!operation) throw new Error(`verify plan of ${api.name}: no operation ${step.operationId}`);
  const parameters = parametersOf(api, operation);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = step.params?.[name] ?? parameters.find((p) => p.in === 'path' && p.name === name)?.example;
    if (value === undefined) throw new Error(`verify plan of ${api.name}: ${step.operationId} needs path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams(step.query ?? Object.fromEntries(parameters.filter((p) => p.in === 'query' && p.required && p.example !== undefined).map((p) => [p.name, String(p.example)])));

  const headers: Record<string, string> = {};
  for (const p of parameters.filter((x) => x.in === 'header' && x.required && x.example !== undefined)) headers[p.name.toLowerCase()] = String(p.example);
  const security = (operation.security ?? api.document.security ?? []) as Record<string, string[]>[];
  if (security.some((req) => Object.keys(req).length > 0)) Object.assign(headers, plan.auth(token));

  const [type, media] = Object.entries(((operation.requestBody as { content?: Record<string, Media> } | undefined)?.content ?? {}))[0] ?? [];
  let value: unknown;
  if (step.example !== undefined) {
    value = media?.examples?.[step.example]?.value;
    if (value === undefined) throw new Error(`verify plan of ${api.name}: ${step.operationId} documents no request example ${step.example}`);
  } else {
    value = step.bodyFrom ? step.bodyFrom(answers) : step.body;
  }
  let body: string | undefined;
  if (value !== undefined) {
    headers['content-type'] = type ?? 'application/json';
    body = type === 'application/x-www-form-urlencoded' ? new URLSearchParams(value as Record<string, string>).toString() : JSON.stringify(value);
  }
  for (const [name, v] of Object.entries(step.headers ?? {})) {
    if (v === null) delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = v;
  }
  const search = query.toString();
  return { method: operation.method.toUpperCase(), url: `${target}${path}${search ? `?${search}` : ''}`, headers, body };
}

/** Path-level and operation-level parameters (the operation's win), as the contract declares them. */
function parametersOf(api: LoadedApi, operation: Operation): Parameter[] {
  const item = (api.document.paths?.[operation.path] ?? {}) as { parameters?: Parameter[] };
  const own = (operation.parameters ?? []) as Parameter[];
  const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.in === p.in && o.name === p.name));
  return [...inherited, ...own];
}

/** The documented request examples of an operation, by name ([] when it takes no body). */
export function requestExamples(operation: Operation): string[] {
  const content = (operation.requestBody as { content?: Record<string, Media> } | undefined)?.content ?? {};
  return Object.values(content).flatMap((m) => Object.keys(m.examples ?? {}));
}
