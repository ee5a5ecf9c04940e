import { describe, it, expect } from 'vitest';
import { expectFabricError, START, useFabric } from './fabric-client.js';

describe('fabric PUT /order/{orderNumber}: full replacement and the server-owned fields', () => {
  const c = useFabric();

  describe('version counts updates', () => {
    it('the server increments the stored version on every accepted PUT', async () => {
      const order = await c().read('309019177');
      expect(order.version).toBe(1);
      expect((await c().put('309019177', order)).body.version).toBe(2);
      const again = await c().read('309019177');
      expect((await c().put('309019177', again)).body.version).toBe(3);
      expect((await c().read('309019177')).version).toBe(3);
    });

    it.each([
      ['omitted', undefined],
      ['equal to the stored one', 3],
      ['higher than the stored one', 40],
    ])('a body version %s is accepted and the stored version becomes stored + 1', async (_name, version) => {
      const order = await c().read('309019179');
      if (version === undefined) delete order.version;
      else order.version = version;
      const res = await c().put('309019179', order);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.version).toBe(4);
      expect((await c().read('309019179')).version).toBe(4);
    });

    it('a body version lower than the stored one → 409 (stale), nothing changes', async () => {
      const order = await c().read('309019178');
      order.version = 1;
      order.notes = [];
      const res = await c().refused('309019178', () => c().put('309019178', order), 409);
      expect(expectFabricError(res, 409)).toBe('Version conflict: order 309019178 is at version 2, request has version 1');
    });

    it('a body that breaks a 400 rule and is stale gets the 400 (validation comes first)', async () => {
      const order = await c().read('309019178');
      order.version = 0;
      order.orderNumber = '309019177';
      await c().refused('309019178', () => c().put('309019178', order), 400);
    });
  });

  describe('identity', () => {
    it('body orderNumber different from the path → 400 naming it, nothing changes', async () => {
      const order = await c().read('309019177');
      const res = await c().refused('309019176', () => c().put('309019176', order), 400);
      expectFabricError(res, 400, "body.orderNumber must equal the path's orderNumber (309019176), got 309019177");
      expect(c().stored('309019177')).toBe(JSON.stringify(await c().read('309019177')));
    });

    it('body orderId different from the stored one → 400 naming it, nothing changes', async () => {
      const order = await c().read('309019176');
      order.orderId = '64b7f0c2a1d3e4f5a6b7ffff';
      const res = await c().refused('309019176', () => c().put('309019176', order), 400);
      expectFabricError(res, 400, 'body.orderId must equal the stored orderId (64b7f0c2a1d3e4f5a6b70001)');
    });

    it('an omitted orderId is kept from the stored order', async () => {
      const order = await c().read('309019176');
      delete order.orderId;
      const res = await c().put('309019176', order);
      expect(res.status).toBe(200);
      expect((await c().read('309019176')).orderId).toBe('64b7f0c2a1d3e4f5a6b70001');
    });

    it('the order is also readable by orderId after the update', async () => {
      const order = await c().read('309019176');
      await c().put('309019176', order);
      const res = await c().t.http
        .get('/fabric/order/?orderId=64b7f0c2a1d3e4f5a6b70001')
        .set('Authorization', 'Bearer fabric-csr-token')
        .set('x-site-context', JSON.stringify({ account: '1234abcd5678efgh9ijklmno' }));
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
    });
  });

  describe('dates and the audit trail', () => {
    it('createdAt is always the stored one, updatedAt is the server time; the body cannot set either', async () => {
      c().clock.advance(90_000);
      const order = await c().read('309019180');
      order.createdAt = '2020-01-01T00:00:00.000Z';
      order.updatedAt = '2020-01-01T00:00:00.000Z';
      const res = await c().put('309019180', order);
      expect(res.status).toBe(200);
      const after = await c().read('309019180');
      expect(after.createdAt).toBe('2025-05-10T11:02:19.560Z');
      expect(after.updatedAt).toBe('2026-03-01T10:01:30.000Z');
    });

    it('orderDate is taken from the body, and kept from the stored order when omitted', async () => {
      const order = await c().read('309019176');
      order.orderDate = '2025-06-02T14:05:00.000Z';
      expect((await c().put('309019176', order)).status).toBe(200);
      expect((await c().read('309019176')).orderDate).toBe('2025-06-02T14:05:00.000Z');
      const again = await c().read('309019176');
      delete again.orderDate;
      expect((await c().put('309019176', again)).status).toBe(200);
      expect((await c().read('309019176')).orderDate).toBe('2025-06-02T14:05:00.000Z');
    });

    it('one ORDER_UPDATED entry is appended to the audit trail', async () => {
      const order = await c().read('309019178');
      const res = await c().put('309019178', order);
      const after = await c().read('309019178');
      expect(after.auditLogs).toHaveLength(4);
      expect(after.auditLogs.slice(0, 3)).toEqual(order.auditLogs);
      expect(after.auditLogs[3]).toEqual({
        auditId: 'aud-309019178-4',
        auditType: 'ORDER_UPDATED',
        updatedBy: 'usr-csr',
        updatedAt: START,
        description: 'Order updated via PUT /order/309019178 (version 2 -> 3)',
        source: 'API',
      });
      expect(after.updatedAt).toBe(after.auditLogs[3].updatedAt);
      expect(res.body).toEqual(after);
    });

    it('a body without auditLogs keeps the stored trail and appends to it', async () => {
      const order = await c().read('309019177');
      delete order.auditLogs;
      await c().put('309019177', order);
      const after = await c().read('309019177');
      expect(after.auditLogs.map((a: { auditId: string }) => a.auditId)).toEqual(['aud-309019177-1', 'aud-309019177-2', 'aud-309019177-3']);
    });

    it("a body's own auditLogs replace the stored list (full replacement), with the server entry appended and a fresh id", async () => {
      const order = await c().read('309019177');
      order.auditLogs = [{ auditId: 'aud-309019177-2', auditType: 'ORDER_CREATED', updatedAt: '2025-05-30T09:12:44.000Z', source: 'MIGRATION' }];
      await c().put('309019177', order);
      const after = await c().read('309019177');
      expect(after.auditLogs).toHaveLength(2);
      expect(after.auditLogs[0].source).toBe('MIGRATION');
      expect(after.auditLogs[1].auditId).toBe('aud-309019177-3');
      expect(after.auditLogs[1].auditType).toBe('ORDER_UPDATED');
    });
  });

  describe('full replacement', () => {
    it('optional fields the body omits are gone afterwards', async () => {
      const order = await c().read('309019178');
      delete order.notes;
      delete order.customer;
      delete order.orderReleaseTimestamp;
      delete order.invoiceTotal;
      const res = await c().put('309019178', order);
      expect(res.status).toBe(200);
      const after = await c().read('309019178');
      for (const gone of ['notes', 'customer', 'orderReleaseTimestamp', 'invoiceTotal']) expect(after).not.toHaveProperty(gone);
      expect(after.items).toEqual(order.items);
    });

    it('fields the body sends are stored exactly as sent, nested objects included', async () => {
      const order = await c().read('309019183');
      order.shipInfo[0].shipToAddress = { address1: '1 Yonge Street', city: 'Toronto', state: 'ON', country: 'CA', postalCode: 'M5E 1E5' };
      order.attributes = { fraudScore: 12, reviewedBy: 'usr-csr' };
      await c().put('309019183', order);
      const after = await c().read('309019183');
      expect(after.shipInfo[0].shipToAddress).toEqual(order.shipInfo[0].shipToAddress);
      expect(after.attributes).toEqual({ fraudScore: 12, reviewedBy: 'usr-csr' });
      const { version, auditLogs, updatedAt, ...rest } = after;
      const { version: _v, auditLogs: _a, updatedAt: _u, ...sent } = order;
      expect(rest).toEqual(sent);
      expect([version, auditLogs.length, updatedAt]).toEqual([2, 3, START]);
    });

    it('unknown keys are allowed at the top level and in nested objects, stored and returned', async () => {
      const order = await c().read('309019176');
      order.loyaltyTier = 'GOLD';
      order.items[0].engraving = { text: 'JC' };
      order.shipInfo[0].shipToAddress.buzzer = '7C';
      expect((await c().put('309019176', order)).status).toBe(200);
      const after = await c().read('309019176');
      expect(after.loyaltyTier).toBe('GOLD');
      expect(after.items[0].engraving).toEqual({ text: 'JC' });
      expect(after.shipInfo[0].shipToAddress.buzzer).toBe('7C');
    });

    it('__proto__ in a body is refused (400): it reaches neither the stored order nor any prototype', async () => {
      const order = await c().read('309019176');
      const before = c().stored('309019176');
      const text = JSON.stringify(order).replace(/^\{/, '{"__proto__":{"polluted":true},');
      const res = await c().t.http
        .put('/fabric/order/309019176')
        .set('Authorization', 'Bearer fabric-csr-token')
        .set('x-site-context', JSON.stringify({ account: '1234abcd5678efgh9ijklmno' }))
        .set('Content-Type', 'application/json')
        .send(text);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('body.__proto__ is not allowed: reserved property name');
      expect(c().stored('309019176')).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('statusCode is free text: no transition rules (a cancelled order may be re-opened)', async () => {
      const order = await c().read('309019181');
      order.statusCode = 'ORDER_CREATED';
      const res = await c().put('309019181', order);
      expect(res.status).toBe(200);
      expect((await c().read('309019181')).statusCode).toBe('ORDER_CREATED');
    });
  });

  describe('references inside the order', () => {
    it("an item whose shipToId names no shipInfo entry → 400 naming it, nothing changes", async () => {
      const order = await c().read('309019178');
      order.items[2].shipToId = 'st-309019178-9';
      const res = await c().refused('309019178', () => c().put('309019178', order), 400);
      expectFabricError(res, 400, 'body.items[2].shipToId names no shipInfo entry (st-309019178-9)');
    });

    it('moving an item to another existing shipInfo entry is accepted', async () => {
      const order = await c().read('309019178');
      order.items[2].shipToId = 'st-309019178-1';
      expect((await c().put('309019178', order)).status).toBe(200);
      expect((await c().read('309019178')).items[2].shipToId).toBe('st-309019178-1');
    });
  });

  describe('rules of the contract (schema), each refused with nothing changed', () => {
    const cases: [string, string, (o: Record<string, any>) => void, string][] = [
      ['type POS needs retail.registerId and transactionId', '309019182', (o) => delete o.retail.transactionId, 'body.retail.transactionId is required'],
      ['type POS needs retail', '309019182', (o) => delete o.retail, 'body.retail is required'],
      ['type CSC needs employeeId', '309019179', (o) => delete o.employeeId, 'body.employeeId is required'],
      ['non-retail types carry only the location number', '309019176', (o) => (o.retail.cashierId = 'c-17'), 'body.retail.cashierId'],
      ['retail.locationNum is always required', '309019176', (o) => (o.retail = {}), 'body.retail.locationNum is required'],
      ['SHIP_TO_ADDRESS needs shipToAddress', '309019176', (o) => delete o.shipInfo[0].shipToAddress, 'body.shipInfo[0].shipToAddress is required'],
      ['shipInfo needs at least one entry', '309019176', (o) => (o.shipInfo = []), 'body.shipInfo must NOT have fewer than 1 items'],
      ['address country is ISO 3166-1 alpha-2', '309019176', (o) => (o.shipInfo[0].shipToAddress.country = 'USA'), 'body.shipInfo[0].shipToAddress.country must match pattern'],
    ];
    it.each(cases)('%s', async (_name, orderNumber, mutate, mention) => {
      const order = await c().read(orderNumber);
      mutate(order);
      const res = await c().refused(orderNumber, () => c().put(orderNumber, order), 400);
      expectFabricError(res, 400, mention);
    });

    it('self-checkout: a POS order without cashierId is accepted', async () => {
      const order = await c().read('309019182');
      delete order.retail.cashierId;
      expect((await c().put('309019182', order)).status).toBe(200);
    });
  });
});
