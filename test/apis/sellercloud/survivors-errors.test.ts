import { describe, expect, it } from 'vitest';
import { ADMIN, ORDERS, expectUnchanged, modelState, putOrder, useSellercloud, usAddress } from './sellercloud-kit.js';
import type { TestMock } from '../../support/harness.js';

// The ASP.NET error bodies of refusals the other sellercloud tests reach only by status: exact
// ModelState keys and messages, MessageDetail present only when there is a detail, details joined
// by a space, and the error codes the pipeline raises before or around the handler.

/** Sends JSON text as written (so `1e400`, reserved keys and deep nesting arrive exactly as sent). */
function putRaw(t: TestMock, id: string | number, text: string, headers: Record<string, string> = {}) {
  return t.http.put(`${ORDERS}/${id}`).set({ authorization: ADMIN, 'content-type': 'application/json', ...headers }).send(text);
}

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('sellercloud error bodies', () => {
  const { mock } = useSellercloud();

  it('a field error is in ModelState only: no MessageDetail key at all', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { CompanyId: 'one' }));
    expect(res.body).toEqual({
      Message: 'The request is invalid.',
      ModelState: { 'order.CompanyId': ["Error converting value to type 'System.Nullable`1[System.Int32]'. Path 'CompanyId'."] },
    });
  });

  it('an address text field of the wrong type names System.String and the dotted JSON path', async () => {
    const res = await expectUnchanged(mock(), 5001, () =>
      putOrder(mock(), 5001, { ShippingAddress: { ...usAddress, MiddleName: 7 }, BillingAddress: { ...usAddress, Phone: { n: 1 } } }),
    );
    expect(res.body).toEqual({
      Message: 'The request is invalid.',
      ModelState: {
        'order.ShippingAddress.MiddleName': ["Error converting value to type 'System.String'. Path 'ShippingAddress.MiddleName'."],
        'order.BillingAddress.Phone': ["Error converting value to type 'System.String'. Path 'BillingAddress.Phone'."],
      },
    });
  });

  it('an address that is not an object names the Address type', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { BillingAddress: 'Kendal' }));
    expect(modelState(res)).toEqual({ 'order.BillingAddress': ["Error converting value to type 'Address'. Path 'BillingAddress'."] });
  });

  it.each(['constructor', 'prototype', '__proto__'])('a reserved key %s → its own ModelState entry saying why', async (key) => {
    const res = await expectUnchanged(mock(), 5001, () => putRaw(mock(), 5001, `{"OrderSource":"Etsy","${key}":{"x":1}}`));
    expect(res.body).toEqual({
      Message: 'The request is invalid.',
      ModelState: { [`order.${key}`]: [`The property ${key} is not allowed: reserved property name.`] },
    });
  });

  it('a reserved key inside an address is keyed by its full model path', async () => {
    const address = JSON.stringify(usAddress).replace(/^\{/, '{"constructor":1,');
    const res = await expectUnchanged(mock(), 5001, () => putRaw(mock(), 5001, `{"ShippingAddress":${address}}`));
    expect(modelState(res)).toEqual({ 'order.ShippingAddress.constructor': ['The property constructor is not allowed: reserved property name.'] });
  });

  it('a non-finite number in an array under an unknown key → keyed order.Key[i], the message names the key', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putRaw(mock(), 5001, '{"Notes":{"Lines":[1,1e400]}}'));
    expect(res.body).toEqual({
      Message: 'The request is invalid.',
      ModelState: { 'order.Notes.Lines[1]': ["The value of Lines must be a finite number. Path 'Notes.Lines[1]'."] },
    });
  });

  it('a body that is an array of out-of-range numbers → keyed by index, with no field name to give', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putRaw(mock(), 5001, '[1e400]'));
    expect(res.status).toBe(400);
    expect(res.body.Message).toBe('The request is invalid.');
    expect(res.body.ModelState).toEqual({ 'order[0]': ["The value of  must be a finite number. Path '[0]'."] });
  });

  it('more than 20 violations → the first 20 in ModelState and the count of the rest in MessageDetail', async () => {
    const numbers = Array.from({ length: 23 }, (_, i) => `"N${i}":1e400`).join(',');
    const res = await expectUnchanged(mock(), 5001, () => putRaw(mock(), 5001, `{${numbers}}`));
    const state = modelState(res);
    expect(Object.keys(state)).toHaveLength(20);
    expect(state['order.N0']).toEqual(["The value of N0 must be a finite number. Path 'N0'."]);
    expect(res.body.MessageDetail).toBe('The request body has 3 more violations not listed (only the first 20 are).');
  });

  it('several details (path id and body) are joined by one space', async () => {
    const res = await putRaw(mock(), 'abc', '"text"');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      Message: 'The request is invalid.',
      MessageDetail:
        "The request body must be a JSON object. The parameters dictionary contains a null entry for parameter 'id' of non-nullable type 'System.Int32'.",
    });
  });

  it('a body nested deeper than 64 levels → 400 "The request is invalid." naming the limit', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putRaw(mock(), 5001, `{"Notes":${deep(70)}}`));
    expect(res.status).toBe(400);
    expect(res.body.Message).toBe('The request is invalid.');
    expect(res.body.MessageDetail).toMatch(/^Request body nests deeper than the limit of 64 levels \(it has \d+\)$/);
  });

  it('an undocumented Prefer code → 400 in the generic ASP.NET shape, order untouched', async () => {
    const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { OrderSource: 'Etsy' }).set('Prefer', 'code=418'));
    expect(res.status).toBe(400);
    expect(res.body.Message).toBe('An error has occurred.');
    expect(res.body.MessageDetail).toMatch(/^Prefer code=418 is not documented for updateOrder; documented: /);
  });
});
