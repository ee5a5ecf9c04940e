import { describe, expect, it } from 'vitest';
import * as ordermock from '../src/index.js';
import { errorCatalogue } from '../src/core/errors/catalogue.js';
import { startTestMock } from './support/harness.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

describe('public surface', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(ordermock).sort()).toEqual(
      [
        'Journal',
        'LowdbStore',
        'NAMESPACE_HEADER',
        'OrdermockError',
        'VIOLATIONS_HEADER',
        'apiModules',
        'createApp',
        'errorCatalogue',
        'fixedClock',
        'loadApis',
        'loadSeeds',
        'startOrdermock',
        'systemClock',
      ].sort(),
    );
  });

  it('documents every error code in the README', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    for (const code of Object.keys(errorCatalogue)) expect(readme, code).toContain(code);
  });

  it('serves the control plane routes', async () => {
    const t = await startTestMock();
    try {
      const health = await t.http.get('/__ordermock/health');
      expect(health.status).toBe(200);
      expect(health.body.apis.sort()).toEqual(ordermock.apiModules.map((m) => m.name).sort());
      const apis = await t.http.get('/__ordermock/apis');
      expect(apis.body.apis.map((a: { prefix: string }) => a.prefix).sort()).toEqual(ordermock.apiModules.map((m) => `/${m.name}`).sort());
      expect((await t.http.post('/__ordermock/reset')).body).toEqual({ reset: 'default' });
      expect((await t.http.get('/__ordermock/journal')).body).toEqual({ entries: [] });
      expect((await t.http.delete('/__ordermock/journal')).status).toBe(204);
    } finally {
      await t.close();
    }
  });
});
