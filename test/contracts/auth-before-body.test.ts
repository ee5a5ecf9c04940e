import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiCases, type ApiCase } from '../support/api-cases.js';
import { startTestMock, type TestMock } from '../support/harness.js';

// Security runs before the body is read: a caller without credentials learns nothing about what
// the operation accepts (README, "How a request is handled"). Every kind of bad body → 401.
describe.each(apiCases)('$api: credentials are checked before the body', (c: ApiCase) => {
  let t: TestMock;
  const { authorization: _auth, ...anonymous } = c.update.headers;
  const stored = () => t.stored(c.api, 'orders', c.orderId);
  const send = (headers: Record<string, string>, body: string) => t.http[c.update.method](c.update.path).set(headers).send(body);

  beforeAll(async () => {
    t = await startTestMock({ apis: [c.api], bodyLimit: 1024 });
  });
  afterEach(async () => {
    await t.assertResponsesConform();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"broken": '],
    ['a content type the operation does not accept', { 'content-type': 'text/plain' }, 'notes=hello'],
    ['a body over the limit', { 'content-type': 'application/json' }, JSON.stringify({ padding: 'x'.repeat(4096) })],
  ])('%s without credentials → 401, nothing changes', async (_label, contentType, body) => {
    const before = stored();
    const res = await send({ ...anonymous, ...contentType }, body);
    expect(res.status, res.text).toBe(401);
    expect(stored()).toBe(before);
  });

  it('a bearer header with anything after the token → 401, nothing changes', async () => {
    const before = stored();
    expect(c.update.headers.authorization).toMatch(/^Bearer \S+$/);
    const res = await send({ ...c.update.headers, authorization: `${c.update.headers.authorization} extra`, 'content-type': 'application/json' }, JSON.stringify(await c.body(t, "extra")));
    expect(res.status, res.text).toBe(401);
    expect(stored()).toBe(before);
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"broken": ', [400, 422]],
    ['a content type the operation does not accept', { 'content-type': 'text/plain' }, 'notes=hello', [415]],
    ['a body over the limit', { 'content-type': 'application/json' }, JSON.stringify({ padding: 'x'.repeat(4096) }), [413]],
  ])('%s with valid credentials is refused for the body instead', async (_label, contentType, body, statuses) => {
    const res = await send({ ...c.update.headers, ...contentType }, body);
    expect(statuses).toContain(res.status);
  });
});
