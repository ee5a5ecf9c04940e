import { describe, expect, it } from 'vitest';
import { VIEWER, expectUnchanged, getOrder, modelState, putOrder, readOrder, useSellercloud, usAddress } from './sellercloud-kit.js';

const REQUIRED_ADDRESS_FIELDS = ['FirstName', 'LastName', 'ZipCode', 'City', 'Country', 'AddressLine1'] as const;
const gbAddress = { FirstName: 'Priya', LastName: 'Shah', AddressLine1: '14 Highgate', City: 'Kendal', ZipCode: 'LA9 4DA', Country: 'GB' };

describe('sellercloud update rules', () => {
  const { clock, mock } = useSellercloud();

  describe('absent or null = unchanged', () => {
    it('treats `{}` as a valid no-op that only stamps LastUpdated', async () => {
      const before = await readOrder(mock(), 5004);
      const res = await putOrder(mock(), 5004, {});
      expect(res.status).toBe(200);
      const after = await readOrder(mock(), 5004);
      expect(after).toEqual({ ...before, OrderDetails: { ...before.OrderDetails, LastUpdated: '2026-03-01T10:00:00Z' } });
    });

    it('leaves every field sent as null unchanged', async () => {
      const before = await readOrder(mock(), 5004);
      const nulls = Object.fromEntries(
        ['CompanyId', 'CustomerId', 'OrderSource', 'OrderSubType', 'SalesRep1', 'CurrencyCode', 'DisableInventoryCount', 'ShippingAddress', 'BillingAddress'].map((k) => [k, null]),
      );
      expect((await putOrder(mock(), 5004, nulls)).status).toBe(200);
      const after = await readOrder(mock(), 5004);
      expect(after).toEqual({ ...before, OrderDetails: { ...before.OrderDetails, LastUpdated: '2026-03-01T10:00:00Z' } });
      expect(after.OrderDetails.DisableInventoryCount).toBe(true);
    });

    it('changes only the fields that were sent', async () => {
      const before = await readOrder(mock(), 5003);
      expect((await putOrder(mock(), 5003, { SalesRep1: 303, DisableInventoryCount: true })).status).toBe(200);
      const after = await readOrder(mock(), 5003);
      expect(after).toEqual({
        ...before,
        OrderDetails: { ...before.OrderDetails, SalesRep1: 303, DisableInventoryCount: true, LastUpdated: '2026-03-01T10:00:00Z' },
      });
    });
  });

  describe('enum fields by name or integer, stored as names', () => {
    it('maps integer values to their names', async () => {
      expect((await putOrder(mock(), 5001, { OrderSource: 0, OrderSubType: 0, CurrencyCode: 0 })).status).toBe(200);
      expect((await readOrder(mock(), 5001)).OrderDetails).toMatchObject({ OrderSource: 'Local_Store', OrderSubType: 'None', CurrencyCode: 'USD' });
      expect((await putOrder(mock(), 5001, { OrderSource: 72, OrderSubType: 13, CurrencyCode: 11 })).status).toBe(200);
      expect((await readOrder(mock(), 5001)).OrderDetails).toMatchObject({ OrderSource: 'HomeDepot', OrderSubType: 'SBN', CurrencyCode: 'INR' });
    });

    it('stores names as sent', async () => {
      expect((await putOrder(mock(), 5002, { OrderSource: 'Etsy', OrderSubType: 'Charity', CurrencyCode: 'EUR' })).status).toBe(200);
      expect((await readOrder(mock(), 5002)).OrderDetails).toMatchObject({ OrderSource: 'Etsy', OrderSubType: 'Charity', CurrencyCode: 'EUR' });
    });

    it('relabels the currency without converting any amount', async () => {
      const before = await readOrder(mock(), 5004);
      expect((await putOrder(mock(), 5004, { CurrencyCode: 'JPY' })).status).toBe(200);
      const after = await readOrder(mock(), 5004);
      expect(after.OrderDetails.CurrencyCode).toBe('JPY');
      expect(after.TotalInfo).toEqual(before.TotalInfo);
      expect(after.OrderItems).toEqual(before.OrderItems);
    });
  });

  describe('an address given is replaced whole', () => {
    it('sets fields that were not sent to null (MiddleName, AddressLine2, Fax, ...)', async () => {
      expect((await putOrder(mock(), 5004, { BillingAddress: gbAddress })).status).toBe(200);
      const after = await readOrder(mock(), 5004);
      expect(after.BillingAddress).toEqual({ ...gbAddress, MiddleName: null, Business: null, AddressLine2: null, Fax: null, Region: null, State: null, Phone: null });
      expect(Object.keys(after.BillingAddress)).toHaveLength(13);
    });

    it('drops unknown address keys and keeps explicit nulls as null', async () => {
      expect((await putOrder(mock(), 5001, { ShippingAddress: { ...usAddress, Email: 'x@example.com', Phone: null, Country2: 'US' } })).status).toBe(200);
      const after = await readOrder(mock(), 5001);
      expect(after.ShippingAddress).toEqual({ ...usAddress, Phone: null });
      expect(mock().stored('sellercloud', 'orders', '5001')).not.toContain('x@example.com');
    });

    it('replaces each address on its own: the other one and a null one stay as they are', async () => {
      const before = await readOrder(mock(), 5007);
      expect((await putOrder(mock(), 5007, { ShippingAddress: usAddress, BillingAddress: null })).status).toBe(200);
      const after = await readOrder(mock(), 5007);
      expect(after.ShippingAddress).toEqual(usAddress);
      expect(after.BillingAddress).toEqual(before.BillingAddress);
    });

    it.each(REQUIRED_ADDRESS_FIELDS)('refuses an address without %s, listing order.<Address>.<Field>, changing nothing', async (field) => {
      const { [field]: _dropped, ...partial } = usAddress;
      const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { BillingAddress: partial, DisableInventoryCount: true }));
      expect(modelState(res)).toEqual({ [`order.BillingAddress.${field}`]: [`The ${field} field is required.`] });
    });

    it.each(REQUIRED_ADDRESS_FIELDS)('refuses an empty or null %s as missing, changing nothing', async (field) => {
      for (const value of ['', null]) {
        const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { ShippingAddress: { ...gbAddress, [field]: value } }));
        const state = modelState(res);
        // An empty Country also breaks the two-letter pattern, which ASP.NET lists as well.
        expect(state[`order.ShippingAddress.${field}`]?.[0]).toBe(`The ${field} field is required.`);
        expect(Object.keys(state)).toEqual([`order.ShippingAddress.${field}`]);
      }
    });

    it('lists every missing field of a partial address (the whole address must be sent)', async () => {
      const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { ShippingAddress: { City: 'Tacoma' } }));
      expect(Object.keys(modelState(res)).sort()).toEqual(
        ['AddressLine1', 'Country', 'FirstName', 'LastName', 'ZipCode'].map((f) => `order.ShippingAddress.${f}`),
      );
    });
  });

  describe('State is required when Country is US or CA', () => {
    it.each(['US', 'CA'])('refuses a %s address without State, listing order.ShippingAddress.State, changing nothing', async (country) => {
      const { State: _s, ...noState } = usAddress;
      const res = await expectUnchanged(mock(), 5003, () => putOrder(mock(), 5003, { ShippingAddress: { ...noState, Country: country }, CurrencyCode: 'USD' }));
      expect(modelState(res)).toEqual({ 'order.ShippingAddress.State': ['The State field is required when Country is US or CA.'] });
    });

    it('refuses a null State for the US, changing nothing', async () => {
      const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { BillingAddress: { ...usAddress, State: null } }));
      expect(modelState(res)).toEqual({
        'order.BillingAddress.State': ['The State field must be a two-letter state/province code; it is required when Country is US or CA.'],
      });
    });

    it.each(['wa', 'Washington', 'W', ''])('refuses the US/CA State %j (two upper-case letters), changing nothing', async (state) => {
      const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { ShippingAddress: { ...usAddress, State: state } }));
      expect(modelState(res)).toEqual({ 'order.ShippingAddress.State': ['The field State must be a two-letter upper-case code when Country is US or CA.'] });
    });

    it('accepts a Canadian province code', async () => {
      const address = { ...usAddress, City: 'Vancouver', State: 'BC', ZipCode: 'V6B 1A1', Country: 'CA' };
      expect((await putOrder(mock(), 5003, { ShippingAddress: address })).status).toBe(200);
      expect((await readOrder(mock(), 5003)).ShippingAddress).toEqual(address);
    });

    it('needs no State elsewhere, and takes free text when one is given', async () => {
      expect((await putOrder(mock(), 5004, { ShippingAddress: gbAddress })).status).toBe(200);
      expect((await readOrder(mock(), 5004)).ShippingAddress.State).toBeNull();
      expect((await putOrder(mock(), 5004, { ShippingAddress: { ...gbAddress, State: 'Cumbria' } })).status).toBe(200);
      expect((await readOrder(mock(), 5004)).ShippingAddress.State).toBe('Cumbria');
    });
  });

  describe('Country is a two-letter upper-case code', () => {
    it.each(['USA', 'us', 'U', 'United Kingdom'])('refuses Country %j, changing nothing', async (country) => {
      const res = await expectUnchanged(mock(), 5004, () => putOrder(mock(), 5004, { ShippingAddress: { ...gbAddress, Country: country } }));
      expect(modelState(res)).toEqual({ 'order.ShippingAddress.Country': ['The field Country must be a two-letter upper-case country code.'] });
    });
  });

  describe('company, customer and sales rep must exist', () => {
    it('follows the customer: CustomerID and CustomerEmail change together', async () => {
      expect((await putOrder(mock(), 5001, { CustomerId: 20008, CompanyId: 2 })).status).toBe(200);
      expect((await readOrder(mock(), 5001)).OrderDetails).toMatchObject({ CustomerID: 20008, CustomerEmail: 'grace.liu@example.com', CompanyId: 2 });
    });

    it.each([
      [{ CompanyId: 9 }, 'order.CompanyId', 'Company 9 does not exist.'],
      [{ CustomerId: 99999 }, 'order.CustomerId', 'Customer 99999 does not exist.'],
      [{ SalesRep1: 304 }, 'order.SalesRep1', 'Sales rep 304 does not exist or is inactive.'],
      [{ SalesRep1: 399 }, 'order.SalesRep1', 'Sales rep 399 does not exist or is inactive.'],
    ])('refuses %j with 400 and changes nothing, not even the valid fields sent with it', async (bad, key, message) => {
      const res = await expectUnchanged(mock(), 5002, () =>
        putOrder(mock(), 5002, { ...bad, DisableInventoryCount: true, ShippingAddress: usAddress, OrderSource: 'Amazon' }),
      );
      expect(modelState(res)).toEqual({ [key]: [message] });
    });

    it('lists every bad reference at once', async () => {
      const res = await expectUnchanged(mock(), 5002, () => putOrder(mock(), 5002, { CompanyId: 0, CustomerId: 1, SalesRep1: 304 }));
      expect(Object.keys(modelState(res))).toEqual(['order.CompanyId', 'order.CustomerId', 'order.SalesRep1']);
    });
  });

  describe('LastUpdated and what never changes', () => {
    it('stamps LastUpdated with the clock on every accepted update, never on a refusal', async () => {
      clock.set('2026-03-05T08:30:00Z');
      expect((await putOrder(mock(), 5005, { OrderSubType: 'Sample' })).status).toBe(200);
      expect((await readOrder(mock(), 5005)).OrderDetails.LastUpdated).toBe('2026-03-05T08:30:00Z');
      clock.advance(90_000);
      expect((await putOrder(mock(), 5005, { SalesRep1: 304 })).status).toBe(400);
      expect((await readOrder(mock(), 5005)).OrderDetails.LastUpdated).toBe('2026-03-05T08:30:00Z');
    });

    it('never touches statuses, items, totals, payments, dates or the channel order id', async () => {
      const before = await readOrder(mock(), 5003);
      const res = await putOrder(mock(), 5003, {
        CompanyId: 1, CustomerId: 20001, OrderSource: 'Amazon', OrderSubType: 'Prime', SalesRep1: 301, CurrencyCode: 'USD',
        DisableInventoryCount: true, ShippingAddress: usAddress, BillingAddress: usAddress,
        Statuses: { OrderStatus: -1 }, TotalInfo: { GrandTotal: 0 }, OrderItems: [], Payments: [], OrderDate: '2020-01-01T00:00:00Z',
      });
      expect(res.status).toBe(200);
      const after = await readOrder(mock(), 5003);
      for (const key of ['OrderID', 'Statuses', 'OrderItems', 'TotalInfo', 'Payments']) expect(after[key]).toEqual(before[key]);
      for (const key of ['OrderSourceOrderId', 'OrderDate', 'CreatedOn']) expect(after.OrderDetails[key]).toBe(before.OrderDetails[key]);
    });

    it.each([
      [5006, 'Canceled'],
      [5002, 'Completed'],
      [5005, 'Quote'],
      [5007, 'ProblemOrder'],
    ])('accepts updates to order %i in status %s', async (id) => {
      expect((await putOrder(mock(), id, { DisableInventoryCount: true, BillingAddress: usAddress })).status).toBe(200);
      const after = await readOrder(mock(), id);
      expect(after.OrderDetails.DisableInventoryCount).toBe(true);
      expect(after.BillingAddress).toEqual(usAddress);
    });
  });

  describe('scopes', () => {
    it('answers 403 to a valid token without orders.write, changing nothing; the same token can read', async () => {
      const res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { DisableInventoryCount: true }, VIEWER));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ Message: 'Authorization has been denied for this request.' });
      const read = await getOrder(mock(), 5001, VIEWER);
      expect(read.status).toBe(200);
      expect(read.body.OrderID).toBe(5001);
    });
  });
});
