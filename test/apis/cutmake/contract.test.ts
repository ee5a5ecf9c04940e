import { describe, it, expect } from 'vitest';
import { bearer, orderPath, readOrder, TOKENS, useCutmake } from './cutmake-client.js';

describe('cutmake contract basics', () => {
  const c = useCutmake();

  it('a valid update answers 200 and the companion GET shows the change', async () => {
    const res = await c().patch('SO-DOC-1001', { estimatedCost: 17100.5, notes: 'Navy lab dip approved' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: 'Sales order updated successfully',
      salesOrderId: 'SO-2025-0001',
      documentId: 'SO-DOC-1001',
      versionNumber: 3,
      status: 'draft',
    });
    const order = await readOrder(c(), 'SO-DOC-1001');
    expect(order.estimatedCost).toBe(17100.5);
    expect(order.notes).toBe('Navy lab dip approved');
    expect(order.versionNumber).toBe(3);
  });

  describe('authentication (401, FastAPI HTTPBearer)', () => {
    it.each([
      ['no Authorization header', undefined, 'Not authenticated'],
      ['a garbled Authorization header', 'Token cm-member1-token', 'Not authenticated'],
      ['an unknown token', 'Bearer cm-nobody', 'Could not validate credentials'],
      ['an expired token', `Bearer ${TOKENS.expired}`, 'Token has expired'],
    ])('%s → 401 with WWW-Authenticate: Bearer, nothing changes', async (_name, header, detail) => {
      const res = await c().refused(
        'SO-DOC-1001',
        () => {
          const req = c().t.http.patch(orderPath('SO-DOC-1001'));
          if (header) req.set('Authorization', header);
          return req.send({ notes: 'should not land' });
        },
        401,
      );
      expect(res.body).toEqual({ detail });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('the companion GET needs a token too', async () => {
      const res = await c().t.http.get(orderPath('SO-DOC-1001'));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Not authenticated' });
    });
  });

  describe('request validation → 422 in FastAPI shape, naming the field', () => {
    it.each([
      ['a number of the wrong type', { estimatedCost: 'about 17k' }, ['body', 'estimatedCost'], 'float_type'],
      ['a number where a string is expected', { notes: 42 }, ['body', 'notes'], 'string_type'],
      ['lineItems that is not a list', { lineItems: { styleSkuId: 'SKU-2001-BLK-S' } }, ['body', 'lineItems'], 'list_type'],
      ['a line quantity of the wrong type', { lineItems: [{ styleSkuId: 'SKU-2001-BLK-S', orderQuantity: '180' }] }, ['body', 'lineItems', 0, 'orderQuantity'], 'int_type'],
      ['an unknown action (enum)', { action: 'cancel' }, ['body', 'action'], 'enum'],
      ['a date-time that is not one (format)', { etd: '13/02/2026' }, ['body', 'etd'], 'datetime_from_date_parsing'],
      ['a line date-time that is not one', { lineItems: [{ styleSkuId: 'SKU-2001-BLK-S', orderQuantity: 1, requestedDeliveryDate: '2026-02-30' }] }, ['body', 'lineItems', 0, 'requestedDeliveryDate'], 'datetime_from_date_parsing'],
      ['a line without orderQuantity', { lineItems: [{ styleSkuId: 'SKU-2001-BLK-XL' }] }, ['body', 'lineItems', 0, 'orderQuantity'], 'missing'],
      ['a line quantity of 0', { lineItems: [{ styleSkuId: 'SKU-2001-BLK-XL', orderQuantity: 0 }] }, ['body', 'lineItems', 0, 'orderQuantity'], 'greater_than_equal'],
      ['a body that is not an object', [], ['body'], 'model_attributes_type'],
    ])('%s', async (_name, body, loc, type) => {
      const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', body), 422);
      expect(res.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc, type, msg: expect.any(String) })]));
    });

    it('the enum error lists the allowed actions like Pydantic', async () => {
      const res = await c().patch('SO-DOC-1001', { action: 'cancel' });
      expect(res.body.detail[0].msg).toBe(
        "Input should be 'draft', 'submit_for_review', 'confirm', 'reject', 'mark_in_procurement', 'mark_in_production', 'mark_partially_delivered' or 'mark_delivered'",
      );
    });

    it('reports every broken field at once', async () => {
      const res = await c().patch('SO-DOC-1001', { action: 'cancel', etd: 'soon', estimatedCost: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
        ['body', 'action'],
        ['body', 'etd'],
        ['body', 'estimatedCost'],
      ]);
    });

    it('a missing body → 422 loc ["body"] type missing (the body is required)', async () => {
      const res = await c().refused('SO-DOC-1001', () => c().t.http.patch(orderPath('SO-DOC-1001')).set(bearer()), 422);
      expect(res.body).toEqual({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required' }] });
    });

    it('Authorization is the only required header; X-User-Id is optional', async () => {
      const res = await c().patch('SO-DOC-1001', { notes: 'no X-User-Id sent' });
      expect(res.status).toBe(200);
      expect((await readOrder(c(), 'SO-DOC-1001')).updatedBy).toBe('user-member-1');
    });
  });

  it('unknown body keys are ignored, never stored (the schema leaves them open, like Pydantic)', async () => {
    const res = await c().t.http
      .patch(orderPath('SO-DOC-1001'))
      .set(bearer())
      .set('Content-Type', 'application/json')
      .send('{"notes":"kept","status":"delivered","versionNumber":99,"totalQuantity":1,"budgetApproved":true,"colour":"red"}');
    expect(res.status).toBe(200);
    const order = await readOrder(c(), 'SO-DOC-1001');
    expect(order.notes).toBe('kept');
    expect(order.status).toBe('draft');
    expect(order.versionNumber).toBe(3);
    expect(order.totalQuantity).toBe(910);
    expect(order.budgetApproved).toBe(false);
    expect(order).not.toHaveProperty('colour');
  });

  it('an unknown order → 404 {"detail": "Sales order not found"} on PATCH and GET', async () => {
    const patch = await c().patch('SO-DOC-9999', { notes: 'x' });
    expect(patch.status).toBe(404);
    expect(patch.body).toEqual({ detail: 'Sales order not found' });
    const get = await c().get('SO-DOC-9999');
    expect(get.status).toBe(404);
    expect(get.body).toEqual({ detail: 'Sales order not found' });
    expect(c().t.stored('cutmake', 'orders', 'SO-DOC-9999')).toBe('null');
  });

  it('a wrong method → 405 {"detail": "Method Not Allowed"} with Allow', async () => {
    const res = await c().refused('SO-DOC-1001', () => c().t.http.put(orderPath('SO-DOC-1001')).set(bearer()).send({ notes: 'x' }), 405);
    expect(res.body).toEqual({ detail: 'Method Not Allowed' });
    expect(res.headers.allow).toBe('GET, PATCH');
  });

  it('an unknown path → 404 {"detail": "Not Found"} (Starlette)', async () => {
    const res = await c().t.http.get('/cutmake/api/v1/customers').set(bearer());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found' });
  });

  it('a body that is not JSON → 415 {"detail": ...}', async () => {
    const res = await c().refused(
      'SO-DOC-1001',
      () => c().t.http.patch(orderPath('SO-DOC-1001')).set(bearer()).set('Content-Type', 'text/plain').send('notes=x'),
      415,
    );
    expect(res.body.detail).toContain('application/json');
  });

  it('malformed JSON → 422 json_invalid with the error position (FastAPI), nothing changes', async () => {
    const res = await c().refused(
      'SO-DOC-1001',
      () => c().t.http.patch(orderPath('SO-DOC-1001')).set(bearer()).set('Content-Type', 'application/json').send('{"notes" "x"}'),
      422,
    );
    expect(res.body.detail).toHaveLength(1);
    expect(res.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error' });
    expect(res.body.detail[0].ctx.error).toMatch(/JSON/);
  });

  it('a body over the limit → 413 {"detail": ...}', async () => {
    const res = await c().refused('SO-DOC-1001', () => c().patch('SO-DOC-1001', { notes: 'x'.repeat(1024 * 1024 + 10) }), 413);
    expect(typeof res.body.detail).toBe('string');
  });
});

describe('cutmake login (POST /auth/login, form-encoded)', () => {
  const c = useCutmake();

  const login = (form: Record<string, string>) => c().t.http.post('/cutmake/auth/login').type('form').send(form);

  it('answers a one-hour bearer token that the update accepts', async () => {
    const res = await login({ grant_type: 'password', username: 'marco.rossi@example.com', password: 'manager-pass-2025' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      user: { id: 'user-manager', email: 'marco.rossi@example.com', name: 'Marco Rossi', role: 'manager' },
    });
    expect(res.body.access_token).toMatch(/^cm-login-[0-9a-f]{32}$/);
    const token = JSON.parse(c().t.stored('cutmake', 'tokens', res.body.access_token));
    expect(token).toMatchObject({ userId: 'user-manager', expiresAt: '2026-03-01T11:00:00.000Z' });

    // The token carries the manager role: confirm is allowed.
    const confirm = await c().t.http
      .patch(orderPath('SO-DOC-1002'))
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .send({ action: 'confirm' });
    expect(confirm.status).toBe(200);
    expect((await readOrder(c(), 'SO-DOC-1002')).status).toBe('confirmed');
  });

  it('the issued token expires after 3600 s', async () => {
    const { body } = await login({ username: 'lena.okafor@example.com', password: 'member-pass-2025' });
    c().clock.advance(3599_000);
    const ok = await c().t.http.get(orderPath('SO-DOC-1001')).set('Authorization', `Bearer ${body.access_token}`);
    expect(ok.status).toBe(200);
    c().clock.advance(1_000);
    const res = await c().refused(
      'SO-DOC-1001',
      () => c().t.http.patch(orderPath('SO-DOC-1001')).set('Authorization', `Bearer ${body.access_token}`).send({ notes: 'late' }),
      401,
    );
    expect(res.body).toEqual({ detail: 'Token has expired' });
  });

  it.each([
    ['a wrong password', { username: 'marco.rossi@example.com', password: 'manager-pass-2024' }],
    ['an unknown email', { username: 'nobody@example.com', password: 'manager-pass-2025' }],
    ['a username that is not an email (no format check, like the OAuth2 form)', { username: 'marco', password: 'manager-pass-2025' }],
  ])('%s → 401 Invalid credentials, no token issued', async (_name, form) => {
    const tokensBefore = c().t.mock.store.data('default', 'cutmake').collection('tokens').size;
    const res = await login(form);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Invalid credentials' });
    expect(c().t.mock.store.data('default', 'cutmake').collection('tokens').size).toBe(tokensBefore);
  });

  it('a missing password → 422 loc ["body", "password"] type missing', async () => {
    const res = await login({ username: 'marco.rossi@example.com' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required' }] });
  });

  it('a grant_type other than "password" → 422 string_pattern_mismatch', async () => {
    const res = await login({ grant_type: 'client_credentials', username: 'marco.rossi@example.com', password: 'manager-pass-2025' });
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'grant_type'] });
  });

  it('a JSON body → 415 (the form is the only accepted type)', async () => {
    const res = await c().t.http.post('/cutmake/auth/login').send({ username: 'marco.rossi@example.com', password: 'manager-pass-2025' });
    expect(res.status).toBe(415);
    expect(typeof res.body.detail).toBe('string');
  });
});
