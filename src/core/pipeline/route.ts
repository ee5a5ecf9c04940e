import { OrdermockError, ordermockError } from '../errors/catalogue.js';
import { allowedMethods } from '../spec/build-backend.js';
import type { Exchange } from './exchange.js';

/** Stage: finds the contract's operation; 405 with `Allow` when only the method is wrong. */
export function route(ex: Exchange): void {
  const api = ex.api!;
  const path = ex.apiPath!;
  const { method, headers, query } = ex.incoming;
  const operation = api.backend.router.matchOperation({ method, path, headers: headers as never, query });
  if (operation) {
    const params = pathParams(operation.path, path);
    ex.operation = operation;
    ex.request = {
      method,
      path,
      operationId: operation.operationId as string,
      params: params as Record<string, string>,
      query,
      headers,
      body: undefined,
      principal: undefined,
    };
    return;
  }
  const allow = allowedMethods(api, path);
  if (allow.length) {
    throw new OrdermockError('ORDERMOCK_ERR_METHOD_NOT_ALLOWED', [method, path], { headers: { allow: allow.join(', ') } });
  }
  throw ordermockError('ORDERMOCK_ERR_ROUTE_NOT_FOUND', method, path);
}

const templates = new Map<string, { pattern: RegExp; names: string[] }>();

/** `{document_id}` values of a path, by a regex compiled once per path template. */
export function pathParams(template: string, path: string): Record<string, string> {
  let compiled = templates.get(template);
  if (!compiled) {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([^/]+)';
      })
      .join('');
    templates.set(template, (compiled = { pattern: new RegExp(`^${source}/?$`), names }));
  }
  const match = compiled.pattern.exec(path);
  const params: Record<string, string> = {};
  compiled.names.forEach((name, i) => {
    const raw = match?.[i + 1];
    if (raw !== undefined) params[name] = safeDecode(raw);
  });
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
