import { describe, it, expect } from 'vitest';
import { fixedClock } from '../../../src/index.js';
import { useTestMock } from '../../support/harness.js';
import { ACCOUNT, expectFabricError, fabricHeaders, getPath, SANDBOX_ACCOUNT, SITE_CONTEXT, TOKENS, useFabric } from './fabric-client.js';

const ORDER = '309019178';
const site = (value: unknown) => JSON.stringify(value);

describe('fabric auth: bearer token, x-site-context, account, scope', () => {
  const c = useFabric();

  it.each([
    ['an unknown token', 'Bearer fabric-nobody', 'Unauthorized: unknown token'],
    ['an expired token', `Bearer ${TOKENS.expired}`, 'Token expired'],
    ['a Basic header', 'Basic dXNyLWNzcjpzZWNyZXQ=', 'Unauthorized: bearer token required'],
  ])('%s → 401, nothing changes', async (_name, authorization, message) => {
    const order = await c().read(ORDER);
    const res = await c().refused(
      ORDER,
      () => c().t.http.put(`/fabric/order/${ORDER}`).set('Authorization', authorization).set('x-site-context', SITE_CONTEXT).send(order),
      401,
    );
    expect(expectFabricError(res, 401)).toBe(message);
  });

  describe('x-site-context is JSON with a 24-character account → 400 naming the field otherwise', () => {
    it.each([
      ['not JSON', 'account=1234abcd5678efgh9ijklmno', 'header.x-site-context must be a JSON object (the header is not valid JSON)'],
      ['a JSON array', site([ACCOUNT]), 'header.x-site-context must be a JSON object'],
      ['a JSON string', site(ACCOUNT), 'header.x-site-context must be a JSON object'],
      ['no account', site({ channel: 12 }), 'header.x-site-context.account is required'],
      ['an account of 23 characters', site({ account: ACCOUNT.slice(1) }), 'header.x-site-context.account must be 24 characters long'],
      ['an account of the wrong type', site({ account: 1234 }), 'header.x-site-context.account must be string'],
      ['a date that is not date-time', site({ account: ACCOUNT, date: 'today' }), 'header.x-site-context.date must match format "date-time"'],
      ['a channel of the wrong type', site({ account: ACCOUNT, channel: [12] }), 'header.x-site-context.channel must be integer or string'],
      ['an unknown account', site({ account: 'ffffffffffffffffffffffff' }), 'header.x-site-context.account names no known account (ffffffffffffffffffffffff)'],
    ])('%s → 400, nothing changes', async (_name, header, mention) => {
      const order = await c().read(ORDER);
      const res = await c().refused(ORDER, () => c().put(ORDER, order, { siteContext: header }), 400);
      expectFabricError(res, 400, mention);
    });

    it('optional keys may be left out and unknown keys are allowed; a numeric-string channel is accepted', async () => {
      const order = await c().read(ORDER);
      const res = await c().put(ORDER, order, { siteContext: site({ account: ACCOUNT, channel: '13', locale: 'en-CA' }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await c().read(ORDER)).version).toBe(3);
    });
  });

  it('a known account the token is not bound to (sandbox) → 401, nothing changes', async () => {
    const order = await c().read(ORDER);
    const res = await c().refused(ORDER, () => c().put(ORDER, order, { siteContext: site({ account: SANDBOX_ACCOUNT }) }), 401);
    expect(expectFabricError(res, 401)).toBe(`Unauthorized: token is not valid for account ${SANDBOX_ACCOUNT}`);
    expectFabricError(await c().get(ORDER, { siteContext: site({ account: SANDBOX_ACCOUNT }) }), 401);
  });

  it('the token is checked before the header: bad token and bad header → 401', async () => {
    const order = await c().read(ORDER);
    await c().refused(ORDER, () => c().put(ORDER, order, { who: 'expired', siteContext: 'not json' }), 401);
  });

  it('a read-only token may GET (orders:read) but not PUT (orders:write) → 403, nothing changes', async () => {
    const read = await c().get(ORDER, { who: 'readonly' });
    expect(read.status).toBe(200);
    const res = await c().refused(ORDER, () => c().put(ORDER, read.body, { who: 'readonly' }), 403);
    expect(expectFabricError(res, 403)).toBe('Forbidden: scope orders:write required');
  });

  it('every token with orders:write may update: the audit entry names its user', async () => {
    const order = await c().read(ORDER);
    const res = await c().put(ORDER, order, { who: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body.auditLogs.at(-1).updatedBy).toBe('usr-admin');
  });
});

describe('fabric token expiry follows the mock clock', () => {
  const clock = fixedClock('2024-01-01T00:30:00Z');
  const mock = useTestMock({ apis: ['fabric'], clock });

  it('fabric-expired-token works until its expiresAt (2024-01-01T01:00:00Z), then gets 401', async () => {
    const get = () => mock().http.get(getPath(ORDER)).set(fabricHeaders({ who: 'expired' }));
    expect((await get()).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await get()).status).toBe(200);
    clock.advance(60_000);
    const res = await get();
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Token expired' });
  });
});
