// Reference (d): ordermock's own app and pipeline (createApp from dist: routing, body parsing,
// authentication stage, request + response validation, journal) with API modules whose
// handlers answer the contract's constant 2xx example, and a store that holds nothing and
// flushes instantly. The gap to the real server is the cost of state and durability; the gap
// to the express reference is the cost of the pipeline itself.
//   node bench/servers/pipeline-stateless.mjs --port 4012
import { buildBackend } from '../../dist/core/contract/build-backend.js';
import { createApp } from '../../dist/server/create-app.js'; // internal: the public index does not export it
import { constantModule, loadConstantApis, parseArgs } from './constant-modules.mjs';

const args = parseArgs(process.argv);
const loaded = await loadConstantApis(args.specs, args.apis);
const apis = await Promise.all(loaded.map((api) => buildBackend(constantModule(api), api.document)));
const emptyCollection = { get: () => undefined, has: () => false, list: () => [], put: () => {}, delete: () => false, size: 0 };
const store = {
  data: () => ({ collection: () => emptyCollection }),
  // A transaction that holds nothing and is durable at once (the pipeline runs every handler in one).
  begin: () => ({ data: () => ({ collection: () => emptyCollection }), commit: () => Promise.resolve() }),
  reset: () => {},
  namespaces: () => ['default'],
  flush: () => Promise.resolve(),
  compact: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
createApp({ apis, store }).listen(args.port, '127.0.0.1');
