import { describe, expect, it } from 'vitest';
import {
  SESSION_A1,
  SESSION_A2_EXPIRED,
  SESSION_B1,
  TENANT_A,
  TENANT_B,
  expectJtlError,
  expectRefusedUnchanged,
  get,
  jtlHeaders,
  order,
  patch,
  useJtl,
} from './helpers.js';

// Who may do what, checked in the order docs/apis/jtl.md gives: token, tenant, rate, scope, x-runas, x-companyid, session.
describe('jtl access rules', () => {
  const { clock, mock } = useJtl();

  const a1 = order('a1');
  const change = { salesOrderId: a1, paymentMethodId: '9a000000-0000-4000-8000-0000000000a3' };

  it('an unknown token is 401 invalid_token, nothing changes', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders('no-such-token')));
    expect(res.status).toBe(401);
    expectJtlError(res.body, 'UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('an expired token is 401 "expired", nothing changes; a token expires exactly at expiresAt', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders('jtl-expired-token')));
    expect(res.status).toBe(401);
    expect(res.body.errorMessage).toBe('The access token has expired.');
    expect(res.headers['www-authenticate']).toMatch(/expired/);
    clock.set('2025-12-31T23:59:58Z');
    expect((await get(mock(), a1, jtlHeaders('jtl-expired-token'))).status).toBe(200);
    clock.set('2025-12-31T23:59:59Z');
    expect((await get(mock(), a1, jtlHeaders('jtl-expired-token'))).status).toBe(401);
  });

  it("a tenant the token's client was not granted is 403, on the update and the read", async () => {
    // shop-sync is granted tenant b only.
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders('jtl-sync-token', TENANT_A)));
    expect(res.status).toBe(403);
    expectJtlError(res.body, 'FORBIDDEN');
    expect((await get(mock(), a1, jtlHeaders('jtl-sync-token', TENANT_A))).status).toBe(403);
    expect((await get(mock(), order('b1'), jtlHeaders('jtl-sync-token', TENANT_B))).status).toBe(200);
    const unknownTenant = await get(mock(), a1, jtlHeaders('jtl-demo-token', '7e000000-0000-4000-8000-0000000000ff'));
    expect(unknownTenant.status).toBe(403);
  });

  it('the rate limit: 429 with Retry-After from the 3rd request in a minute, nothing changes, free again after 60 s', async () => {
    const token = 'jtl-ratelimited-token';
    expect((await get(mock(), a1, jtlHeaders(token))).status).toBe(200);
    clock.advance(18_000);
    expect((await get(mock(), a1, jtlHeaders(token))).status).toBe(200);
    clock.advance(1_000);
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders(token)));
    expect(res.status).toBe(429);
    expectJtlError(res.body, 'TOO_MANY_REQUESTS');
    expect(res.headers['retry-after']).toBe('41'); // the first request leaves the window 41 s from now
    clock.advance(41_000);
    const again = await patch(mock(), change, jtlHeaders(token));
    expect(again.status).toBe(200);
    expect(again.body.paymentMethodId).toBe(change.paymentMethodId);
    // Other clients are counted apart.
    expect((await get(mock(), a1)).status).toBe(200);
  });

  it('a read-only token cannot update (403) but can read', async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, jtlHeaders('jtl-readonly-token')));
    expect(res.status).toBe(403);
    expect(res.body.errorMessage).toBe("The access token lacks the scope 'orders.write'.");
    expect((await get(mock(), a1, jtlHeaders('jtl-readonly-token'))).status).toBe(200);
  });

  it('x-runas without scope Application.RunAs is 403, nothing changes', async () => {
    const res = await expectRefusedUnchanged(mock(), order('b1'), () => patch(mock(), { salesOrderId: order('b1'), paymentMethodId: '9a000000-0000-4000-8000-0000000000b2' }, { ...jtlHeaders('jtl-sync-token', TENANT_B), 'x-runas': '5' }), TENANT_B);
    expect(res.status).toBe(403);
    expect(res.body.errorMessage).toBe("The header 'x-runas' requires the scope 'Application.RunAs'.");
  });

  it('x-runas with the scope: a sales user by legacyId or uuid may update', async () => {
    const byLegacy = await patch(mock(), change, { ...jtlHeaders(), 'x-runas': '23' });
    expect(byLegacy.status).toBe(200);
    const byUuid = await patch(mock(), { salesOrderId: a1, paymentMethodId: '9a000000-0000-4000-8000-0000000000a2' }, { ...jtlHeaders(), 'x-runas': '05e70000-0000-4000-8000-0000000000a2' });
    expect(byUuid.status).toBe(200);
    expect((await get(mock(), a1)).body.paymentMethodId).toBe('9a000000-0000-4000-8000-0000000000a2');
  });

  it.each([
    ['40', 'an inactive user'],
    ['99', 'an unknown user'],
    ['5', "a user of another tenant"],
  ])('x-runas naming %s (%s) is 403, nothing changes', async (user) => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'x-runas': user }));
    expect(res.status).toBe(403);
    expectJtlError(res.body, 'FORBIDDEN');
  });

  it("x-runas as a warehouse user (role: read only) may read but not update (403)", async () => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'x-runas': '31' }));
    expect(res.status).toBe(403);
    expect(res.body.errorMessage).toBe('User 31 is not allowed to modify sales orders.');
    expect((await get(mock(), a1, { ...jtlHeaders(), 'x-runas': '31' })).status).toBe(200);
  });

  it('x-companyid: an unknown company is 403; a company only sees its own orders (others 404)', async () => {
    const unknown = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'x-companyid': '7' }));
    expect(unknown.status).toBe(403);
    const otherCompany = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'x-companyid': '2' }));
    expect(otherCompany.status).toBe(404);
    expect((await get(mock(), a1, { ...jtlHeaders(), 'x-companyid': '2' })).status).toBe(404);
    expect((await get(mock(), a1, { ...jtlHeaders(), 'x-companyid': '1' })).status).toBe(200);
    expect((await get(mock(), order('a3'), { ...jtlHeaders(), 'x-companyid': 'c0000000-0000-4000-8000-0000000000a2' })).status).toBe(200);
  });

  it.each([
    [SESSION_A2_EXPIRED, 'an expired session'],
    [SESSION_B1, "another tenant's session"],
    ['5e550000-0000-4000-8000-0000000000ff', 'an unknown session'],
  ])('X-SessionId %s (%s) is 412, nothing changes', async (session) => {
    const res = await expectRefusedUnchanged(mock(), a1, () => patch(mock(), change, { ...jtlHeaders(), 'X-SessionId': session }));
    expect(res.status).toBe(412);
    expectJtlError(res.body, 'PRECONDITION_FAILED');
    expect((await get(mock(), a1, { ...jtlHeaders(), 'X-SessionId': session })).status).toBe(412);
  });

  it("another tenant's order answers exactly as a missing one (404, same body shape), nothing changes", async () => {
    const b1 = order('b1');
    const foreign = await expectRefusedUnchanged(mock(), b1, () => patch(mock(), { salesOrderId: b1, paymentMethodId: '9a000000-0000-4000-8000-0000000000b2' }), TENANT_B);
    const missing = await patch(mock(), { salesOrderId: order('ff'), paymentMethodId: '9a000000-0000-4000-8000-0000000000b2' });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body).toEqual({ ...missing.body, errorMessage: missing.body.errorMessage.replace(order('ff'), b1) });
    const readForeign = await get(mock(), b1);
    const readMissing = await get(mock(), order('ff'));
    expect(readForeign.status).toBe(404);
    expect(readForeign.body).toEqual({ ...readMissing.body, errorMessage: readMissing.body.errorMessage.replace(order('ff'), b1) });
  });

  it('checks run in order: a bad token beats a missing tenant, a missing tenant beats a missing scope', async () => {
    const noTenant = (token: string) => {
      const h = jtlHeaders(token);
      delete h['x-tenant-id'];
      return h;
    };
    expect((await patch(mock(), change, noTenant('jtl-expired-token'))).body.errorMessage).toBe('The access token has expired.');
    const res = await patch(mock(), change, noTenant('jtl-readonly-token'));
    expect(res.status).toBe(401);
    expect(res.body.errorMessage).toBe("The header 'x-tenant-id' is required.");
  });

  it('header checks run in order: x-runas (403) before x-companyid (403) before X-SessionId (412)', async () => {
    const unknownSession = '5e550000-0000-4000-8000-0000000000ff';
    const runAs = await patch(mock(), change, { ...jtlHeaders('jtl-sync-token', TENANT_B), 'x-runas': '5', 'X-SessionId': unknownSession });
    expect(runAs.body.errorMessage).toMatch(/x-runas/);
    const company = await patch(mock(), change, { ...jtlHeaders(), 'x-companyid': '9', 'X-SessionId': unknownSession });
    expect(company.status).toBe(403);
    expect(company.body.errorMessage).toMatch(/Company 9/);
  });

  it('the tenant header and uuids in headers match case-insensitively', async () => {
    const res = await get(mock(), a1, { ...jtlHeaders('jtl-demo-token', TENANT_A.toUpperCase()), 'X-SessionId': SESSION_A1.toUpperCase() });
    expect(res.status).toBe(200);
  });

  it('the session holding a lock may update the locked order', async () => {
    const a3 = order('a3');
    const res = await patch(mock(), { salesOrderId: a3, paymentMethodId: '9a000000-0000-4000-8000-0000000000a2' }, { ...jtlHeaders(), 'X-SessionId': SESSION_A1 });
    expect(res.status).toBe(200);
    expect((await get(mock(), a3)).body.paymentMethodId).toBe('9a000000-0000-4000-8000-0000000000a2');
  });
});
