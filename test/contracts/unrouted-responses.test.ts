import { beforeAll, describe, expect, it } from 'vitest';
import { apiModules } from '../../src/apis/index.js';
import type { LoadedApi } from '../../src/core/contract/build-backend.js';
import { loadApis } from '../../src/core/load-apis.js';
import { defaultSpecsDir } from '../../src/paths.js';
import { checkResponse } from '../../src/core/pipeline/validate-response.js';
import { apiCases } from '../support/api-cases.js';
import { useTestMock } from '../support/harness.js';

// The unrouted 404/405 under an API prefix are checked against the API's `default` error response.
describe('unrouted answers under an API prefix', () => {
  const t = useTestMock();
  const api = (name: string) => loaded.find((a) => a.name === name)!;
  let loaded: LoadedApi[];
  beforeAll(async () => {
    loaded = await loadApis(apiModules, defaultSpecsDir);
  });

  it.each(apiCases.map((c) => [c.api, c]))('%s: 404 and 405 conform, and the journal shows they were checked', async (name, c) => {
    const notFound = await t().http.get(`/${name}/no/such/path`).set(c.read.headers);
    const notAllowed = await t().http.delete(c.update.path).set(c.update.headers);
    expect([notFound.status, notAllowed.status]).toEqual([404, 405]);
    expect(notFound.headers['x-ordermock-violations']).toBeUndefined();
    expect(notAllowed.headers['x-ordermock-violations']).toBeUndefined();
    // A body in another shape would be caught: the check is not a no-op.
    const wrong = checkResponse(api(name), undefined, { status: 404, body: [{ unexpected: true }] });
    expect(wrong.length, JSON.stringify(wrong)).toBeGreaterThan(0);
    expect(wrong[0].message).toMatch(new RegExp(`checked against ${name}'s default error response`));
    expect(checkResponse(api(name), undefined, { status: 404, body: notFound.body })).toEqual([]);
  });

  it('names the field and the rule a wrongly shaped unrouted body breaks', async () => {
    const wrong = checkResponse(api('cutmake'), undefined, { status: 405, body: { detail: 42 } });
    expect(wrong).toContainEqual(expect.objectContaining({ location: expect.stringMatching(/^response\.body/), rule: expect.any(String) }));
  });
});
