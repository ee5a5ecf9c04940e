import { OpenAPIBackend, type Operation } from 'openapi-backend';
import type { Options as AjvOptions } from 'ajv';
import type { ApiModule } from '../api-module.js';
import { compilerSalt, createAjv } from './create-ajv.js';
import { validatorCache } from './validator-cache.js';
import { OperationRouter } from './operation-router.js';
import type { OpenApiDocument } from './load-spec.js';

/** One API ready to serve: its module, its contract and the openapi-backend built from it. */
export interface LoadedApi {
  name: string;
  module: ApiModule;
  document: OpenApiDocument;
  backend: OpenAPIBackend;
  operations: Map<string, Operation>;
  router: OperationRouter;
}

/**
 * Builds the openapi-backend for one contract. `quick` skips openapi-backend's own document
 * check (it knows only the 3.0 meta-schema and rejects valid 3.1); our Ajv is 2020-12. Every
 * validator is compiled now, so a schema Ajv cannot compile fails the start, not a request;
 * unless an earlier start compiled and cached this exact contract's validators: then each
 * operation's come from the cache at its first request (see createBackend).
 */
export async function buildBackend(module: ApiModule, document: OpenApiDocument): Promise<LoadedApi> {
  let backend: OpenAPIBackend;
  try {
    backend = await createBackend(document, { lazy: true });
  } catch (err) {
    throw new Error(`Contract of ${module.name} has a schema Ajv cannot compile: ${(err as Error).message}`);
  }
  const operations = operationsOf(backend);
  if (operations.size === 0) throw new Error(`Contract of ${module.name} declares no operations`);

  const missing = [...operations.keys()].filter((id) => !module.handlers[id]);
  const unknown = Object.keys(module.handlers).filter((id) => !operations.has(id));
  if (missing.length || unknown.length) {
    throw new Error(
      `API ${module.name}: handlers and contract disagree` +
        (missing.length ? `; no handler for ${missing.join(', ')}` : '') +
        (unknown.length ? `; handlers for unknown operations ${unknown.join(', ')}` : ''),
    );
  }
  return { name: module.name, module, document, backend, operations, router: new OperationRouter([...operations.values()]) };
}

/**
 * The backend and the validators of one contract. By default every validator is compiled now:
 * what `ordermock lint` checks examples and seeds with, so "conforms" means the same there as in
 * the server. `lazy`: when an earlier start cached this exact contract's validators (so all of
 * them compiled then), each operation's are taken from the cache on its first request instead:
 * a start then costs only the APIs and operations it is asked for.
 */
export async function createBackend(document: OpenApiDocument, { lazy = false } = {}): Promise<OpenAPIBackend> {
  const backend = new OpenAPIBackend({
    definition: document as never,
    quick: true,
    strict: true,
    validate: true,
    ajvOpts: {} as AjvOptions,
    customizeAjv: (_ajv, options, context) => createAjv(options, context) as never,
  });
  await backend.init();
  const { validator } = backend;
  // openapi-backend's getAjv builds a throwaway default Ajv (meta-schemas and all) for every
  // validator before handing over to customizeAjv: a tenth of a warm start. Ask ours directly.
  validator.getAjv = (context, opts = {}) => createAjv({ ...validator.ajvOpts, ...opts }, context) as never;
  // openapi-backend builds an operation's validators on the first ask (quick mode); each build
  // runs with this contract's cache active. Only the per-status response validators: we always
  // validate a response for its exact status, so the "any declared response" validator
  // openapi-backend also builds would be dead weight.
  const cache = validatorCache(document, compilerSalt());
  const getters = [
    ['requestValidators', 'getRequestValidatorsForOperation'],
    ['statusBasedResponseValidators', 'getStatusBasedResponseValidatorForOperation'],
    ['responseHeadersValidators', 'getResponseHeadersValidatorForOperation'],
  ] as const;
  for (const [built, getter] of getters) {
    const build = validator[getter].bind(validator) as (id: string) => unknown;
    const store = validator[built] as Record<string, unknown>;
    (validator as unknown as Record<string, (id: string) => unknown>)[getter] = (id) => (store[id] !== undefined ? store[id] : cache.run(() => build(id)));
  }
  if (!lazy || !cache.warm) {
    // Synchronous: the cache of this contract is the only one active while it compiles, and a
    // schema Ajv cannot compile fails here (the start), not at a request.
    cache.run(() => {
      for (const id of operationsOf(backend).keys()) for (const [, getter] of getters) validator[getter](id);
    });
  }
  return backend;
}

function operationsOf(backend: OpenAPIBackend): Map<string, Operation> {
  return new Map<string, Operation>(backend.router.getOperations().map((op: Operation) => [op.operationId as string, op]));
}
