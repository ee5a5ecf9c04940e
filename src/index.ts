// The public surface of the package (pinned by test/public-api.test.ts). Every type reachable from
// here is ordermock's own: no express, pino or openapi-backend type is part of the published API.
export {
  startOrdermock,
  type OrdermockOptions,
  type RunningOrdermock,
  type ResetOptions,
  type JournalView,
  type FaultsView,
  type ServedApi,
} from './server/start-ordermock.js';
export type { OrdermockLogger } from './server/logger.js';
export { NAMESPACE_HEADER, VIOLATIONS_HEADER } from './core/header-names.js';
export { apiModules } from './apis/index.js';
export { loadSeeds } from './core/store/load-seeds.js';
export { LowdbStore, type OpenReport } from './core/store/lowdb-store.js';
export type { Store, Collection, ApiData, SeedData, Doc } from './core/store/store.js';
export { fixedClock, systemClock, controlledClock, type Clock, type ControlledClock, type ClockState } from './core/clock.js';
export type { JournalEntry, JournalStats, JournalLimits, Violation, FaultMark, FaultEffect } from './core/journal/journal-entry.js';
export type { JournalFilter } from './core/journal/journal-filter.js';
export type { FaultRule, FaultRuleState } from './core/faults/fault-rule.js';
export { errorCatalogue, OrdermockError, type ErrorCode, type FieldIssue } from './core/errors/catalogue.js';
export type { ApiModule, ApiRequest, ApiResponse, HandlerContext, OperationHandler } from './core/api-module.js';
