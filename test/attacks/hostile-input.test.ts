import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/index.js';
import { apiCases, type ApiCase } from '../support/api-cases.js';
import { useTestMock, type TestMock } from '../support/harness.js';

// Regression tests for issue 8, items 1-4 and 9: each attack that once cost a minute of CPU, a
// 14 MB error body, a 500 or a silently changed order now gets a bounded, spec-shaped refusal.
const getMock = useTestMock();
const byApi = (api: string) => apiCases.find((c) => c.api === api)!;

/** Sends raw JSON text (so `1e400`, duplicate and prototype keys arrive exactly as written). */
function sendRaw(t: TestMock, c: ApiCase, text: string, headers: Record<string, string> = c.update.headers) {
  return t.http[c.update.method](c.update.path).set(headers).send(text);
}
const stored = (t: TestMock, c: ApiCase) => t.stored(c.api, 'orders', c.orderId);
/** A valid body of `c` as JSON text, with `marker` where the marker string goes. */
async function validText(t: TestMock, c: ApiCase, marker = 'MARKER'): Promise<string> {
  return JSON.stringify(await c.body(t, marker));
}
const emptyObjects = (n: number) => `[${Array(n).fill('{}').join(',')}]`;

describe('1. validation cost and error size are bounded', () => {
  // Bodies (under 1,000 values) whose every array item breaks the contract, one per API with an item array.
  const manyErrors: Record<string, (t: TestMock) => Promise<string>> = {
    cutmake: async () => `{"lineItems":${emptyObjects(300)}}`,
    recerc: async () => `{"id":"ord_1001","sessionId":"s1","newItems":${emptyObjects(300)}}`,
    fabric: async (t) => (await validText(t, byApi('fabric'))).replace(/"items":\[/, `"items":[${Array(300).fill('{}').join(',')},`),
    jtl: async () => `{"salesOrderId":"50000000-0000-4000-8000-0000000000a1","lineItems":${emptyObjects(400)}}`,
  };

  /** The first 20 issues, then one that counts the rest, in each API's own error shape. */
  const listed: Record<string, (body: any) => { count: number; more: string }> = {
    cutmake: (b) => ({ count: b.detail.length, more: b.detail.at(-1).msg }),
    recerc: (b) => ({ count: b.error.details.length, more: b.error.details.at(-1).message }),
    fabric: (b) => ({ count: b.message.split('; ').length, more: b.message.split('; ').at(-1) }),
    jtl: (b) => ({ count: Object.keys(b.validationErrors).length, more: b.validationErrors.$ }),
  };

  it.each(Object.keys(manyErrors))('%s: hundreds of bad items → the first 20 violations and a count of the rest, nothing stored', async (api) => {
    const t = getMock();
    const c = byApi(api);
    const before = stored(t, c);
    const res = await sendRaw(t, c, await manyErrors[api](t));
    expect([400, 422]).toContain(res.status);
    const { count, more } = listed[api](res.body);
    expect(count).toBeLessThanOrEqual(21);
    expect(more).toMatch(/has (\d+) more violations not listed \(only the first 20 are\)/);
    expect(Number(/has (\d+) more/.exec(more)![1])).toBeGreaterThan(250);
    expect(res.text.length).toBeLessThan(20_000);
    expect(stored(t, c)).toBe(before);
  });

  it('jtl: 8,000 empty lineItems (the minute-long request) → 400 with a bounded body', async () => {
    const t = getMock();
    const c = byApi('jtl');
    const res = await sendRaw(t, c, `{"salesOrderId":"50000000-0000-4000-8000-0000000000a1","lineItems":${emptyObjects(8000)}}`);
    expect(res.status).toBe(400);
    expect(res.body.validationErrors.lineItems).toMatch(/500/);
    expect(res.text.length).toBeLessThan(20_000);
  });

  it('recerc: 32,000 empty newItems (96 KB, over the exhaustive limit) → 400 naming the first violation and saying so', async () => {
    const t = getMock();
    const c = byApi('recerc');
    const res = await sendRaw(t, c, `{"id":"ord_1001","sessionId":"s1","newItems":${emptyObjects(32_000)}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('/newItems/0/type');
    expect(res.body.error.details.at(-1).message).toMatch(/checked up to its first violation only \(it holds over 1000 values\)/);
  });

  it('cutmake: 200 KB of bad lines in → a few KB out (was 14.2 MB)', async () => {
    const t = getMock();
    const res = await sendRaw(t, byApi('cutmake'), `{"lineItems":[${Array(25_000).fill('{"x":1}').join(',')}]}`);
    expect(res.status).toBe(422);
    expect(res.text.length).toBeLessThan(20_000);
    expect(res.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'lineItems', 0, 'styleSkuId'] });
  });

  it('an unknown key a megabyte long is echoed back cut to 100 characters', async () => {
    const t = getMock();
    const key = 'k'.repeat(500_000);
    const res = await sendRaw(t, byApi('recerc'), `{"id":"ord_1001","sessionId":"s1","${key}":1}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe(`/${'k'.repeat(100)}…`);
    expect(res.text.length).toBeLessThan(2_000);
  });
});

describe('2. no 500s', () => {
  it('cutmake: 100,000 lineItems → 422, not "Maximum call stack size exceeded"', async () => {
    const t = getMock();
    const res = await sendRaw(t, byApi('cutmake'), `{"lineItems":${emptyObjects(100_000)}}`);
    expect(res.status).toBe(422);
  });

  it('fabric: 32,000 items → 400', async () => {
    const t = getMock();
    const res = await sendRaw(t, byApi('fabric'), `{"items":${emptyObjects(32_000)}}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/is required/);
  });

  const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const deepBodies: Record<string, (t: TestMock) => Promise<string>> = {
    recerc: async () => `{"id":"ord_1001","sessionId":"s1","data":${deep(10_000)}}`,
    fabric: async (t) => (await validText(t, byApi('fabric'))).replace(/^\{/, `{"attributes":${deep(10_000)},`),
  };
  it.each(Object.keys(deepBodies))('%s: JSON nested 10,000 deep in a free-form field → 400 naming the 64-level limit', async (api) => {
    const t = getMock();
    const c = byApi(api);
    const before = stored(t, c);
    const res = await sendRaw(t, c, await deepBodies[api](t));
    expect(res.status).toBe(400);
    expect(res.text).toContain('nests deeper than the limit of 64 levels');
    expect(stored(t, c)).toBe(before);
  });

  it('64 levels are accepted, 65 are not (recerc data)', async () => {
    const t = getMock();
    const c = byApi('recerc');
    // The body object is level 1 and `data` level 2: 62 more levels inside make 64.
    const ok = await sendRaw(t, c, `{"id":"ord_1001","sessionId":"s1","data":{"x":${deep(62)}}}`);
    expect(ok.status, ok.text).toBe(200);
    const tooDeep = await sendRaw(t, c, `{"id":"ord_1001","sessionId":"s1","data":{"x":${deep(63)}}}`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/limit of 64 levels \(it has 65\)/) });
  });

  it('the depth limit has its own catalogue code', () => {
    expect(errorCatalogue.ORDERMOCK_ERR_BODY_TOO_DEEP.status).toBe(400);
  });

  it.each(['0', 'null', '"x"', '[]'])('recerc: newItems [%s] → 400 "must be object", nothing stored', async (item) => {
    const t = getMock();
    const c = byApi('recerc');
    const before = stored(t, c);
    const res = await sendRaw(t, c, `{"id":"ord_1001","sessionId":"s1","newItems":[${item}]}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({ path: '/newItems/0', message: 'must be object' });
    expect(stored(t, c)).toBe(before);
  });
});

describe('3. numbers that are not finite are refused like any invalid value', () => {
  it.each(apiCases.map((c) => [c.api, c] as const))('%s: a field set to 1e400 → 4xx naming the field, nothing stored', async (_api, c) => {
    const t = getMock();
    const before = stored(t, c);
    for (const number of ['1e400', '-1e400']) {
      const res = await sendRaw(t, c, (await validText(t, c)).replace('"MARKER"', number));
      expect([400, 422]).toContain(res.status);
      expect(res.text).toMatch(/finite/);
      expect(stored(t, c)).toBe(before);
    }
  });

  it('cutmake: estimatedCost 1e400 → Pydantic finite_number at its loc (was stored as null)', async () => {
    const t = getMock();
    const res = await sendRaw(t, byApi('cutmake'), '{"estimatedCost":1e400}');
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([{ type: 'finite_number', loc: ['body', 'estimatedCost'], msg: 'Input should be a finite number' }]);
  });

  it('jtl: a line quantity of 1e400 → 400 naming lineItems[0].quantity', async () => {
    const t = getMock();
    const c = byApi('jtl');
    const order = (await t.http.get(c.read.path).set(c.read.headers)).body;
    const text = `{"salesOrderId":"${order.salesOrderId}","lineItems":[{"salesOrderLineItemId":"${order.lineItems[0].salesOrderLineItemId}","quantity":1e400}]}`;
    const res = await sendRaw(t, c, text);
    expect(res.status).toBe(400);
    expect(res.body.validationErrors['lineItems[0].quantity']).toMatch(/finite/);
  });
});

describe('4. prototype keys are refused, never stripped, never reach a prototype', () => {
  const keys = ['__proto__', 'constructor', 'prototype'];
  const cases = apiCases.flatMap((c) => keys.map((key) => [c.api, key, c] as const));

  it.each(cases)('%s: top-level "%s" → 4xx naming it, nothing stored, no prototype touched', async (_api, key, c) => {
    const t = getMock();
    const before = stored(t, c);
    const res = await sendRaw(t, c, `{"${key}":{"polluted":"yes"},${(await validText(t, c)).slice(1)}`);
    expect([400, 422]).toContain(res.status);
    expect(res.text).toContain(key);
    expect(stored(t, c)).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const read = await t.http.get(c.read.path).set(c.read.headers);
    expect(read.text).not.toContain('polluted');
  });

  it.each(keys)('recerc: "%s" inside the free-form `data` → 400 at /data/<key>', async (key) => {
    const t = getMock();
    const res = await sendRaw(t, byApi('recerc'), `{"id":"ord_1001","sessionId":"s1","data":{"ok":1,"${key}":{"polluted":"yes"}}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: `/data/${key}`, message: 'is not allowed: reserved property name' }]);
  });

  it('jtl: "__proto__" inside a line item → 400 naming lineItems[0].__proto__ (was silently dropped)', async () => {
    const t = getMock();
    const c = byApi('jtl');
    const res = await sendRaw(t, c, '{"salesOrderId":"50000000-0000-4000-8000-0000000000a1","lineItems":[{"__proto__":{"x":1},"type":1,"quantity":1}]}');
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.validationErrors)).toContain('lineItems[0].__proto__');
  });

  it('cutmake: a form field named __proto__ on the login → 422 extra_forbidden', async () => {
    const t = getMock();
    const res = await t.http
      .post('/cutmake/auth/login')
      .type('form')
      .send('__proto__=x&username=maria.manager%40cutmake.example&password=x');
    expect(res.status).toBe(422);
    expect(res.body.detail).toContainEqual(expect.objectContaining({ type: 'extra_forbidden', loc: ['body', '__proto__'] }));
  });

  it('a 10,000-deep body holding "__proto__" is refused for its depth, not as malformed', async () => {
    const t = getMock();
    const res = await sendRaw(t, byApi('recerc'), `{"id":"ord_1001","sessionId":"s1","data":${'{"__proto__":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('limit of 64 levels');
  });
});

describe('invalid UTF-8', () => {
  it.each(apiCases.map((c) => [c.api, c] as const))('%s: a JSON body with bytes that are not UTF-8 → its malformed-body error, nothing stored', async (_api, c) => {
    const t = getMock();
    const before = stored(t, c);
    const text = Buffer.from(await validText(t, c));
    const at = text.indexOf('MARKER');
    // fetch, not supertest: supertest would serialize a Buffer as JSON.
    const res = await fetch(t.mock.url + c.update.path, {
      method: c.update.method.toUpperCase(),
      headers: c.update.headers,
      body: Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]),
    });
    expect([400, 422]).toContain(res.status);
    expect(await res.text()).toContain('not valid UTF-8');
    expect(stored(t, c)).toBe(before);
  });
});

describe('9. media types and ids as each vendor framework reads them', () => {
  const json = async (t: TestMock, c: ApiCase, type: string) =>
    sendRaw(t, c, await validText(t, c, `marker-${type}`), { ...c.update.headers, 'content-type': type });
  const table: [api: string, type: string, accepted: boolean][] = [
    ['cutmake', 'application/vnd.cutmake+json', true], // FastAPI: application/*+json
    ['cutmake', 'text/json', false],
    ['jtl', 'text/json', true], // ASP.NET Core: application/json, text/json, application/*+json
    ['jtl', 'application/vnd.jtl+json; charset=utf-8', true],
    ['sellercloud', 'text/json', true], // ASP.NET Web API 2: application/json, text/json
    ['sellercloud', 'application/vnd.sc+json', false],
    ['recerc', 'application/merge-patch+json', false], // ordermock's choice: application/json only
    ['fabric', 'application/vnd.fabric+json', false],
    ['fabric', 'text/json', false],
  ];
  it.each(table)('%s: Content-Type %s accepted: %s', async (api, type, accepted) => {
    const t = getMock();
    const c = byApi(api);
    const before = stored(t, c);
    const res = await json(t, c, type);
    if (accepted) {
      expect(res.status, res.text).toBeLessThan(300);
      expect(c.marker((await t.http.get(c.read.path).set(c.read.headers)).body)).toBe(`marker-${type}`);
    } else {
      expect(res.status).toBe(415);
      expect(stored(t, c)).toBe(before);
    }
  });

  it.each([
    ['+5001', 200],
    ['05001', 200],
    ['%205001', 200],
    ['5.001e3', 400],
    ['5001.0', 400],
    ['0x1389', 400],
  ] as const)('sellercloud: GET /Orders/%s → %s (ASP.NET Int32 binding)', async (id, status) => {
    const t = getMock();
    const res = await t.http.get(`/sellercloud/rest/api/Orders/${id}`).set({ authorization: 'Bearer sc-demo-token' });
    expect(res.status, res.text).toBe(status);
    if (status === 200) expect(res.body.OrderID).toBe(5001);
    else expect(res.body.MessageDetail).toMatch(/parameter 'id' of non-nullable type 'System.Int32'/);
  });
});
