import { describe, expect, it } from 'vitest';
import { useTestMock } from '../support/harness.js';

const getT = useTestMock();

describe('the process clock over HTTP', () => {
  it('set freezes the time every API and the journal see; advance moves it; release gives it back', async () => {
    const t = getT();
    const set = await t.http.post('/__ordermock/clock').send({ set: '2030-01-01T00:00:00Z' });
    expect(set.body).toEqual({ now: '2030-01-01T00:00:00.000Z', frozen: true, offsetMs: 0 });
    await t.http.get('/__ordermock/health');
    await t.http.get('/sellercloud/rest/api/Orders/5001').set('authorization', 'Bearer sc-demo-token');
    expect(t.mock.requests()[0].receivedAt).toBe('2030-01-01T00:00:00.000Z');
    expect((await t.http.post('/__ordermock/clock').send({ advance: 90_000 })).body.now).toBe('2030-01-01T00:01:30.000Z');
    expect((await t.http.get('/__ordermock/clock')).body).toMatchObject({ now: '2030-01-01T00:01:30.000Z', frozen: true });
    const released = await t.http.post('/__ordermock/clock').send({ release: true });
    expect(released.body.frozen).toBe(false);
    expect(Math.abs(Date.parse(released.body.now) - Date.now())).toBeLessThan(60_000);
  });

  it('token expiry can be tested over HTTP: a token issued now is refused once the clock passes its lifetime', async () => {
    const t = getT();
    await t.http.post('/__ordermock/clock').send({ set: '2030-01-01T00:00:00Z' });
    const token = await t.http.post('/sellercloud/rest/api/token').send({ Username: 'demo.admin@ordermock.example.com', Password: 'Demo!2345' });
    expect(token.status).toBe(200);
    const read = () => t.http.get('/sellercloud/rest/api/Orders/5001').set('authorization', `Bearer ${token.body.access_token}`);
    expect((await read()).status).toBe(200);
    await t.http.post('/__ordermock/clock').send({ advance: (token.body.expires_in + 1) * 1000 });
    expect((await read()).status).toBe(401);
  });

  it('an invalid request names the problem and leaves the clock alone', async () => {
    const t = getT();
    await t.http.post('/__ordermock/clock').send({ set: '2030-01-01T00:00:00Z' });
    for (const body of [{ set: 'tomorrow' }, { advance: 'x' }, { set: '2030-01-01T00:00:00Z', advance: 1 }, {}]) {
      const res = await t.http.post('/__ordermock/clock').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
    }
    expect((await t.http.get('/__ordermock/clock')).body.now).toBe('2030-01-01T00:00:00.000Z');
  });
});
