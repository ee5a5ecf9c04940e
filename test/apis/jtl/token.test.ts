import { describe, expect, it } from 'vitest';
import { get, jtlHeaders, order, useJtl } from './helpers.js';

const TOKEN = '/jtl/oauth2/token';

// POST /oauth2/token: OAuth 2.0 client credentials, answered in OAuth's error shape.
describe('jtl token endpoint', () => {
  const { clock, mock } = useJtl();

  const requestToken = (form: Record<string, string>, id = 'ordermock-demo', secret = 'demo-secret-2026') =>
    mock().http.post(TOKEN).auth(id, secret).type('form').send(form);

  it('issues a 24-hour Bearer token with every allowed scope when none is asked for, stored with its client', async () => {
    const res = await requestToken({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'orders.read orders.write Application.RunAs' });
    expect(JSON.parse(mock().stored('jtl', 'tokens', res.body.access_token))).toEqual({
      token: res.body.access_token,
      clientId: 'ordermock-demo',
      scopes: ['orders.read', 'orders.write', 'Application.RunAs'],
      issuedAt: '2026-11-24T10:15:00Z',
      expiresAt: '2026-11-25T10:15:00Z',
    });
    expect((await get(mock(), order('a1'), jtlHeaders(res.body.access_token))).status).toBe(200);
  });

  it('a token only carries the scopes asked for, and works only until it expires', async () => {
    const res = await requestToken({ grant_type: 'client_credentials', scope: 'orders.read', audience: 'ignored' });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('orders.read');
    const headers = jtlHeaders(res.body.access_token);
    expect((await get(mock(), order('a1'), headers)).status).toBe(200);
    const write = await mock().http.patch('/jtl/erp/v2/salesorder/update').set(headers).send({ salesOrderId: order('a1'), paymentMethodId: '9a000000-0000-4000-8000-0000000000a2' });
    expect(write.status).toBe(403);
    clock.advance(86_400_000 - 1000);
    expect((await get(mock(), order('a1'), headers)).status).toBe(200);
    clock.advance(1000);
    const expired = await get(mock(), order('a1'), headers);
    expect(expired.status).toBe(401);
    expect(expired.body.errorMessage).toBe('The access token has expired.');
  });

  it('a token works only in the tenants of its client', async () => {
    const res = await requestToken({ grant_type: 'client_credentials' }, 'lager-dashboard', 'lager-secret-2026');
    expect(res.status).toBe(200);
    expect((await get(mock(), order('b1'), jtlHeaders(res.body.access_token, '7e000000-0000-4000-8000-00000000000b'))).status).toBe(403);
  });

  it.each([
    ['ordermock-demo', 'wrong-secret'],
    ['nobody', 'demo-secret-2026'],
  ])('wrong client credentials (%s) are 401 invalid_client with a Basic challenge, and no token is stored', async (id, secret) => {
    const res = await requestToken({ grant_type: 'client_credentials' }, id, secret);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    expect(res.headers['www-authenticate']).toBe('Basic realm="auth.jtl-cloud.com"');
    expect(mock().mock.store.data('default', 'jtl').collection('tokens').size).toBe(5);
  });

  it('no Authorization header is 401 invalid_client', async () => {
    const res = await mock().http.post(TOKEN).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('another grant type is 400 unsupported_grant_type', async () => {
    const res = await requestToken({ grant_type: 'password', username: 'x', password: 'y' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('a missing grant_type is 400 invalid_request', async () => {
    const res = await requestToken({ scope: 'orders.read' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'grant_type is required' });
  });

  it('a scope the client may not have is 400 invalid_scope, and no token is stored', async () => {
    const res = await requestToken({ grant_type: 'client_credentials', scope: 'orders.read orders.write' }, 'lager-dashboard', 'lager-secret-2026');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_scope', error_description: 'Client lager-dashboard may not request scope: orders.write' });
    expect(mock().mock.store.data('default', 'jtl').collection('tokens').size).toBe(5);
    const runAs = await requestToken({ grant_type: 'client_credentials', scope: 'Application.RunAs' }, 'shop-sync', 'sync-secret-2026');
    expect(runAs.body.error).toBe('invalid_scope');
  });

  it('a malformed scope list is 400 invalid_scope', async () => {
    const res = await requestToken({ grant_type: 'client_credentials', scope: 'orders.read  orders.write' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('a body over the limit is 413 in OAuth shape; a wrong method is 405 with Allow (JTL shape: decided before routing)', async () => {
    const big = await mock().http.post(TOKEN).auth('ordermock-demo', 'demo-secret-2026').type('form').send(`grant_type=client_credentials&pad=${'x'.repeat(1_100_000)}`);
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('invalid_request');
    const wrong = await mock().http.get(TOKEN);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.body.errorCode).toBe('METHOD_NOT_ALLOWED');
  });

  it('a JSON body is 415 in OAuth shape', async () => {
    const res = await mock().http.post(TOKEN).auth('ordermock-demo', 'demo-secret-2026').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('invalid_request');
    expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
  });
});
