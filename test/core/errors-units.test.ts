import { describe, expect, it } from 'vitest';
import { useTestMock } from '../support/harness.js';

const getT = useTestMock({ apis: ['cutmake', 'sellercloud'] });
const CM = { authorization: 'Bearer cm-member1-token' };
const CM_ORDER = '/cutmake/api/v1/orders/SO-DOC-1001';

/** `n` new lines, each naming a style SKU that does not exist: one business-rule issue per line. */
const unknownSkus = (n: number) => Array.from({ length: n }, (_, i) => ({ styleSkuId: `SKU-NOPE-${i}`, orderQuantity: 1 }));

describe('an error raised by a handler is bounded before it is rendered', () => {
  it('21 issues: the first 20, then one saying 1 more was not listed', async () => {
    const t = getT();
    const res = await t.http.patch(CM_ORDER).set(CM).send({ lineItems: unknownSkus(21) });
    expect(res.status).toBe(422);
    const detail = res.body.detail as { loc: unknown[]; msg: string; input?: unknown }[];
    expect(detail).toHaveLength(21);
    expect(detail[19]).toEqual({ type: 'value_error', loc: ['body', 'lineItems', 19, 'styleSkuId'], msg: "Value error, Unknown style SKU 'SKU-NOPE-19'", input: 'SKU-NOPE-19' });
    // The counting entry stands for no one input (it carried the 21st line's SKU).
    expect(detail[20]).toEqual({ type: 'value_error', loc: ['body'], msg: 'Value error, has 1 more violation not listed (only the first 20 are)' });
  });

  it('unknown keys refused by unevaluatedProperties are each counted among those not listed', async () => {
    const t = getT();
    const unknown = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`extra${i}`, i]));
    const res = await t.http.post('/__ordermock/faults').send({ api: 'cutmake', status: 500, ...unknown });
    expect(res.status).toBe(400);
    const { issues } = res.body.error;
    expect(issues).toHaveLength(21);
    expect(issues[20].message).toBe('has 10 more violations not listed (only the first 20 are)');
  });

  it('25 issues: the first 20, then one counting the 5 others', async () => {
    const t = getT();
    const res = await t.http.patch(CM_ORDER).set(CM).send({ lineItems: unknownSkus(25) });
    expect(res.status).toBe(422);
    const detail = res.body.detail as { loc: unknown[]; msg: string }[];
    expect(detail.map((d) => d.loc)).toEqual([...Array.from({ length: 20 }, (_, i) => ['body', 'lineItems', i, 'styleSkuId']), ['body']]);
    expect(detail[20].msg).toBe('Value error, has 5 more violations not listed (only the first 20 are)');
  });

  it('20 issues are listed as they are', async () => {
    const t = getT();
    const res = await t.http.patch(CM_ORDER).set(CM).send({ lineItems: unknownSkus(20) });
    expect(res.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual(Array.from({ length: 20 }, (_, i) => ['body', 'lineItems', i, 'styleSkuId']));
  });

  it('a list the validator already cut keeps its own count', async () => {
    const t = getT();
    const header = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`h${i}`, i]));
    const res = await t.http.post('/__ordermock/faults').send({ api: 'cutmake', status: 500, header });
    expect(res.status).toBe(400);
    const { issues } = res.body.error;
    expect(issues).toHaveLength(21);
    expect(issues[19]).toMatchObject({ in: 'body', path: ['header', 'h19'] });
    expect(issues[20]).toEqual({ in: 'body', path: [], message: 'has 6 more violations not listed (only the first 20 are)', rule: 'truncated' });
  });

  it('a message over 4000 characters is cut there, saying how much more there was', async () => {
    const t = getT();
    const path = `/nope/${'x'.repeat(5000)}`;
    const res = await t.http.get(path);
    expect(res.status).toBe(404);
    const full = `No operation matches GET ${path}`;
    expect(res.body.error).toEqual({ code: 'ORDERMOCK_ERR_ROUTE_NOT_FOUND', message: `${full.slice(0, 4000)}… (${full.length - 4000} more characters)` });
  });

  it('a short message is kept whole, every argument in its place', async () => {
    const res = await getT().http.get('/nope/x');
    expect(res.body.error.message).toBe('No operation matches GET /nope/x');
  });
});

describe('a field named in an error message', () => {
  it('an array index is written [n]', async () => {
    const res = await getT().http.post('/__ordermock/faults').send({ api: 'cutmake', delayMs: [1, 'x'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Request does not match the contract: body.delayMs[1] must be integer');
  });
});

describe('a client-chosen field name in an error', () => {
  const refusedKey = async (length: number) => {
    const res = await getT().http.post('/__ordermock/faults').send({ api: 'cutmake', status: 500, [`k${'e'.repeat(length - 1)}`]: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toHaveLength(1);
    return res.body.error.issues[0].path[0] as string;
  };

  it('is repeated whole up to 100 characters', async () => {
    expect(await refusedKey(100)).toBe(`k${'e'.repeat(99)}`);
  });

  it('is cut at 100 characters beyond that', async () => {
    expect(await refusedKey(101)).toBe(`k${'e'.repeat(99)}…`);
  });
});
