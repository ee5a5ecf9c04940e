import { describe, expect, it } from 'vitest';
import { ADMIN_LOGIN, TOKEN, expectUnchanged, getOrder, putOrder, readOrder, useSellercloud, usAddress } from './sellercloud-kit.js';

describe('sellercloud scenario: token, enum updates, address replacement, token expiry', () => {
  const { clock, mock } = useSellercloud();

  it('walks a client through the whole flow over HTTP', async () => {
    const seeded = await readOrder(mock(), 5001);

    // 1. Log in.
    const login = await mock().http.post(TOKEN).send(ADMIN_LOGIN);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      token_type: 'Bearer',
      username: ADMIN_LOGIN.Username,
      expires_in: 3600,
      '.issued': 'Sun, 01 Mar 2026 10:00:00 GMT',
      '.expires': 'Sun, 01 Mar 2026 11:00:00 GMT',
    });
    const bearer = `Bearer ${login.body.access_token}`;

    // 2. Source, currency and sub type by name.
    clock.advance(60_000);
    let res = await putOrder(mock(), 5001, { OrderSource: 'Website', CurrencyCode: 'CAD', OrderSubType: 'Same_Day_Delivery' }, bearer);
    expect(res.status).toBe(200);
    let order = await readOrder(mock(), 5001);
    expect(order.OrderDetails).toMatchObject({ OrderSource: 'Website', CurrencyCode: 'CAD', OrderSubType: 'Same_Day_Delivery', LastUpdated: '2026-03-01T10:01:00Z' });
    expect(order.TotalInfo).toEqual(seeded.TotalInfo); // relabelled, not converted

    // 3. The same fields by integer value: stored and read back as names.
    clock.advance(60_000);
    res = await putOrder(mock(), 5001, { OrderSource: 42, CurrencyCode: 1, OrderSubType: 11 }, bearer);
    expect(res.status).toBe(200);
    order = await readOrder(mock(), 5001);
    expect(order.OrderDetails).toMatchObject({ OrderSource: 'Walmart', CurrencyCode: 'GBP', OrderSubType: 'Second_Day', LastUpdated: '2026-03-01T10:02:00Z' });

    // 4. Replace the shipping address with a full one, then with one that has no MiddleName/Fax/Region.
    res = await putOrder(mock(), 5001, { ShippingAddress: usAddress }, bearer);
    expect(res.status).toBe(200);
    order = await readOrder(mock(), 5001);
    expect(order.ShippingAddress).toEqual(usAddress);
    const { MiddleName: _m, Fax: _f, Region: _r, ...withoutOptionals } = usAddress;
    res = await putOrder(mock(), 5001, { ShippingAddress: withoutOptionals }, bearer);
    expect(res.status).toBe(200);
    order = await readOrder(mock(), 5001);
    expect(order.ShippingAddress).toEqual({ ...withoutOptionals, MiddleName: null, Fax: null, Region: null });
    expect(order.BillingAddress).toEqual(seeded.BillingAddress);
    expect(order.OrderDetails).toMatchObject({ OrderSource: 'Walmart', CurrencyCode: 'GBP', OrderSubType: 'Second_Day' });

    // 5. An hour after login the token has expired: 401 and nothing changes.
    clock.set('2026-03-01T11:00:00Z');
    res = await expectUnchanged(mock(), 5001, () => putOrder(mock(), 5001, { DisableInventoryCount: true }, bearer));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ Message: 'Not Valid Token' });
    expect((await getOrder(mock(), 5001, bearer)).status).toBe(401);
    expect((await readOrder(mock(), 5001)).OrderDetails.DisableInventoryCount).toBe(false);

    // 6. A new token works again.
    const again = await mock().http.post(TOKEN).send(ADMIN_LOGIN);
    expect(again.status).toBe(200);
    expect(again.body.access_token).not.toBe(login.body.access_token);
    const fresh = `Bearer ${again.body.access_token}`;
    res = await putOrder(mock(), 5001, { DisableInventoryCount: true }, fresh);
    expect(res.status).toBe(200);
    order = (await getOrder(mock(), 5001, fresh)).body;
    expect(order.OrderDetails).toMatchObject({ DisableInventoryCount: true, OrderSource: 'Walmart', LastUpdated: '2026-03-01T11:00:00Z' });
    expect(order.Statuses).toEqual(seeded.Statuses);
    expect(order.OrderItems).toEqual(seeded.OrderItems);
    expect(order.Payments).toEqual(seeded.Payments);
  });
});
