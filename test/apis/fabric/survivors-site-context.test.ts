import { describe, it, expect } from 'vitest';
import { ACCOUNT, expectFabricError, useFabric } from './fabric-client.js';

// The x-site-context header's edge cases the mutation run found untested: each is refused with a
// 400 whose message names the field (or accepted), before anything is read or written.
const ORDER = '309019178';
const site = (value: unknown) => JSON.stringify(value);
const PREFIX = 'Request does not match the contract: ';

describe('fabric x-site-context: the edges of the header check', () => {
  const c = useFabric();
  const read = (header: string) =>
    c().t.http.get(`/fabric/order/?orderNumber=${ORDER}`).set({ authorization: 'Bearer fabric-csr-token', 'x-site-context': header });

  it.each([
    ['empty', ''],
    ['a no-break space only (Latin-1 0xA0, whitespace to String.trim, not to JSON)', '\u00a0'],
  ])('a header that is %s → 400 "is required" (not "not valid JSON")', async (_name, header) => {
    expect(expectFabricError(await read(header), 400)).toBe(`${PREFIX}header.x-site-context is required`);
  });

  it('the JSON text null → 400 "must be a JSON object" (not a crash)', async () => {
    expect(expectFabricError(await read('null'), 400)).toBe(`${PREFIX}header.x-site-context must be a JSON object`);
  });

  it.each([
    ['a date without a time', '2026-03-01'],
    ['a date-time string inside an array', ['2026-03-01T10:00:00Z']],
    ['a number', 1772359200000],
    ['a day the month does not have (February 30)', '2026-02-30T10:00:00Z'],
    ['a day the month does not have (April 31)', '2026-04-31T10:00:00Z'],
    ['February 29 of a year that is not a leap year', '2026-02-29T10:00:00Z'],
    ['an hour past 23', '2026-03-01T24:00:00Z'],
  ])('date as %s → 400 naming header.x-site-context.date, nothing changes', async (_name, date) => {
    const order = await c().read(ORDER);
    const res = await c().refused(ORDER, () => c().put(ORDER, order, { siteContext: site({ account: ACCOUNT, date }) }), 400);
    expect(expectFabricError(res, 400)).toBe(`${PREFIX}header.x-site-context.date must match format "date-time"`);
  });

  it.each(['2028-02-29T10:00:00Z', '2026-03-01T10:00:00.5+01:00', '2026-12-31t23:59:59z'])('date %s (a real instant) is accepted', async (date) => {
    const res = await read(site({ account: ACCOUNT, date }));
    expect(res.status, res.text).toBe(200);
  });

  it.each([5, null, ['production']])('stage %j (not a string) → 400 naming header.x-site-context.stage, nothing changes', async (stage) => {
    const order = await c().read(ORDER);
    const res = await c().refused(ORDER, () => c().put(ORDER, order, { siteContext: site({ account: ACCOUNT, stage }) }), 400);
    expect(expectFabricError(res, 400)).toBe(`${PREFIX}header.x-site-context.stage must be string`);
  });

  it('every broken field of the header is named in one message, separated by "; "', async () => {
    const res = await read(site({ date: 'today', channel: 1.5, stage: 5 }));
    expect(expectFabricError(res, 400)).toBe(
      `${PREFIX}header.x-site-context.account is required; header.x-site-context.date must match format "date-time"; ` +
        'header.x-site-context.channel must be integer or string; header.x-site-context.stage must be string',
    );
  });
});
