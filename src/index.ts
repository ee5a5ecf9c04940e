// The public surface of the package (pinned by test/public-api.test.ts).
export { startOrdermock, type OrdermockOptions, type RunningOrdermock } from './server/start-ordermock.js';
export { createApp, type AppOptions, VIOLATIONS_HEADER } from './server/create-app.js';
export { apiModules } from './apis/index.js';
export { loadApis } from './core/load-apis.js';
export { loadSeeds } from './core/store/load-seeds.js';
export { LowdbStore } from './core/store/lowdb-store.js';
export type { Store, Collection, ApiData, SeedData } from './core/store/store.js';
export { fixedClock, systemClock, type Clock } from './core/clock.js';
export { Journal, type JournalEntry, type JournalQuery } from './core/journal/journal.js';
export { errorCatalogue, OrdermockError, type ErrorCode, type FieldIssue } from './core/errors/catalogue.js';
export type { ApiModule, ApiRequest, ApiResponse, HandlerContext, OperationHandler } from './core/api-module.js';
export { NAMESPACE_HEADER } from './core/pipeline/select-namespace.js';
