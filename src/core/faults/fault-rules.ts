import type { Operation } from 'openapi-backend';
import type { LoadedApi } from '../contract/build-backend.js';
import { OrdermockError, type FieldIssue } from '../errors/catalogue.js';
import type { Exchange } from '../pipeline/exchange.js';
import { documentedStatuses } from '../pipeline/example-response.js';
import type { FaultRule, FaultRuleState } from './fault-rule.js';
import { seededRandom } from './seeded-random.js';

/** What a rule does to one request, decided when it fires (a delay range is drawn then). */
export interface FaultDecision {
  ruleId: string;
  delayMs?: number;
  status?: number;
  malformed?: boolean;
  drop?: boolean;
}

interface LiveRule {
  state: FaultRuleState;
  random: () => number;
  header: [string, string][];
}

const KEYS = new Set(['api', 'operationId', 'orderId', 'namespace', 'header', 'times', 'probability', 'seed', 'delayMs', 'status', 'malformed', 'drop']);
const ORDER_ID_FIELD = /^(id|.*Id|.*ID|.*Number|.*number)$/;

/** The fault rules of one server, matched against every API request in insertion order. */
export class FaultRules {
  private rules: LiveRule[] = [];
  private nextId = 1;

  constructor(private readonly apis: ReadonlyMap<string, LoadedApi>) {}

  /** Checks and adds a rule; an invalid one is refused naming each field, and nothing is added. */
  add(rule: FaultRule): FaultRuleState {
    const issues = this.check(rule);
    if (issues.length) {
      throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')], { issues });
    }
    const state: FaultRuleState = { id: `f${this.nextId++}`, ...structuredClone(rule), fired: 0, matched: 0 };
    const random = rule.seed === undefined ? Math.random : seededRandom(rule.seed);
    const header = Object.entries(rule.header ?? {}).map(([k, v]): [string, string] => [k.toLowerCase(), v]);
    this.rules.push({ state, random, header });
    return structuredClone(state);
  }

  list(): FaultRuleState[] {
    return this.rules.map((r) => structuredClone(r.state));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.state.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that matches and fires on this request (counting it), or undefined. */
  decide(ex: Exchange): FaultDecision | undefined {
    for (const rule of this.rules) {
      const { state } = rule;
      if (state.times !== undefined && state.fired >= state.times) continue;
      if (!matches(rule, ex)) continue;
      state.matched++;
      if (state.probability !== undefined && !(rule.random() < state.probability)) continue;
      state.fired++;
      const delay = state.delayMs;
      const delayMs = Array.isArray(delay) ? delay[0] + Math.floor(rule.random() * (delay[1] - delay[0] + 1)) : delay;
      return { ruleId: state.id, delayMs, status: state.status, malformed: state.malformed, drop: state.drop };
    }
    return undefined;
  }

  private check(rule: FaultRule): FieldIssue[] {
    const issues: FieldIssue[] = [];
    const bad = (field: string, message: string, value?: unknown) => issues.push({ in: 'body', path: [field], message, rule: 'fault', value });
    if (!rule || typeof rule !== 'object') return [{ in: 'body', path: [], message: 'must be an object', rule: 'type' }];
    for (const key of Object.keys(rule)) if (!KEYS.has(key)) bad(key, 'is not allowed: unknown property');
    const api = this.apis.get(rule.api);
    if (!api) bad('api', `must be one of: ${[...this.apis.keys()].join(', ')}`, rule.api);
    const operation = api && rule.operationId !== undefined ? api.operations.get(rule.operationId) : undefined;
    if (api && rule.operationId !== undefined && !operation) bad('operationId', `must be an operation of ${rule.api}: ${[...api.operations.keys()].join(', ')}`, rule.operationId);
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 1)) bad('times', 'must be a whole number, 1 or more', rule.times);
    if (rule.probability !== undefined && !(typeof rule.probability === 'number' && rule.probability >= 0 && rule.probability <= 1)) bad('probability', 'must be a number from 0 to 1', rule.probability);
    if (rule.seed !== undefined && !Number.isInteger(rule.seed)) bad('seed', 'must be an integer', rule.seed);
    if (rule.header !== undefined && (typeof rule.header !== 'object' || rule.header === null || Object.values(rule.header).some((v) => typeof v !== 'string'))) bad('header', 'must map header names to string values', rule.header);
    for (const key of ['orderId', 'namespace', 'operationId'] as const) if (rule[key] !== undefined && typeof rule[key] !== 'string') bad(key, 'must be a string', rule[key]);
    const delay = rule.delayMs;
    const okDelay = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 600_000;
    if (delay !== undefined && !(Array.isArray(delay) ? delay.length === 2 && delay.every(okDelay) && delay[0] <= delay[1] : okDelay(delay))) {
      bad('delayMs', 'must be milliseconds (0-600000) or a range [min, max]', delay);
    }
    for (const key of ['malformed', 'drop'] as const) if (rule[key] !== undefined && typeof rule[key] !== 'boolean') bad(key, 'must be true or false', rule[key]);
    if (rule.drop && (rule.status !== undefined || rule.malformed)) bad('drop', 'sends no answer: it cannot go with status or malformed');
    if (rule.status !== undefined && api) this.checkStatus(api, operation ? [operation] : [...api.operations.values()], rule.status, bad);
    if (delay === undefined && rule.status === undefined && !rule.malformed && !rule.drop) bad('', 'needs an effect: delayMs, status, malformed or drop');
    return issues;
  }

  /** A status the contract documents for the operation, or one its `default` response covers (an error). */
  private checkStatus(api: LoadedApi, operations: Operation[], status: number, bad: (field: string, message: string, value?: unknown) => void): void {
    if (!Number.isInteger(status) || status < 100 || status > 599) return bad('status', 'must be an HTTP status (100-599)', status);
    const covered = operations.some((op) => documentedStatuses(op).includes(status) || (status >= 400 && (op.responses as Record<string, unknown> | undefined)?.default !== undefined));
    if (covered) return;
    const documented = [...new Set(operations.flatMap((op) => documentedStatuses(op)))].sort();
    bad('status', `is not documented by ${api.name}${operations.length === 1 ? `.${operations[0].operationId}` : ''}; documented: ${documented.join(', ')}`, status);
  }
}

function matches(rule: LiveRule, ex: Exchange): boolean {
  const { state } = rule;
  if (ex.api?.name !== state.api) return false;
  if (state.operationId !== undefined && ex.operation?.operationId !== state.operationId) return false;
  if (state.namespace !== undefined && ex.namespace !== state.namespace) return false;
  for (const [name, value] of rule.header) {
    const sent = ex.incoming.headers[name];
    if (!(Array.isArray(sent) ? sent.includes(value) : sent === value)) return false;
  }
  if (state.orderId !== undefined && !orderIds(ex).includes(state.orderId)) return false;
  return true;
}

/** Where an order id can be in a request: path and query parameters, top-level id-like body fields. */
function orderIds(ex: Exchange): string[] {
  const request = ex.request;
  if (!request) return [];
  const ids = [...Object.values(request.params), ...Object.values(request.query).flat()].map(String);
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) if (ORDER_ID_FIELD.test(key) && (typeof value === 'string' || typeof value === 'number')) ids.push(String(value));
  }
  return ids;
}
