import { beforeEach, describe, it, expect } from 'vitest';
import { fixedClock, type OrdermockLogger } from '../../../src/index.js';
import { useTestMock } from '../../support/harness.js';
import { ACCOUNT, fabricHeaders, getPath, putPath, START } from './fabric-client.js';

// A refusal's log line gives its first reason as `<field> <message>`, and `--log-level debug`
// adds every issue with its location, path and rule (README "Logs"): what fabric's checks
// report there, beside the `{"message"}` body the other tests pin.

interface Line {
  level: string;
  fields: Record<string, any>;
  msg?: string;
}

const lines: Line[] = [];
const capture = (level: string) => (fields: object, msg?: string) => void lines.push({ level, fields: fields as Record<string, any>, msg });
const logger: OrdermockLogger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error'), isLevelEnabled: () => true };

/** The last refusal's log line (reason) and its debug details (each issue as in, path, rule). */
function lastRefusal(): { reason: unknown; issues: unknown } {
  const line = lines.filter((l) => l.fields.api === 'fabric' && l.fields.errorCode).at(-1);
  const details = lines.filter((l) => l.msg?.startsWith('validation details of ')).at(-1);
  const issues = (details?.fields.details.issues as { in: string; path: unknown[]; rule: string }[] | undefined)?.map((i) => ({ in: i.in, path: i.path, rule: i.rule }));
  return { reason: line?.fields.reason, issues };
}

const site = (value: unknown) => JSON.stringify(value);
const header = (path: string[], rule: string) => ({ in: 'header', path: ['x-site-context', ...path], rule });

describe('fabric refusals in the request log', () => {
  const clock = fixedClock(START);
  const t = useTestMock({ apis: ['fabric'], clock, clockStart: START, logger });
  beforeEach(() => {
    lines.length = 0;
  });

  describe('x-site-context: the reason names the header field, the debug details give the rule', () => {
    it.each([
      ['empty', '', 'header.x-site-context is required', [header([], 'required')]],
      ['not JSON', 'account=x', 'header.x-site-context must be a JSON object (the header is not valid JSON)', [header([], 'contentMediaType')]],
      ['JSON null', 'null', 'header.x-site-context must be a JSON object', [header([], 'type')]],
      ['without account', site({ channel: 12 }), 'header.x-site-context.account is required', [header(['account'], 'required')]],
      ['a numeric account', site({ account: 1234 }), 'header.x-site-context.account must be string', [header(['account'], 'type')]],
      ['a short account', site({ account: 'abc' }), 'header.x-site-context.account must be 24 characters long', [header(['account'], 'minLength')]],
      ['a bad date', site({ account: ACCOUNT, date: 'today' }), 'header.x-site-context.date must match format "date-time"', [header(['date'], 'format')]],
      ['a bad channel', site({ account: ACCOUNT, channel: [12] }), 'header.x-site-context.channel must be integer or string', [header(['channel'], 'type')]],
      ['a bad stage', site({ account: ACCOUNT, stage: 5 }), 'header.x-site-context.stage must be string', [header(['stage'], 'type')]],
      ['an unknown account', site({ account: 'f'.repeat(24) }), `header.x-site-context.account names no known account (${'f'.repeat(24)})`, [header(['account'], 'exists')]],
      [
        'three broken fields',
        site({ date: 'today', stage: 5 }),
        'header.x-site-context.account is required',
        [header(['account'], 'required'), header(['date'], 'format'), header(['stage'], 'type')],
      ],
    ])('%s', async (_name, value, reason, issues) => {
      const res = await t().http.get(getPath('309019178')).set(fabricHeaders({ siteContext: value }));
      expect(res.status).toBe(400);
      expect(lastRefusal()).toEqual({ reason, issues });
    });
  });

  it('GET with neither id: the reason and the rule name query.orderNumber', async () => {
    const res = await t().http.get('/fabric/order/').set(fabricHeaders());
    expect(res.status).toBe(400);
    expect(lastRefusal()).toEqual({ reason: 'query.orderNumber or query.orderId is required', issues: [{ in: 'query', path: ['orderNumber'], rule: 'required' }] });
  });

  it('PUT breaking every order rule: one issue per broken rule, each with its rule', async () => {
    const order = (await t().http.get(getPath('309019178')).set(fabricHeaders())).body;
    order.orderId = 'ffffffffffffffffffffffff';
    order.items[0].shipToId = 'st-nowhere';
    order.orderTotal = 1;
    lines.length = 0;
    const res = await t().http.put(putPath('309019177')).set(fabricHeaders()).send(order);
    expect(res.status).toBe(400);
    expect(lastRefusal()).toEqual({
      reason: "body.orderNumber must equal the path's orderNumber (309019177), got 309019178",
      issues: [
        { in: 'body', path: ['orderNumber'], rule: 'matchesPath' },
        { in: 'body', path: ['orderId'], rule: 'serverOwned' },
        { in: 'body', path: ['items', 0, 'shipToId'], rule: 'reference' },
        { in: 'body', path: ['orderTotal'], rule: 'totals' },
      ],
    });
  });
});
