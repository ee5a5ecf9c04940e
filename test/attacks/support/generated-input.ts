import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange, IncomingRequest } from '../../../src/core/pipeline/exchange.js';
import { readBody } from '../../../src/core/pipeline/read-body.js';
import { resolveApi } from '../../../src/core/pipeline/resolve-api.js';
import { route } from '../../../src/core/pipeline/route.js';
import { validateRequest } from '../../../src/core/pipeline/validate-request.js';
import { apiCases } from '../../support/api-cases.js';
import { ContractChecker, findOperation } from '../../support/contract-checker.js';
import { startInProcess, type InProcessMock } from './in-process.js';
import { applyMutation, mutationArbitrary, serialize, type MutationKind } from './mutate.js';
import { schemaArbitrary } from './schema-arbitrary.js';

// Generated input (issue 8): requests derived from each spec's update body, valid and mutated, run
// through the real pipeline and store in-process. Invariants: no 5xx; every response conforms to
// the spec; a refused request writes nothing; a body the contract allows passes validation; no
// request below the body limit costs more than CPU_BOUND_MS of CPU (re-run alone before failing).
const RUNS = Number(process.env.ORDERMOCK_GENERATED_RUNS ?? 2000);
const CPU_BOUND_MS = 200;
const BODY_LIMIT = 1024 * 1024;
const addFormats = formats as unknown as typeof formats.default;

const targets: { api: string; operationId: string; pin: Record<string, unknown> }[] = [
  { api: 'cutmake', operationId: 'updateOrder', pin: {} },
  { api: 'recerc', operationId: 'updateOrder', pin: { id: 'ord_1001' } },
  { api: 'fabric', operationId: 'updateOrder', pin: { orderNumber: '309019176' } },
  { api: 'jtl', operationId: 'updateSalesOrder', pin: { salesOrderId: '50000000-0000-4000-8000-0000000000a1' } },
  { api: 'sellercloud', operationId: 'updateOrder', pin: {} },
];

/** The independent judge of "the contract allows this body": a fresh Ajv on the dereferenced spec. */
function independentValidator(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const name of ['int32', 'int64']) ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) && (name === 'int64' || Math.abs(n) < 2 ** 31) });
  for (const name of ['double', 'float']) ajv.addFormat(name, { type: 'number', validate: () => true });
  // OpenAPI: a read-only property is not sent in a request.
  ajv.removeKeyword('readOnly');
  ajv.addKeyword({ keyword: 'readOnly', schemaType: 'boolean', validate: (ro: boolean) => !ro });
  return ajv.compile(schema);
}

type Kind = 'valid' | 'invalid-generated' | MutationKind;

