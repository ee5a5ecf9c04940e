import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ordermock from '../src/index.js';
import { errorCatalogue } from '../src/core/errors/catalogue.js';
import { loadSpec } from '../src/core/contract/load-spec.js';
import { defaultSpecsDir, packageRoot } from '../src/paths.js';
import { startTestMock } from './support/harness.js';

describe('public surface', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(ordermock).sort()).toEqual(
      ['LowdbStore', 'NAMESPACE_HEADER', 'OrdermockError', 'VIOLATIONS_HEADER', 'apiModules', 'controlledClock', 'errorCatalogue', 'fixedClock', 'loadSeeds', 'startOrdermock', 'systemClock'].sort(),
    );
  });

  it('documents every error code in the README', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    for (const code of Object.keys(errorCatalogue)) expect(readme, code).toContain(code);
  });

  it('the running mock offers exactly the documented members', async () => {
    const mock = await ordermock.startOrdermock({ port: 0 });
    try {
      expect(Object.keys(mock).sort()).toEqual(
        ['apis', 'baseUrl', 'clock', 'close', 'controlUrl', 'count', 'faults', 'journal', 'namespaces', 'port', 'requests', 'reset', 'store', 'url'].sort(),
      );
      expect(mock.baseUrl('cutmake')).toBe(`${mock.url}/cutmake`);
      expect(mock.apis.map((a) => a.name).sort()).toEqual(ordermock.apiModules.map((m) => m.name).sort());
    } finally {
      await mock.close();
    }
  });

  it('startOrdermock() with no data file writes nothing in the working directory, and its state dies with it', async () => {
    const local = join(process.cwd(), 'data', 'db.json');
    const existed = existsSync(local);
    const first = await ordermock.startOrdermock({ port: 0 });
    const headers = { authorization: 'Bearer cm-admin-token', 'content-type': 'application/json' };
    const patch = await fetch(`${first.baseUrl('cutmake')}/api/v1/orders/SO-DOC-1001`, { method: 'PATCH', headers, body: JSON.stringify({ notes: 'in memory only' }) });
    expect(patch.status).toBe(200);
    await first.close();
    expect(existsSync(local)).toBe(existed);
    const second = await ordermock.startOrdermock({ port: 0 });
    try {
      const read = await fetch(`${second.baseUrl('cutmake')}/api/v1/orders/SO-DOC-1001`, { headers });
      expect((await read.json()).notes).not.toBe('in memory only');
    } finally {
      await second.close();
    }
  });

  it('serves every control-plane route its contract declares, and nothing else', async () => {
    const doc = await loadSpec(join(defaultSpecsDir, 'ordermock-admin.yaml'));
    const routes = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).filter((k) => ['get', 'post', 'put', 'delete', 'patch'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /health',
        'GET /apis',
        'POST /reset',
        'GET /namespaces',
        'DELETE /namespaces/{name}',
        'POST /fixtures',
        'GET /store/{api}/{collection}/{id}',
        'PUT /store/{api}/{collection}/{id}',
        'GET /journal',
        'DELETE /journal',
        'GET /journal/count',
        'GET /faults',
        'POST /faults',
        'DELETE /faults',
        'DELETE /faults/{id}',
        'GET /clock',
        'POST /clock',
        'GET /events',
        'GET /apis/{api}/lifecycle',
        'GET /apis/{api}/orders',
        'GET /apis/{api}/orders/{id}/history',
        'GET /session',
        'POST /session',
        'DELETE /session',
      ].sort(),
    );
    const t = await startTestMock();
    try {
      const health = await t.http.get('/__ordermock/health');
      expect(health.status).toBe(200);
      expect(health.body.apis.sort()).toEqual(ordermock.apiModules.map((m) => m.name).sort());
      const apis = await t.http.get('/__ordermock/apis');
      expect(apis.body.apis.map((a: { prefix: string }) => a.prefix).sort()).toEqual(ordermock.apiModules.map((m) => `/${m.name}`).sort());
      expect((await t.http.post('/__ordermock/reset')).body).toEqual({ reset: { namespace: 'default', api: null } });
      expect((await t.http.get('/__ordermock/journal')).body).toMatchObject({ entries: [], dropped: 0, total: 0 });
      expect((await t.http.delete('/__ordermock/journal')).status).toBe(204);
      const unknown = await t.http.get('/__ordermock/nothing-here');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('ORDERMOCK_ERR_ROUTE_NOT_FOUND');
      expect((await t.http.post('/__ordermock/health')).status).toBe(405);
    } finally {
      await t.close();
    }
  });
});
