import { beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, type OrdermockLogger } from '../../../src/index.js';
import { useTestMock } from '../../support/harness.js';
import { ITEM, START, jtlHeaders, line, order } from './helpers.js';

// A refusal's log line gives its first reason as `<in>.<field> <message>`, and `--log-level debug`
// adds every issue with its location, path and rule (README "Logs"): what jtl's own checks (the
// x-tenant-id format, a line listed twice, a reference, a refused scope) report there.

interface Line {
  fields: Record<string, any>;
  msg?: string;
}

const lines: Line[] = [];
const capture = (fields: object, msg?: string) => void lines.push({ fields: fields as Record<string, any>, msg });
const logger: OrdermockLogger = { debug: capture, info: capture, warn: capture, error: capture, isLevelEnabled: () => true };

/** The last refusal's log line (reason) and its debug details (each issue as in, path, rule). */
function lastRefusal(): { reason: unknown; issues: unknown } {
  const line = lines.filter((l) => l.fields.api === 'jtl' && l.fields.errorCode).at(-1);
  const details = lines.filter((l) => l.msg?.startsWith('validation details of ')).at(-1);
  const issues = (details?.fields.details.issues as { in: string; path: unknown[]; rule: string }[] | undefined)?.map((i) => ({ in: i.in, path: i.path, rule: i.rule }));
  return { reason: line?.fields.reason, issues };
}

describe('jtl refusals in the request log', () => {
  const clock = fixedClock(START);
  const t = useTestMock({ apis: ['jtl'], clock, clockStart: START, logger });
  const a1 = order('a1');
  beforeEach(() => {
    lines.length = 0;
  });

  it('x-tenant-id that is not a uuid', async () => {
    const res = await t().http.get(`/jtl/erp/v2/salesOrders/${a1}`).set({ ...jtlHeaders(), 'x-tenant-id': 'tenant-a' });
    expect(res.status).toBe(400);
    expect(lastRefusal()).toEqual({ reason: 'header.x-tenant-id must match format "uuid"', issues: [{ in: 'header', path: ['x-tenant-id'], rule: 'format' }] });
  });

  it('a salesOrderLineItemId listed twice', async () => {
    const lineItems = [{ salesOrderLineItemId: line('a101'), quantity: 2 }, { salesOrderLineItemId: line('a101'), quantity: 3 }];
    const res = await t().http.patch('/jtl/erp/v2/salesorder/update').set(jtlHeaders()).send({ salesOrderId: a1, lineItems });
    expect(res.status).toBe(400);
    expect(lastRefusal()).toEqual({
      reason: 'body.lineItems[1].salesOrderLineItemId is listed more than once (also lineItems[0])',
      issues: [{ in: 'body', path: ['lineItems', 1, 'salesOrderLineItemId'], rule: 'uniqueItems' }],
    });
  });

  it('a reference that does not exist in the tenant', async () => {
    const res = await t().http.patch('/jtl/erp/v2/salesorder/update').set(jtlHeaders()).send({ salesOrderId: a1, lineItems: [{ type: 1, itemId: ITEM.tentB, quantity: 1 }] });
    expect(res.status).toBe(422);
    expect(lastRefusal()).toEqual({
      reason: `body.lineItems[0].itemId Item ${ITEM.tentB} does not exist in this tenant.`,
      issues: [{ in: 'body', path: ['lineItems', 0, 'itemId'], rule: 'reference' }],
    });
  });

  it('a scope the client may not have', async () => {
    const res = await t().http.post('/jtl/oauth2/token').auth('lager-dashboard', 'lager-secret-2026').type('form').send({ grant_type: 'client_credentials', scope: 'orders.write' });
    expect(res.status).toBe(400);
    expect(lastRefusal()).toEqual({
      reason: 'body.scope Client lager-dashboard may not request scope: orders.write',
      issues: [{ in: 'body', path: ['scope'], rule: 'invalid_scope' }],
    });
  });
});
