import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSpecsDir } from '../../src/paths.js';
import { lintFiles } from '../../src/commands/lint/lint-files.js';
import { startTestMock } from '../support/harness.js';
import { VIOLATIONS_HEADER } from '../../src/index.js';

describe('the control plane contract', () => {
  it('passes ordermock lint (structure, project rules, every example against its schema) with zero problems', async () => {
    const result = await lintFiles([join(defaultSpecsDir, 'ordermock-admin.yaml')], { redocly: false });
    expect(result.problems).toEqual([]);
    expect(result.ran.map((r) => r.check)).toContain('examples');
  });

  // redocly's rules: `ordermock lint` over all six contracts, this one included (test/commands/lint.test.ts).


  it('every control-plane answer (success and error) conforms to it: strict mode never turns one into a 500', async () => {
    const t = await startTestMock({ strictResponses: true });
    try {
      const calls: [string, string, unknown?][] = [
        ['get', '/__ordermock/health'],
        ['get', '/__ordermock/apis'],
        ['post', '/__ordermock/reset?api=cutmake'],
        ['post', '/__ordermock/reset?api=nope'],
        ['get', '/__ordermock/namespaces'],
        ['delete', '/__ordermock/namespaces/none'],
        ['get', '/__ordermock/store/cutmake/orders/SO-DOC-1001'],
        ['put', '/__ordermock/store/cutmake/orders/SO-X', { id: 1 }],
        ['post', '/__ordermock/fixtures', { nope: {} }],
        ['post', '/__ordermock/faults', { api: 'cutmake', status: 500, times: 1 }],
        ['post', '/__ordermock/faults', { api: 'cutmake' }],
        ['get', '/__ordermock/faults'],
        ['get', '/__ordermock/journal?status=4xx'],
        ['get', '/__ordermock/journal?status=x'],
        ['get', '/__ordermock/journal/count?api=cutmake'],
        ['get', '/__ordermock/clock'],
        ['post', '/__ordermock/clock', { advance: 1 }],
        ['post', '/__ordermock/clock', 'not json'],
        ['delete', '/__ordermock/faults'],
        ['get', '/__ordermock/session'],
        ['post', '/__ordermock/session', { token: 'no token is configured' }],
        ['post', '/__ordermock/session', { token: 1 }],
        ['delete', '/__ordermock/session'],
      ];
      for (const [method, path, body] of calls) {
        const req = (t.http as any)[method](path);
        const res = typeof body === 'string' ? await req.set('content-type', 'application/json').send(body) : body === undefined ? await req : await req.send(body);
        expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
        expect(res.headers[VIOLATIONS_HEADER], `${method} ${path}`).toBeUndefined();
        if (res.status >= 400) expect(Object.keys(res.body.error).sort(), `${method} ${path}`).toEqual(['code', 'issues', 'message']);
      }
    } finally {
      await t.close();
    }
  });
});
