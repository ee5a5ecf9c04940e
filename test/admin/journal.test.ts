import { describe, expect, it } from 'vitest';
import { startTestMock, useTestMock } from '../support/harness.js';

const getT = useTestMock();
const CM = { authorization: 'Bearer cm-admin-token' };
const order = (id: string) => `/cutmake/api/v1/orders/${id}`;

describe('journal filters', () => {
  it('filter by api, operationId, method, status (code or class), namespace, path and time range', async () => {
    const t = getT();
    await t.http.get(order('SO-DOC-1001')).set(CM);
    await t.http.patch(order('SO-DOC-1001')).set(CM).send({ notes: 'a' });
    await t.http.patch(order('SO-DOC-1002')).set({ ...CM, 'x-ordermock-namespace': 'other' }).send({ notes: 'b' });
    await t.http.get(order('NOPE')).set(CM);
    await t.http.get('/sellercloud/rest/api/Orders/5001').set({ authorization: 'Bearer sc-demo-token' });
    const count = async (query: string) => (await t.http.get(`/__ordermock/journal/count?${query}`)).body.count;
    expect(await count('')).toBe(5);
    expect(await count('api=cutmake')).toBe(4);
    expect(await count('api=cutmake&operationId=updateOrder')).toBe(2);
    expect(await count('method=patch')).toBe(2);
    expect(await count('status=404')).toBe(1);
    expect(await count('status=2xx')).toBe(4);
    expect(await count('namespace=other')).toBe(1);
    expect((await t.http.get('/__ordermock/journal/count').set('x-ordermock-namespace', 'other')).body.count).toBe(1);
    expect(await count(`path=${encodeURIComponent('/cutmake/api/v1/orders/SO-DOC-1001')}`)).toBe(2);
    expect(await count(`path=${encodeURIComponent('/cutmake/*')}`)).toBe(4);
    const all = t.mock.requests();
    expect(await count(`since=${encodeURIComponent(all[2].receivedAt)}`)).toBe(3);
    expect(await count(`until=${encodeURIComponent(all[1].receivedAt)}`)).toBe(2);
    const listed = (await t.http.get('/__ordermock/journal?api=cutmake&method=PATCH')).body;
    expect(listed.entries.map((e: { path: string }) => e.path)).toEqual([order('SO-DOC-1001'), order('SO-DOC-1002')]);
  });

  it('count answers {count} like WireMock: exactly one confirm of order X', async () => {
    const t = getT();
    await t.http.patch(order('SO-DOC-1001')).set({ authorization: 'Bearer cm-manager-token' }).send({ notes: 'first' });
    await t.http.patch(order('SO-DOC-1001')).set({ authorization: 'Bearer cm-manager-token' }).send({ action: 'confirm' });
    await t.http.patch(order('SO-DOC-1002')).set({ authorization: 'Bearer cm-manager-token' }).send({ action: 'confirm' });
    const q = `api=cutmake&operationId=updateOrder&path=${encodeURIComponent(order('SO-DOC-1001'))}&bodyPath=${encodeURIComponent('$.action')}&bodyEquals=confirm`;
    const res = await t.http.get(`/__ordermock/journal/count?${q}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ count: 1 });
    expect(t.mock.count({ operationId: 'updateOrder', bodyPath: '$.action', bodyEquals: 'confirm' })).toBe(2);
    expect(t.mock.count({ bodyPath: '$.notes', bodyContains: 'irs' })).toBe(1);
  });

  it('an invalid filter is a 400 naming it, never an empty list', async () => {
    const t = getT();
    const cases: [string, string][] = [
      ['status=abc', 'status'],
      ['since=yesterday', 'since'],
      ['bodyPath=action', 'bodyPath'],
      ['bodyPath=%24.a%5B', 'bodyPath'],
      ['bodyEquals=x', 'bodyEquals'],
      ['api=shopify', 'api'],
      ['stauts=500', 'stauts'],
      ['method=FETCH', 'method'],
    ];
    for (const [query, field] of cases) {
      for (const route of ['/__ordermock/journal', '/__ordermock/journal/count']) {
        const res = await t.http.get(`${route}?${query}`);
        expect(res.status, `${route}?${query}`).toBe(400);
        expect(res.body.error.code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
        expect(res.body.error.issues.map((i: { path: string[] }) => i.path[0]), query).toContain(field);
      }
    }
    expect(() => t.mock.requests({ status: 'abc' })).toThrow(/status/);
  });

  it('exports NDJSON, one entry per line', async () => {
    const t = getT();
    await t.http.get(order('SO-DOC-1001')).set(CM);
    await t.http.get(order('SO-DOC-1002')).set(CM);
    const res = await t.http.get('/__ordermock/journal?format=ndjson').buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['x-ordermock-journal-dropped']).toBe('0');
    const lines = (res.body as string).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => e.path)).toEqual([order('SO-DOC-1001'), order('SO-DOC-1002')]);
  });
});

describe('journal bounds', () => {
  it('keeps at most --journal-size entries; the cap and the number dropped are in every answer', async () => {
    const t = await startTestMock({ journalCapacity: 3 });
    try {
      for (let i = 0; i < 5; i++) await t.http.get(order('SO-DOC-1001')).set(CM);
      const res = await t.http.get('/__ordermock/journal');
      expect(res.body.entries).toHaveLength(3);
      expect(res.body).toMatchObject({ cap: { entries: 3 }, dropped: 2, total: 3 });
      const count = await t.http.get('/__ordermock/journal/count');
      expect(count.body).toEqual({ count: 3 });
      expect(count.headers['x-ordermock-journal-cap']).toMatch(/^3 entries, \d+ bytes, \d+ bytes per body$/);
      expect(count.headers['x-ordermock-journal-dropped']).toBe('2');
    } finally {
      await t.close();
    }
  });

  it('a body over the body limit is kept as a visible marker; the total stays under the byte cap', async () => {
    const t = await startTestMock({ journalBodyBytes: 1024, journalBytes: 64 * 1024 });
    try {
      const notes = 'n'.repeat(200_000);
      for (let i = 0; i < 20; i++) await t.http.patch(order('SO-DOC-1001')).set(CM).send({ notes });
      const res = await t.http.get('/__ordermock/journal?operationId=updateOrder');
      expect(res.status).toBe(200);
      const [entry] = res.body.entries;
      expect(entry.request.body['ordermock:truncated']).toMatchObject({ reason: expect.stringMatching(/body limit of 1024 bytes/) });
      expect(entry.request.body['ordermock:truncated'].bytes).toBeGreaterThan(200_000);
      expect(JSON.stringify(res.body).length).toBeLessThan(64 * 1024 + 20_000);
    } finally {
      await t.close();
    }
  });

  it('many refused 1 MB requests do not grow the journal past its byte cap', async () => {
    const t = await startTestMock({ journalBytes: 2 * 1024 * 1024 });
    try {
      const big = { lineItems: Array.from({ length: 20_000 }, (_, i) => ({ sku: `SKU-${i}`, orderQuantity: 'x'.repeat(30) })) };
      for (let i = 0; i < 12; i++) {
        const res = await t.http.patch(order('SO-DOC-1001')).set(CM).send(big);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
      const res = await t.http.get('/__ordermock/journal');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(12);
      expect(JSON.stringify(res.body).length).toBeLessThan(2 * 1024 * 1024);
      expect((await t.http.get('/__ordermock/health')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('a body nested 10,000 deep is refused unparsed, and the journal still answers 200', async () => {
    const t = getT();
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    await t.http.patch(order('SO-DOC-1001')).set({ ...CM, 'content-type': 'application/json' }).send(`{"notes":"x","extra":${deep}}`);
    const res = await t.http.get('/__ordermock/journal');
    expect(res.status).toBe(200);
    // The body reader refuses it before parsing (64 levels at most): the journal keeps the raw text, no deep value.
    expect(res.body.entries[0]).toMatchObject({ errorCode: 'ORDERMOCK_ERR_BODY_TOO_DEEP', response: { status: 422 } });
    expect(typeof res.body.entries[0].request.body).toBe('string');
    const ndjson = await t.http.get('/__ordermock/journal?format=ndjson');
    expect(ndjson.status).toBe(200);
  });
});
