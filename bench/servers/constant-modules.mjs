// Shared by the reference servers: every API of specs/, each with handlers that answer the
// contract's own 2xx example (a constant, valid JSON body) and never touch a store.
import { loadSpec } from '../../dist/core/contract/load-spec.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The lowest declared 2xx status of an operation and its first JSON example. */
export function constantResponse(operation) {
  const status = Object.keys(operation.responses ?? {})
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0];
  if (!status) throw new Error(`${operation.operationId} declares no 2xx response`);
  const content = operation.responses[status].content ?? {};
  const media = content['application/json'] ?? Object.values(content)[0];
  if (!media) return { status: Number(status) };
  const example =
    Object.values(media.examples ?? {})[0]?.value ?? media.example ?? media.schema?.examples?.[0] ?? media.schema?.example;
  if (example === undefined) throw new Error(`${operation.operationId}: ${status} response has no example`);
  return { status: Number(status), body: example };
}

/** `{ name, document, operations: [{operationId, response}] }` for each API. */
export async function loadConstantApis(specsDir, names) {
  return Promise.all(
    names.map(async (name) => {
      const document = await loadSpec(`${specsDir}/${name}.yaml`);
      const operations = [];
      for (const item of Object.values(document.paths ?? {})) {
        for (const method of METHODS) {
          if (item[method]) operations.push({ operationId: item[method].operationId, response: constantResponse(item[method]) });
        }
      }
      return { name, document, operations };
    }),
  );
}

/** An ApiModule whose handlers answer the constant responses; authentication accepts anyone. */
export function constantModule({ name, operations }) {
  return {
    name,
    title: `${name} (constant responses)`,
    authenticate: () => ({ bench: true }),
    handlers: Object.fromEntries(operations.map((op) => [op.operationId, () => op.response])),
    renderError: (err) => ({ status: err.status, body: { error: { code: err.code, message: err.message } } }),
  };
}

export function parseArgs(argv) {
  const args = { port: 0, specs: new URL('../../specs', import.meta.url).pathname, apis: ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud'] };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--port') args.port = Number(argv[++i]);
    else if (argv[i] === '--specs') args.specs = argv[++i];
    else if (argv[i] === '--apis') args.apis = argv[++i].split(',');
  }
  return args;
}
