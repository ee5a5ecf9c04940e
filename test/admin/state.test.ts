import { describe, expect, it } from 'vitest';
import { apiCases, type ApiCase } from '../support/api-cases.js';
import { useTestMock, type TestMock } from '../support/harness.js';

const getT = useTestMock();
const NS = 'x-ordermock-namespace';

async function update(t: TestMock, c: ApiCase, marker: string, namespace?: string) {
  const headers = namespace ? { ...c.update.headers, [NS]: namespace } : c.update.headers;
  const body = await c.body(t, marker);
  return t.http[c.update.method](c.update.path).set(headers).send(body);
}

async function readMarker(t: TestMock, c: ApiCase, namespace?: string): Promise<unknown> {
  const headers = namespace ? { ...c.read.headers, [NS]: namespace } : c.read.headers;
  const res = await t.http.get(c.read.path).set(headers);
  expect(res.status, res.text).toBe(200);
  return c.marker(res.body);
}

describe('reset over HTTP', () => {
  it.each(apiCases.map((c) => [c.api, c]))('?api=%s restores that API and leaves the others changed', async (api, c) => {
    const t = getT();
    for (const other of apiCases) expect((await update(t, other, `changed-${other.api}`)).status).toBe(200);
    const res = await t.http.post(`/__ordermock/reset?api=${api}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reset: { namespace: 'default', api } });
    expect(await readMarker(t, c)).not.toBe(`changed-${api}`);
    for (const other of apiCases.filter((o) => o.api !== api)) expect(await readMarker(t, other)).toBe(`changed-${other.api}`);
  });

  it('an unknown API is a 400 naming the parameter, and nothing is reset', async () => {
    const t = getT();
    const c = apiCases[0];
    await update(t, c, 'kept');
    const res = await t.http.post('/__ordermock/reset?api=shopify');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
    expect(res.body.error.issues[0]).toMatchObject({ in: 'query', path: ['api'] });
    expect(await readMarker(t, c)).toBe('kept');
  });

  it('one namespace (header or ?namespace=) leaves the default namespace alone; all=true resets every namespace', async () => {
    const t = getT();
    const c = apiCases[4];
    await update(t, c, 'in-default');
    await update(t, c, 'in-a', 'ns-a');
    expect((await t.http.post('/__ordermock/reset?namespace=ns-a')).body).toEqual({ reset: { namespace: 'ns-a', api: null } });
    expect(await readMarker(t, c, 'ns-a')).not.toBe('in-a');
    expect(await readMarker(t, c)).toBe('in-default');
    await update(t, c, 'in-a', 'ns-a');
    expect((await t.http.post('/__ordermock/reset?all=true&api=sellercloud')).body).toEqual({ reset: { namespace: null, api: 'sellercloud' } });
    expect(await readMarker(t, c)).not.toBe('in-default');
    expect(await readMarker(t, c, 'ns-a')).not.toBe('in-a');
  });
});

describe('namespaces', () => {
  it.each(apiCases.map((c) => [c.api, c]))('%s: two namespaces changing the same order concurrently end independent', async (_api, c) => {
    const t = getT();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => update(t, c, `${i % 2 ? 'blue' : 'green'}-${i}`, i % 2 ? 'ci-blue' : 'ci-green')),
    );
    // Within one namespace later writes may be refused (stale version); across namespaces nothing interferes.
    expect(results.some((r) => r.status === 200)).toBe(true);
    const blue = await readMarker(t, c, 'ci-blue');
    const green = await readMarker(t, c, 'ci-green');
    expect(String(blue)).toMatch(/^blue-/);
    expect(String(green)).toMatch(/^green-/);
    expect(String(await readMarker(t, c))).not.toMatch(/^(blue|green)-/);
  });

  it('are listed and deleted; a deleted namespace starts again from the seeds', async () => {
    const t = getT();
    const c = apiCases[0];
    await update(t, c, 'mine', 'job-7');
    expect((await t.http.get('/__ordermock/namespaces')).body.namespaces).toEqual(expect.arrayContaining(['default', 'job-7']));
    expect((await t.http.delete('/__ordermock/namespaces/job-7')).status).toBe(204);
    expect((await t.http.get('/__ordermock/namespaces')).body.namespaces).not.toContain('job-7');
    expect(await readMarker(t, c, 'job-7')).not.toBe('mine');
    const again = await t.http.delete('/__ordermock/namespaces/never-used');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('ORDERMOCK_ERR_RESOURCE_NOT_FOUND');
  });
});

describe('fixtures and stored documents', () => {
  it('reads a stored order exactly as stored, per namespace', async () => {
    const t = getT();
    const res = await t.http.get('/__ordermock/store/sellercloud/orders/5001');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toBe(t.stored('sellercloud', 'orders', '5001'));
    expect((await t.http.get('/__ordermock/store/sellercloud/orders/404404')).status).toBe(404);
    expect((await t.http.get('/__ordermock/store/nope/orders/5001')).status).toBe(400);
  });

  it('loads one order validated against the API order schema; an invalid one is refused naming the field and changes nothing', async () => {
    const t = getT();
    const seeded = (await t.http.get('/__ordermock/store/sellercloud/orders/5002')).body;
    const copy = { ...seeded, OrderID: 9100 };
    const put = await t.http.put('/__ordermock/store/sellercloud/orders/9100?namespace=fx').send(copy);
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual(copy);
    const read = await t.http.get('/sellercloud/rest/api/Orders/9100').set({ authorization: 'Bearer sc-demo-token', [NS]: 'fx' });
    expect(read.status, read.text).toBe(200);
    expect(read.body.OrderID).toBe(9100);
    expect((await t.http.get('/sellercloud/rest/api/Orders/9100').set({ authorization: 'Bearer sc-demo-token' })).status).toBe(404);

    const before = t.stored('sellercloud', 'orders', '5002', 'fx');
    const bad = await t.http.put('/__ordermock/store/sellercloud/orders/5002?namespace=fx').send({ ...seeded, OrderID: 'five' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toContain('OrderID');
    expect(t.stored('sellercloud', 'orders', '5002', 'fx')).toBe(before);
  });

  it('loads a whole set: the collections given hold exactly those documents; one bad order refuses the set', async () => {
    const t = getT();
    const order = (await t.http.get('/__ordermock/store/sellercloud/orders/5001')).body;
    const set = { sellercloud: { orders: { '7001': { ...order, OrderID: 7001 } } } };
    const res = await t.http.post('/__ordermock/fixtures').set(NS, 'set-1').send(set);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ namespace: 'set-1', loaded: { sellercloud: { orders: 1 } } });
    const h = { authorization: 'Bearer sc-demo-token', [NS]: 'set-1' };
    expect((await t.http.get('/sellercloud/rest/api/Orders/7001').set(h)).status).toBe(200);
    expect((await t.http.get('/sellercloud/rest/api/Orders/5001').set(h)).status).toBe(404);

    const bad = await t.http.post('/__ordermock/fixtures?namespace=set-1').send({ sellercloud: { orders: { '7002': { ...order, OrderID: 7002 }, '7003': { OrderID: 7003 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path.slice(0, 3).map(String)).toEqual(['sellercloud', 'orders', '7003']);
    expect((await t.http.get('/sellercloud/rest/api/Orders/7001').set(h)).status).toBe(200);
    expect((await t.http.get('/sellercloud/rest/api/Orders/7002').set(h)).status).toBe(404);
  });
});

describe('reset in code', () => {
  it('mock.reset({ api }) restores one API, keeps the others; mock.reset() restores everything', async () => {
    const t = getT();
    for (const c of apiCases) await update(t, c, `code-${c.api}`);
    await t.mock.reset({ api: 'jtl' });
    for (const c of apiCases) {
      if (c.api === 'jtl') expect(await readMarker(t, c)).not.toBe('code-jtl');
      else expect(await readMarker(t, c)).toBe(`code-${c.api}`);
    }
    await expect(t.mock.reset({ api: 'nope' })).rejects.toThrow(/Unknown API nope/);
    await t.mock.reset();
    for (const c of apiCases) expect(await readMarker(t, c)).not.toBe(`code-${c.api}`);
  });
});