/** The suite for one API: a test file per API, so the five run side by side on as many workers. */
export function generatedInputSuite(name: string): void {
  const { api, operationId, pin } = targets.find((t) => t.api === name)!;
  describe(`${api}: generated requests against the update operation`, () => {
  const checker = new ContractChecker();
  const c = apiCases.find((x) => x.api === api)!;
  let mock: InProcessMock;
  let schema: object;
  let allows: ValidateFunction;
  const stats = { pipelineMs: 0, started: 0, runs: 0, maxCpuMs: 0, maxCpuKind: '', statuses: new Map<number, number>(), kinds: new Map<Kind, number>() };

  beforeAll(async () => {
    mock = await startInProcess([api]);
    const doc = await checker.load(api);
    schema = findOperation(doc, operationId)!.requestBody.content['application/json'].schema;
    allows = independentValidator(schema);
  });
  afterAll(async () => {
    const statuses = [...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const kinds = [...stats.kinds].map(([k, n]) => `${k}×${n}`).join(' ');
    console.log(`[generated] ${api}: ${stats.runs} requests in ${((performance.now() - stats.started) / 1000).toFixed(1)} s (pipeline ${(stats.pipelineMs / 1000).toFixed(1)} s); max CPU ${stats.maxCpuMs.toFixed(1)} ms (${stats.maxCpuKind}); statuses ${statuses}; kinds ${kinds}`);
    await mock?.close();
  });

  const incoming = (raw: Buffer, contentType = 'application/json'): IncomingRequest => {
    const headers: Record<string, string> = Object.fromEntries(Object.entries(c.update.headers).map(([k, v]) => [k.toLowerCase(), v]));
    if (contentType) headers['content-type'] = contentType;
    else delete headers['content-type'];
    return { method: c.update.method.toUpperCase(), path: c.update.path, query: {}, headers, rawBody: raw };
  };

  /** Runs only the stages up to request validation: throws exactly when validation refuses. */
  const validationRefuses = async (request: IncomingRequest): Promise<string | undefined> => {
    const ex: Exchange = { id: 'probe', receivedAt: new Date(), incoming: request, namespace: 'default', violations: [] };
    try {
      for (const stage of [resolveApi(new Map(mock.apis.map((a) => [a.name, a]))), route, readBody, validateRequest]) await stage(ex);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  };

  it(`${RUNS} requests: no 5xx, conforming answers, refusals write nothing, allowed bodies pass validation, bounded CPU`, async () => {
    const body = schemaArbitrary(schema as Record<string, unknown>).chain((generated) =>
      fc.boolean().map((pinned) => (pinned && generated && typeof generated === 'object' && !Array.isArray(generated) ? { ...generated, ...pin } : generated)),
    );
    const request = fc.oneof(
      { weight: 35, arbitrary: body.map((b) => ({ body: b, mutation: undefined })) },
      { weight: 65, arbitrary: fc.record({ body, mutation: mutationArbitrary }) },
    );
    stats.started = performance.now();
    await fc.assert(
      fc.asyncProperty(request, async ({ body: value, mutation }) => {
        if (stats.runs % 250 === 0) mock.store.reset(); // back to the seeds (and fresh rate-limit windows)
        stats.runs++;
        const bent = mutation ? applyMutation(value, mutation) : { raw: Buffer.from(serialize(value)) };
        const kind: Kind = mutation?.kind ?? (allows(value) ? 'valid' : 'invalid-generated');
        stats.kinds.set(kind, (stats.kinds.get(kind) ?? 0) + 1);
        const req = incoming(bent.raw, bent.contentType);
        const orderBefore = JSON.stringify(mock.store.data('default', api).collection('orders').get(c.orderId) ?? null);
        const writesBefore = mock.writes();

        const t0 = performance.now();
        let { exchange, cpuMs } = await mock.send(req);
        stats.pipelineMs += performance.now() - t0;
        const { status, body: answer } = exchange.response!;
        const where = `${kind} ${status} ${bent.raw.length} bytes: ${bent.raw.toString('utf8').slice(0, 300)}`;
        expect(status, `5xx for ${where}: ${JSON.stringify(answer)}`).toBeLessThan(500);
        if (exchange.operation?.operationId) {
          expect(await checker.check(api, exchange.operation.operationId, status, answer), where).toEqual([]);
        }
        expect(exchange.violations, where).toEqual([]);
        if (status >= 400) {
          expect(mock.writes(), `a refused request wrote: ${where}`).toBe(writesBefore);
          expect(JSON.stringify(mock.store.data('default', api).collection('orders').get(c.orderId) ?? null), where).toBe(orderBefore);
        }
        if (kind === 'valid') expect(await validationRefuses(req), `the contract allows ${where}`).toBeUndefined();
        if (bent.raw.length < BODY_LIMIT && cpuMs > CPU_BOUND_MS) {
          // A loaded machine or a GC pause: the same request alone, twice, decides.
          for (let i = 0; i < 2 && cpuMs > CPU_BOUND_MS; i++) cpuMs = Math.min(cpuMs, (await mock.send(req)).cpuMs);
          expect(cpuMs, `CPU per request over ${CPU_BOUND_MS} ms: ${where}`).toBeLessThanOrEqual(CPU_BOUND_MS);
        }
        stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
        if (cpuMs > stats.maxCpuMs) Object.assign(stats, { maxCpuMs: cpuMs, maxCpuKind: `${kind}, ${bent.raw.length} bytes` });
      }),
      { numRuns: RUNS, seed: Number(process.env.ORDERMOCK_GENERATED_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    // The suite must exercise both sides: bodies the contract allows and refusals.
    expect(stats.kinds.get('valid') ?? 0).toBeGreaterThan(RUNS / 20);
    expect([...stats.statuses.keys()].some((s) => s >= 400)).toBe(true);
  }, 600_000);
});
}
