import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIOLATIONS_HEADER, apiModules, type ApiModule, type OperationHandler } from '../../src/index.js';
import { apiCases, type ApiCase } from '../support/api-cases.js';
import { ContractChecker } from '../support/contract-checker.js';
import { startTestMock, type TestMock } from '../support/harness.js';

const checker = new ContractChecker();
const BROKEN = { brokenOnPurpose: true };

/** The real module, except that every answer it gives keeps its status but carries a body no contract allows. */
function breakingModule(name: string): ApiModule {
  const real = apiModules.find((m) => m.name === name)!;
  const wrap = (handler: OperationHandler): OperationHandler => async (req, ctx) => ({ ...(await handler(req, ctx)), body: BROKEN });
  return { ...real, handlers: Object.fromEntries(Object.entries(real.handlers).map(([id, h]) => [id, wrap(h)])) };
}

// A mock whose own answer breaks the contract: passed through and flagged by default, a 500 in strict mode.
describe.each(apiCases)('$api: a handler answer that breaks the contract', (c: ApiCase) => {
  let lenient: TestMock;
  let strict: TestMock;
  const read = (t: TestMock) => t.http.get(c.read.path).set(c.read.headers);

  beforeAll(async () => {
    [lenient, strict] = await Promise.all([
      startTestMock({ apis: [c.api], modules: [breakingModule(c.api)] }),
      startTestMock({ apis: [c.api], modules: [breakingModule(c.api)], strictResponses: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([lenient?.close(), strict?.close()]);
  });

  it('is passed through as sent, with the violations in the header and the journal', async () => {
    const res = await read(lenient);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(BROKEN);
    const flagged = JSON.parse(res.headers[VIOLATIONS_HEADER] ?? '[]') as { location: string }[];
    expect(flagged.length).toBeGreaterThan(0);
    for (const v of flagged) expect(v.location).toMatch(/^response\./);
    const [entry] = lenient.mock.journal.list({ api: c.api, method: 'GET' });
    expect(entry.errorCode).toBeNull();
    expect(entry.violations).toEqual(flagged);
  });

  it('is a 500 ORDERMOCK_ERR_RESPONSE_VALIDATION in strict mode, in the API’s own error shape', async () => {
    const res = await read(strict);
    expect(res.status).toBe(500);
    expect(res.body).not.toEqual(BROKEN);
    const [entry] = strict.mock.journal.list({ api: c.api, method: 'GET' });
    expect(entry.errorCode).toBe('ORDERMOCK_ERR_RESPONSE_VALIDATION');
    expect(entry.violations.length).toBeGreaterThan(0);
    // The 500 itself is what the contract declares for that status.
    expect(await checker.check(c.api, entry.operationId!, 500, res.body)).toEqual([]);
  });
});

// fabric passes ordermock's messages through: the strict 500 says which part of the answer broke the contract.
describe('fabric in strict mode', () => {
  const fabric = apiCases.find((c) => c.api === 'fabric')!;
  let strict: TestMock;
  beforeAll(async () => {
    strict = await startTestMock({ apis: ['fabric'], modules: [breakingModule('fabric')], strictResponses: true });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('names every violation in the 500’s message', async () => {
    const res = await strict.http.get(fabric.read.path).set(fabric.read.headers);
    expect(res.status).toBe(500);
    const [entry] = strict.mock.journal.list({ api: 'fabric', method: 'GET' });
    const summary = entry.violations.map((v) => `${v.location} ${v.message}`).join('; ');
    expect(summary).toMatch(/^response\.body/);
    expect(res.body).toEqual({ message: `Internal Server Error: Mock response violates the contract: ${summary}` });
  });
});
