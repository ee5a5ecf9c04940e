import { join } from 'node:path';
import type { ApiModule, ApiRequest, HandlerContext, OperationHandler } from '../core/api-module.js';
import type { ControlledClock } from '../core/clock.js';
import { buildBackend, type LoadedApi } from '../core/contract/build-backend.js';
import { loadSpec, type OpenApiDocument } from '../core/contract/load-spec.js';
import { OrdermockError, type FieldIssue } from '../core/errors/catalogue.js';
import type { FaultRules } from '../core/faults/fault-rules.js';
import type { Journal } from '../core/journal/journal.js';
import { NAMESPACE_HEADER } from '../core/pipeline/select-namespace.js';
import { DEFAULT_NAMESPACE, type SeedData, type Store } from '../core/store/store.js';
import { defaultSpecsDir } from '../paths.js';
import { dashboardHandlers } from './dashboard-handlers.js';
import { faultAndClockHandlers } from './fault-handlers.js';
import { journalHandlers } from './journal-handlers.js';
import type { AdminSessions } from './admin-sessions.js';
import type { LiveViews } from './live/live-views.js';
import { sessionHandlers } from './session-handlers.js';
import { stateHandlers } from './state-handlers.js';

/** The control plane's prefix; it is served like an API whose name is the prefix. */
export const ADMIN_PREFIX = '/__ordermock';
export const ADMIN_API = '__ordermock';

export interface ControlPlaneDeps {
  /** The vendor APIs served (not the control plane itself). */
  apis: ReadonlyMap<string, LoadedApi>;
  store: Store;
  journal: Journal;
  faults: FaultRules;
  clock: ControlledClock;
  seeds: SeedData;
  /** The dashboard's feed and order timelines (also handed to createApp, whose onExchange feeds them). */
  live?: LiveViews;
  /** The dashboard's logins, when an admin token is configured (the access guard reads the same sessions). */
  sessions?: AdminSessions;
}

/** What every control-plane handler is given besides the request. */
export interface AdminHelpers {
  /** `?namespace=`, else the namespace header, else `default`. */
  namespaceOf(req: ApiRequest, ctx: HandlerContext): string;
  /** Whether the request named a namespace at all (a journal filter applies only then). */
  namedNamespace(req: ApiRequest, ctx: HandlerContext): string | undefined;
  knownApi(name: string, where: FieldIssue['in'], field: string): LoadedApi;
}

/**
 * Builds the control plane as one more API (specs/ordermock-admin.yaml + handlers), so its
 * requests take the pipeline like any other: routed, validated, answered, validated again.
 */
export async function loadControlPlane(deps: ControlPlaneDeps): Promise<LoadedApi> {
  const document = await loadSpec(join(defaultSpecsDir, 'ordermock-admin.yaml'));
  return buildBackend(controlPlaneModule(deps, document), document);
}

function controlPlaneModule(deps: ControlPlaneDeps, document: OpenApiDocument): ApiModule {
  const helpers: AdminHelpers = {
    namespaceOf: (req, ctx) => (req.query.namespace as string | undefined) ?? ctx.namespace ?? DEFAULT_NAMESPACE,
    namedNamespace: (req, ctx) => (req.query.namespace as string | undefined) ?? (req.headers[NAMESPACE_HEADER] ? ctx.namespace : undefined),
    knownApi: (name, where, field) => {
      const api = deps.apis.get(name);
      if (api) return api;
      const message = `must be one of: ${[...deps.apis.keys()].join(', ')}`;
      throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [`${field} ${message}`], { issues: [{ in: where, path: [field], message, rule: 'enum', value: name }] });
    },
  };
  const handlers: Record<string, OperationHandler> = {
    ...stateHandlers(deps, helpers),
    ...journalHandlers(deps, helpers),
    ...faultAndClockHandlers(deps),
    ...dashboardHandlers(deps, helpers),
    ...sessionHandlers(deps),
  };
  const declared = declaredQueryParams(document);
  for (const [id, handler] of Object.entries(handlers)) handlers[id] = refuseUnknownQuery(declared.get(id) ?? new Set(), handler);
  return {
    name: ADMIN_API,
    title: 'ordermock control plane',
    authenticate: () => undefined,
    handlers,
    renderError: (err) => ({ status: err.status, headers: err.headers, body: { error: { code: err.code, message: err.message, issues: err.issues } } }),
  };
}

/** A misspelt filter (`stauts=500`) must not silently match everything: unknown query parameters are refused. */
function refuseUnknownQuery(names: Set<string>, handler: OperationHandler): OperationHandler {
  return (req, ctx) => {
    const unknown = Object.keys(req.query).filter((k) => !names.has(k));
    if (unknown.length) {
      const known = [...names].join(', ') || 'none';
      const issues: FieldIssue[] = unknown.map((name) => ({ in: 'query', path: [name], message: `is not a parameter of ${req.operationId}; known: ${known}`, rule: 'unknown' }));
      throw new OrdermockError('ORDERMOCK_ERR_REQUEST_VALIDATION', [unknown.map((n) => `query.${n} is not a parameter of ${req.operationId}`).join('; ')], { issues });
    }
    return handler(req, ctx);
  };
}

function declaredQueryParams(document: OpenApiDocument): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  type Param = { in?: string; name?: string };
  for (const item of Object.values(document.paths ?? {}) as Record<string, unknown>[]) {
    const shared = (item.parameters ?? []) as Param[];
    for (const op of Object.values(item) as { operationId?: string; parameters?: Param[] }[]) {
      if (!op || typeof op !== 'object' || !op.operationId) continue;
      out.set(op.operationId, new Set([...shared, ...(op.parameters ?? [])].filter((p) => p.in === 'query').map((p) => p.name!)));
    }
  }
  return out;
}
