import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactAuthorization, redactHeaders, redactText, redactValue } from '../../src/core/journal/redact.js';
import { startTestMock, type TestMock } from '../support/harness.js';

/** Everything a request to each API can carry that must never reach the journal or the logs in clear. */
describe('secrets never reach the journal or the logs', () => {
  let t: TestMock;
  const logged: string[] = [];
  const logger = { info: (o: object, m?: string) => logged.push(JSON.stringify(o) + (m ?? '')), warn: () => undefined, error: () => undefined };
  const secrets: string[] = [];
  beforeAll(async () => {
    t = await startTestMock({ logger });
  });
  afterAll(async () => {
    await t.close();
  });

  /** The journal as every way of reading it shows it. */
  async function journalText(): Promise<string> {
    const json = await t.http.get('/__ordermock/journal');
    const ndjson = await t.http.get('/__ordermock/journal?format=ndjson').buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c));
      r.on('end', () => done(null, text));
    });
    return `${JSON.stringify(json.body)}\n${ndjson.body as string}\n${JSON.stringify(t.mock.requests())}\n${logged.join('\n')}`;
  }

  function expectNoSecrets(text: string) {
    for (const secret of secrets) expect(text, `journal shows ${secret}`).not.toContain(secret);
    expect(text).toContain('[redacted]');
  }

  it('cutmake: login password (form), the issued token in the response and later as Bearer', async () => {
    const res = await t.http.post('/cutmake/auth/login').type('form').send({ username: 'marco.rossi@example.com', password: 'manager-pass-2025' });
    expect(res.status).toBe(200);
    secrets.push('manager-pass-2025', res.body.access_token);
    await t.http.get('/cutmake/api/v1/orders/SO-DOC-1001').set('authorization', `Bearer ${res.body.access_token}`);
    expectNoSecrets(await journalText());
  });

  it('jtl: client secret in Basic auth and in the form, the issued access token', async () => {
    const basic = Buffer.from('ordermock-demo:demo-secret-2026').toString('base64');
    const res = await t.http.post('/jtl/oauth2/token').set('authorization', `Basic ${basic}`).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    await t.http.post('/jtl/oauth2/token').type('form').send({ grant_type: 'client_credentials', client_id: 'ordermock-demo', client_secret: 'demo-secret-2026' });
    secrets.push(basic, 'demo-secret-2026', res.body.access_token);
    expectNoSecrets(await journalText());
  });

  it('sellercloud: password in JSON (parsed and malformed), the issued token, Authorization without a scheme', async () => {
    const res = await t.http.post('/sellercloud/rest/api/token').send({ Username: 'demo.admin@ordermock.example.com', Password: 'Demo!2345' });
    expect(res.status).toBe(200);
    await t.http.post('/sellercloud/rest/api/token').set('content-type', 'application/json').send('{"Username":"demo.admin@ordermock.example.com","Password":"Demo!2345"');
    await t.http.get('/sellercloud/rest/api/Orders/5001').set('authorization', res.body.access_token);
    secrets.push('Demo!2345', res.body.access_token);
    expectNoSecrets(await journalText());
  });

  it('recerc and fabric: API keys and tokens, cookies, x-api-key, secrets in the query string', async () => {
    await t.http.get('/recerc/api/unstable/orders/ord_1001').set('authorization', 'Bearer rk_live_demo_key').set('cookie', 'session=c00kie-s3cret');
    await t.http.get('/recerc/api/unstable/orders/ord_1001?access_token=qu3ry-t0ken').set('x-api-key', 'x-ap1-k3y');
    await t.http.get('/fabric/order/?orderNumber=309019176').set('authorization', 'Bearer fabric-demo-token');
    secrets.push('rk_live_demo_key', 'c00kie-s3cret', 'qu3ry-t0ken', 'x-ap1-k3y', 'fabric-demo-token');
    expectNoSecrets(await journalText());
  });
});

describe('the redaction module', () => {
  it('keeps the scheme of Authorization, hides everything else', () => {
    expect(redactAuthorization('Bearer abc.def')).toBe('Bearer [redacted]');
    expect(redactAuthorization('Basic dXNlcjpwdw==')).toBe('Basic [redacted]');
    expect(redactAuthorization('sc-demo-token')).toBe('[redacted]');
    expect(redactAuthorization('Bearer')).toBe('[redacted]');
    expect(redactHeaders({ Cookie: 'a=b', 'set-cookie': ['a=b'], 'x-api-key': 'k', 'x-auth-token': 't', accept: 'json' })).toEqual({
      Cookie: '[redacted]',
      'set-cookie': ['[redacted]'],
      'x-api-key': '[redacted]',
      'x-auth-token': '[redacted]',
      accept: 'json',
    });
  });

  it('redacts secret keys at any depth without touching the original', () => {
    const body = { Password: 'p', nested: [{ client_secret: 's', refreshToken: 'r', token_type: 'Bearer' }], note: 'password' };
    expect(redactValue(body)).toEqual({ Password: '[redacted]', nested: [{ client_secret: '[redacted]', refreshToken: '[redacted]', token_type: 'Bearer' }], note: 'password' });
    expect(body.Password).toBe('p');
    expect(redactText('{"password":"p\\"q","user":"u"}')).toBe('{"password":"[redacted]","user":"u"}');
    expect(redactText('username=u&password=p&grant_type=password')).toBe('username=u&password=[redacted]&grant_type=password');
  });
});
