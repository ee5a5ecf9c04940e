import type { Operation } from 'openapi-backend';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  operation: Operation;
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/**
 * The contract's operations as regexes compiled once (openapi-backend's own router builds a regex
 * per operation on every request). Same precedence: a literal path beats a template, then the
 * template with the most literal characters; a trailing slash is ignored.
 */
export class OperationRouter {
  private readonly routes: Route[];

  constructor(operations: Operation[]) {
    this.routes = operations
      .map((operation) => ({ operation, ...compile(operation.path), method: operation.method.toUpperCase() }))
      .sort((a, b) => Number(a.names.length > 0) - Number(b.names.length > 0) || literalLength(b.operation.path) - literalLength(a.operation.path));
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (found) return { operation: route.operation, params: paramsOf(route, found) };
    }
    return undefined;
  }

  /** Methods the contract allows on a path: the `Allow` header of a 405. */
  allowedMethods(path: string): string[] {
    return [...new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
  }
}

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .replace(/\/+$/, '')
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

const literalLength = (template: string) => template.replace(/\{[^}]+\}/g, '').length;

function paramsOf(route: Route, found: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  route.names.forEach((name, i) => {
    params[name] = safeDecode(found[i + 1]);
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
