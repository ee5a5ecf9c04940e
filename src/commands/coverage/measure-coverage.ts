import type { Operation } from 'openapi-backend';
import type { LoadedApi } from '../../core/contract/build-backend.js';
import type { JournalEntry } from '../../core/journal/journal.js';
import { addSchemaPaths, valuePaths, type RequestShape } from './schema-paths.js';
import { stateMachines } from './state-transitions.js';

export const CATEGORIES = ['operations', 'statuses', 'fields', 'enums', 'transitions'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CoverageItem {
  category: Category;
  operationId: string | null;
  /** What was (or was not) exercised, e.g. `updateOrder 409`, `updateOrder body.action = "confirm"`. */
  name: string;
  hits: number;
}

export interface Tally {
  covered: number;
  total: number;
  percent: number;
}

export interface ApiCoverage {
  api: string;
  items: CoverageItem[];
  categories: Record<Category, Tally>;
  total: Tally;
}

/** Seed order statuses per API (`orders` collection), for the first transition of an order the journal never showed. */
export type SeedStatuses = Record<string, Record<string, string | undefined>>;

/** What the journal exercised of one API's contract, item by item. */
export function measureCoverage(api: LoadedApi, entries: JournalEntry[], seedStatuses: SeedStatuses = {}): ApiCoverage {
  const mine = entries.filter((e) => e.api === api.name);
  const items: CoverageItem[] = [];
  for (const operation of api.operations.values()) items.push(...operationItems(operation, mine.filter((e) => e.operationId === operation.operationId)));
  items.push(...transitionItems(api, mine, seedStatuses[api.name] ?? {}));
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, tally(items.filter((i) => i.category === c))])) as Record<Category, Tally>;
  return { api: api.name, items, categories, total: tally(items) };
}

export function tally(items: Pick<CoverageItem, 'hits'>[]): Tally {
  const covered = items.filter((i) => i.hits > 0).length;
  return { covered, total: items.length, percent: items.length ? Math.round((covered / items.length) * 1000) / 10 : 100 };
}

/** Sums tallies: the percentage of all items, not the mean of percentages. */
export function sumTallies(tallies: Tally[]): Tally {
  const covered = tallies.reduce((n, t) => n + t.covered, 0);
  const total = tallies.reduce((n, t) => n + t.total, 0);
  return { covered, total, percent: total ? Math.round((covered / total) * 1000) / 10 : 100 };
}

function operationItems(operation: Operation, entries: JournalEntry[]): CoverageItem[] {
  const operationId = operation.operationId as string;
  const item = (category: Category, name: string, hits: number): CoverageItem => ({ category, operationId, name, hits });
  const items = [item('operations', `${operation.method.toUpperCase()} ${operation.path} (${operationId})`, entries.length)];

  for (const status of Object.keys(operation.responses ?? {}).filter((s) => s !== 'default')) {
    const matches = (code: number) => (/X/i.test(status) ? String(code)[0] === status[0] : String(code) === status);
    items.push(item('statuses', `${operationId} ${status}`, entries.filter((e) => matches(e.response.status)).length));
  }

  const shape = requestShape(operation);
  const seen = entries.map(observedPaths);
  const hits = (check: (paths: Map<string, Set<string>>) => boolean) => seen.filter(check).length;
  for (const field of shape.fields) items.push(item('fields', `${operationId} ${field}`, hits((p) => p.has(field))));
  for (const [path, values] of shape.enums) {
    for (const value of values) items.push(item('enums', `${operationId} ${path} = ${JSON.stringify(value)}`, hits((p) => p.get(path)?.has(JSON.stringify(value)) ?? false)));
  }
  return items;
}

/** Body fields (JSON or form) and declared query/header parameters; path parameters are always sent. */
function requestShape(operation: Operation): RequestShape {
  const shape: RequestShape = { fields: new Set(), enums: new Map() };
  const content = ((operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {});
  for (const media of Object.values(content)) addSchemaPaths(media.schema, 'body', shape);
  for (const p of (operation.parameters ?? []) as { in: string; name: string; schema?: unknown }[]) {
    if (p.in !== 'query' && p.in !== 'header') continue;
    const path = `${p.in}.${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    shape.fields.add(path);
    addSchemaPaths(p.schema, path, shape);
  }
  return shape;
}

function observedPaths(entry: JournalEntry): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  valuePaths(entry.request.body, 'body', out);
  valuePaths(entry.request.query ?? {}, 'query', out);
  const headers = Object.fromEntries(Object.entries(entry.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  valuePaths(headers, 'header', out);
  return out;
}

/**
 * A transition is exercised by an accepted update that asked for one; its `from` is the status the
 * journal last showed for that order (in that namespace), else the order's seed status.
 */
function transitionItems(api: LoadedApi, entries: JournalEntry[], seeds: Record<string, string | undefined>): CoverageItem[] {
  const machine = stateMachines[api.name];
  if (!machine) return [];
  const hits = new Map<string, number>(machine.transitions.map(([from, to]) => [`${from} → ${to}`, 0]));
  const known = new Map<string, string>();
  for (const entry of entries) {
    const ok = entry.response.status >= 200 && entry.response.status < 300;
    if (!ok || !entry.operationId || !machine.showsStatus.includes(entry.operationId)) continue;
    const id = orderId(api, entry, machine.idParam);
    const status = machine.statusIn(entry.operationId, entry.response.body);
    if (id === undefined || typeof status !== 'string') continue;
    const key = `${entry.namespace}\u0000${id}`;
    const from = known.get(key) ?? seeds[id];
    const body = entry.request.body;
    if (entry.operationId === machine.update && from !== undefined && body && typeof body === 'object' && machine.asksTransition(body as Record<string, unknown>)) {
      const name = `${from} → ${status}`;
      if (hits.has(name)) hits.set(name, hits.get(name)! + 1);
    }
    known.set(key, status);
  }
  return [...hits].map(([name, n]) => ({ category: 'transitions', operationId: machine.update, name, hits: n }));
}

/** The order id from the recorded path (with or without the API prefix: the proxy records the vendor's path). */
function orderId(api: LoadedApi, entry: JournalEntry, param: string): string | undefined {
  const prefix = `/${api.name}`;
  const paths = entry.path.startsWith(`${prefix}/`) ? [entry.path.slice(prefix.length), entry.path] : [entry.path];
  for (const path of paths) {
    const match = api.router.match(entry.method, path);
    if (match?.operation.operationId === entry.operationId) return match.params[param];
  }
  return undefined;
}
