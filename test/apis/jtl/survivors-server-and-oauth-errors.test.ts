import { describe, expect, it } from 'vitest';
import { apiModules, type ApiModule, type OperationHandler } from '../../../src/index.js';
import { useTestMock } from '../../support/harness.js';
import { get, jtlHeaders, order, useJtl } from './helpers.js';

// Errors other tests do not reach: statuses outside JTL's errorCode table (from a fault rule's
// status the contract covers only by `default`), a handler that crashes, and the OAuth error
// answers of the token endpoint (their code, description, headers).

const TOKEN = '/jtl/oauth2/token';
const jtl = apiModules.find((m) => m.name === 'jtl')!;
const fail = (message: string): OperationHandler => () => Promise.reject(new Error(message));
/** jtl with the read and the token handler crashing. */
const crashing: ApiModule = { ...jtl, handlers: { ...jtl.handlers, getSalesOrder: fail('disk on fire'), createToken: fail('vault on fire') } };

describe('jtl errors of other statuses', () => {
  const { mock } = useJtl();
  const a1 = order('a1');

  it.each([
    [503, 'INTERNAL_ERROR'],
    [418, 'VALIDATION_ERROR'],
  ])('an injected %i the contract covers only by default is answered in JTL shape with errorCode %s', async (status, errorCode) => {
    const rule = mock().mock.faults.add({ api: 'jtl', operationId: 'getSalesOrder', status });
    const res = await get(mock(), a1);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ errorCode, validationErrors: {}, errors: {}, errorMessage: `Status ${status} injected by fault rule ${rule.id}`, stacktrace: null });
  });

  it.each([500, 503])('an injected %i on the token endpoint is OAuth server_error', async (status) => {
    const rule = mock().mock.faults.add({ api: 'jtl', operationId: 'createToken', status });
    const res = await mock().http.post(TOKEN).auth('ordermock-demo', 'demo-secret-2026').type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: 'server_error', error_description: `Status ${status} injected by fault rule ${rule.id}` });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('jtl handlers that crash answer 500', () => {
  const t = useTestMock({
    apis: ['jtl'],
    modules: [crashing],
  });

  it('an order operation: 500 INTERNAL_ERROR "An unexpected error occurred. ..."', async () => {
    const res = await t().http.get(`/jtl/erp/v2/salesOrders/${order('a1')}`).set(jtlHeaders());
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errorCode: 'INTERNAL_ERROR', validationErrors: {}, errors: {}, errorMessage: 'An unexpected error occurred. Internal error: disk on fire', stacktrace: null });
  });

  it('the token endpoint: 500 server_error', async () => {
    const res = await t().http.post(TOKEN).auth('ordermock-demo', 'demo-secret-2026').type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'server_error', error_description: 'Internal error: vault on fire' });
  });
});

describe('jtl token endpoint refusals in OAuth shape', () => {
  const { mock } = useJtl();
  const requestToken = (form: string, id = 'ordermock-demo', secret = 'demo-secret-2026') => mock().http.post(TOKEN).auth(id, secret).type('form').send(form);

  it('a 400 carries Cache-Control: no-store and no Basic challenge', async () => {
    const res = await requestToken('grant_type=password');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('several broken fields: invalid_request, each described, joined by "; "', async () => {
    const res = await requestToken('scope=orders.read%20%20orders.write');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'grant_type is required; scope must match pattern "^\\S+( \\S+)*$"' });
  });

  it('every refused scope is named, separated by spaces', async () => {
    const res = await requestToken('grant_type=client_credentials&scope=orders.write%20Application.RunAs', 'lager-dashboard', 'lager-secret-2026');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_scope', error_description: 'Client lager-dashboard may not request scope: orders.write Application.RunAs' });
  });
});
