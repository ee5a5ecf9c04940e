import type { TestMock } from './harness.js';

/**
 * One valid round trip per API for the shared suite: an update that writes a marker string into
 * the order and a read that shows it. Everything else the shared suite derives from these.
 */
export interface ApiCase {
  api: string;
  orderId: string;
  update: { method: 'patch' | 'put'; path: string; headers: Record<string, string> };
  read: { path: string; headers: Record<string, string> };
  /** A valid update body that sets `marker` somewhere visible. */
  body(t: TestMock, marker: string): Promise<Record<string, unknown>>;
  /** Where the marker shows up in the read response. */
  marker(readBody: any): unknown;
}

const json = { 'content-type': 'application/json' };

async function read(t: TestMock, c: ApiCase): Promise<any> {
  const res = await t.http.get(c.read.path).set(c.read.headers);
  if (res.status !== 200) throw new Error(`${c.api} read answered ${res.status}: ${res.text}`);
  return res.body;
}

const jtlHeaders = {
  authorization: 'Bearer jtl-demo-token',
  'x-appid': 'ordermock-tests/1.0.0',
  'x-appversion': '1.0.0',
  'x-tenant-id': '7e000000-0000-4000-8000-00000000000a',
};
const fabricHeaders = {
  authorization: 'Bearer fabric-demo-token',
  'x-site-context': JSON.stringify({ date: '2025-06-04T00:00:00.000Z', channel: 12, account: '1234abcd5678efgh9ijklmno', stage: 'production' }),
};

export const apiCases: ApiCase[] = [
  {
    api: 'cutmake',
    orderId: 'SO-DOC-1001',
    update: { method: 'patch', path: '/cutmake/api/v1/orders/SO-DOC-1001', headers: { authorization: 'Bearer cm-admin-token', ...json } },
    read: { path: '/cutmake/api/v1/orders/SO-DOC-1001', headers: { authorization: 'Bearer cm-admin-token' } },
    body: async (_t, marker) => ({ notes: marker }),
    marker: (order) => order.notes,
  },
  {
    api: 'recerc',
    orderId: 'ord_1001',
    update: { method: 'patch', path: '/recerc/api/unstable/orders/ord_1001', headers: { authorization: 'Bearer rk_live_demo_key', ...json } },
    read: { path: '/recerc/api/unstable/orders/ord_1001', headers: { authorization: 'Bearer rk_live_demo_key' } },
    body: async (_t, marker) => ({ id: 'ord_1001', sessionId: 'sess_shared_suite', invoiceFooterText: marker }),
    marker: (order) => order.invoiceFooterText,
  },
  {
    api: 'fabric',
    orderId: '309019176',
    update: { method: 'put', path: '/fabric/order/309019176', headers: { ...fabricHeaders, ...json } },
    read: { path: '/fabric/order/?orderNumber=309019176', headers: fabricHeaders },
    body: async (t, marker) => ({ ...(await read(t, apiCases[2])), statusDescription: marker }),
    marker: (order) => order.statusDescription,
  },
  {
    api: 'jtl',
    orderId: '50000000-0000-4000-8000-0000000000a1',
    update: { method: 'patch', path: '/jtl/erp/v2/salesorder/update', headers: { ...jtlHeaders, ...json } },
    read: { path: '/jtl/erp/v2/salesOrders/50000000-0000-4000-8000-0000000000a1', headers: jtlHeaders },
    body: async (t, marker) => {
      const order = await read(t, apiCases[3]);
      return { salesOrderId: order.salesOrderId, lineItems: [{ salesOrderLineItemId: order.lineItems[0].salesOrderLineItemId, note: marker }] };
    },
    marker: (order) => order.lineItems[0].note,
  },
  {
    api: 'sellercloud',
    orderId: '5001',
    update: { method: 'put', path: '/sellercloud/rest/api/Orders/5001', headers: { authorization: 'Bearer sc-demo-token', ...json } },
    read: { path: '/sellercloud/rest/api/Orders/5001', headers: { authorization: 'Bearer sc-demo-token' } },
    body: async (t, marker) => {
      const address = (await read(t, apiCases[4])).ShippingAddress as Record<string, unknown>;
      const given = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== null));
      return { ShippingAddress: { ...given, AddressLine2: marker } };
    },
    marker: (order) => order.ShippingAddress.AddressLine2,
  },
];
