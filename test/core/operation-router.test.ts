import type { Operation } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import { OperationRouter } from '../../src/core/contract/operation-router.js';

const op = (method: string, path: string, operationId: string) => ({ method, path, operationId }) as unknown as Operation;
const router = new OperationRouter([
  op('get', '/orders/{id}', 'getOrder'),
  op('patch', '/orders/{id}', 'updateOrder'),
  op('get', '/orders/summary', 'summary'),
  op('get', '/order', 'findOrder'),
  op('get', '/orders/{id}/lines/{lineId}', 'getLine'),
]);

describe('OperationRouter', () => {
  it('matches method and template, decoding path parameters', () => {
    expect(router.match('PATCH', '/orders/SO%2F1')).toMatchObject({ operation: { operationId: 'updateOrder' }, params: { id: 'SO/1' } });
    expect(router.match('GET', '/orders/7/lines/3')).toMatchObject({ params: { id: '7', lineId: '3' } });
  });

  it('prefers a literal path over a template, and ignores a trailing slash', () => {
    expect(router.match('GET', '/orders/summary')?.operation.operationId).toBe('summary');
    expect(router.match('GET', '/order/')?.operation.operationId).toBe('findOrder');
  });

  it('tells a wrong method (Allow) from an unknown path', () => {
    expect(router.match('DELETE', '/orders/7')).toBeUndefined();
    expect(router.allowedMethods('/orders/7')).toEqual(['GET', 'PATCH']);
    expect(router.allowedMethods('/nothing')).toEqual([]);
  });
});
