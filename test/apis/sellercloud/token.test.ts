import { describe, expect, it } from 'vitest';
import { ADMIN_LOGIN, TOKEN, getOrder, modelState, putOrder, useSellercloud } from './sellercloud-kit.js';

describe('sellercloud token endpoint', () => {
  const { clock, mock } = useSellercloud();
  const tokenCount = () => mock().mock.store.data('default', 'sellercloud').collection('tokens').size;

  it('issues a 60-minute bearer token with RFC 1123 dates and stores it with the user’s scopes', async () => {
    const res = await mock().http.post(TOKEN).send(ADMIN_LOGIN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
      token_type: 'Bearer',
      username: 'demo.admin@ordermock.example.com',
      expires_in: 3600,
      '.issued': 'Sun, 01 Mar 2026 10:00:00 GMT',
      '.expires': 'Sun, 01 Mar 2026 11:00:00 GMT',
    });
    const stored = JSON.parse(mock().stored('sellercloud', 'tokens', res.body.access_token));
    expect(stored).toMatchObject({ userId: '1001', roles: ['Administrator'], scopes: ['orders.read', 'orders.write'], expiresAt: '2026-03-01T11:00:00.000Z' });
  });

  it('matches the username case-insensitively but the password exactly', async () => {
    const ok = await mock().http.post(TOKEN).send({ Username: 'Demo.Admin@OrderMock.example.com', Password: 'Demo!2345' });
    expect(ok.status).toBe(200);
    expect(ok.body.username).toBe('demo.admin@ordermock.example.com');
    const bad = await mock().http.post(TOKEN).send({ Username: 'demo.admin@ordermock.example.com', Password: 'demo!2345' });
    expect(bad.status).toBe(401);
  });

  it('gives a token that is valid until the last second of its hour', async () => {
    const bearer = `Bearer ${(await mock().http.post(TOKEN).send(ADMIN_LOGIN)).body.access_token}`;
    clock.advance(3_599_000);
    expect((await getOrder(mock(), 5002, bearer)).status).toBe(200);
    clock.advance(1_000);
    const expired = await getOrder(mock(), 5002, bearer);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ Message: 'Not Valid Token' });
  });

  it('gives the viewer a token that reads but cannot update', async () => {
    const login = await mock().http.post(TOKEN).send({ Username: 'demo.viewer@ordermock.example.com', Password: 'Viewer!2345' });
    expect(login.status).toBe(200);
    const bearer = `Bearer ${login.body.access_token}`;
    expect((await getOrder(mock(), 5001, bearer)).status).toBe(200);
    const before = mock().stored('sellercloud', 'orders', '5001');
    expect((await putOrder(mock(), 5001, { DisableInventoryCount: true }, bearer)).status).toBe(403);
    expect(mock().stored('sellercloud', 'orders', '5001')).toBe(before);
  });

  it('gives a write-only token no read: GET needs orders.read even when the PUT is allowed', async () => {
    const importer = 'Bearer sc-importer-token';
    const read = await getOrder(mock(), 5001, importer);
    expect(read.status).toBe(403);
    expect(read.body).toEqual({ Message: 'Authorization has been denied for this request.' });
    const write = await putOrder(mock(), 5001, { DisableInventoryCount: true }, importer);
    expect(write.status).toBe(200);
    expect(JSON.parse(mock().stored('sellercloud', 'orders', '5001')).OrderDetails.DisableInventoryCount).toBe(true);
  });

  it.each([
    ['an inactive user, even with the right password', { Username: 'demo.former@ordermock.example.com', Password: 'Former!2345' }],
    ['an unknown user', { Username: 'nobody@ordermock.example.com', Password: 'Demo!2345' }],
    ['a wrong password', { Username: 'demo.admin@ordermock.example.com', Password: 'wrong' }],
    ['another user’s password', { Username: 'demo.viewer@ordermock.example.com', Password: 'Demo!2345' }],
  ])('answers 401 Invalid username or password for %s and issues nothing', async (_label, body) => {
    const count = tokenCount();
    const res = await mock().http.post(TOKEN).send(body);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ Message: 'Invalid username or password.' });
    expect(tokenCount()).toBe(count);
  });

  it.each([
    [{ Username: 'demo.admin@ordermock.example.com' }, { 'request.Password': ['The Password field is required.'] }],
    [{ Username: '', Password: 'Demo!2345' }, { 'request.Username': ['The Username field is required.'] }],
    [{ Username: null, Password: null }, { 'request.Username': ['The Username field is required.'], 'request.Password': ['The Password field is required.'] }],
    [{}, { 'request.Username': ['The Username field is required.'], 'request.Password': ['The Password field is required.'] }],
  ])('answers 400 with ModelState request.<Field> for %j and issues nothing', async (body, expected) => {
    const count = tokenCount();
    const res = await mock().http.post(TOKEN).send(body);
    expect(modelState(res)).toEqual(expected);
    expect(tokenCount()).toBe(count);
  });

  it('answers 400 for malformed JSON and 415 for a form body, issuing nothing', async () => {
    const count = tokenCount();
    const malformed = await mock().http.post(TOKEN).set('Content-Type', 'application/json').send('{"Username":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.Message).toBe('The request is invalid.');
    const form = await mock().http.post(TOKEN).type('form').send(ADMIN_LOGIN);
    expect(form.status).toBe(415);
    expect(tokenCount()).toBe(count);
  });

  it('answers 405 with Allow: POST for GET', async () => {
    const res = await mock().http.get(TOKEN);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
});
