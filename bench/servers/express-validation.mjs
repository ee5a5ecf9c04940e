// Reference (a): a plain express 5 app with the same openapi-backend validation as ordermock
// (its loadSpec/buildBackend/createAjv from dist), answering each operation's constant 2xx
// example. Stateless: no store, no durability, no journal, no logging. Same URL layout as
// ordermock (`/<api>/<vendor path>`), so the benchmark sends identical requests.
//   node bench/servers/express-validation.mjs --port 4011
import express from 'express';
import { buildBackend } from '../../dist/core/contract/build-backend.js';
import { constantModule, loadConstantApis, parseArgs } from './constant-modules.mjs';

const args = parseArgs(process.argv);
const loaded = await loadConstantApis(args.specs, args.apis);
const apis = new Map();
for (const api of loaded) {
  const { backend } = await buildBackend(constantModule(api), api.document);
  apis.set(api.name, { backend, security: api.document.security ?? [], responses: new Map(api.operations.map((op) => [op.operationId, op.response])) });
}

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(express.json({ type: ['application/json', 'application/*+json'], limit: '1mb' }));
app.use(express.urlencoded({ extended: false }));
app.use((req, res) => {
  const slash = req.path.indexOf('/', 1);
  const api = apis.get(slash === -1 ? req.path.slice(1) : req.path.slice(1, slash));
  if (!api) return res.status(404).json({ error: 'unknown api' });
  const path = slash === -1 ? '/' : req.path.slice(slash);
  const request = { method: req.method, path, headers: req.headers, query: req.query, body: req.body };
  const operation = api.backend.router.matchOperation(request);
  if (!operation) return res.status(404).json({ error: 'no such operation' });
  if (!/^Bearer \S+$/i.test(req.headers.authorization ?? '') && (operation.security ?? api.security).some((r) => Object.keys(r).length)) {
    return res.status(401).json({ error: 'missing bearer token' });
  }
  const result = api.backend.validator.validateRequest(request, operation);
  if (!result.valid) return res.status(400).json({ error: 'validation', issues: result.errors });
  const { status, body } = api.responses.get(operation.operationId);
  // ordermock checks every answer against the contract; so does the reference.
  const check = api.backend.validator.validateResponse(body, operation, status);
  if (check.errors?.length) res.set('x-violations', String(check.errors.length));
  if (body === undefined) return res.status(status).end();
  res.status(status).json(body);
});
app.listen(args.port, '127.0.0.1');
