import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiModules } from '../../src/index.js';
import { loadSpec } from '../../src/core/contract/load-spec.js';
import { defaultSeedDir, defaultSpecsDir } from '../../src/paths.js';
import { lintFiles } from '../../src/commands/lint/lint-files.js';

const specNames = ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud'];
const specFile = (name: string) => join(defaultSpecsDir, `${name}.yaml`);

describe('the five contracts', () => {
  it('are all served', () => {
    expect(apiModules.map((m) => m.name).sort()).toEqual([...specNames].sort());
  });

  it.each(specNames)('%s passes swagger-parser validation, and every example and seed order validates against its schema', async (name) => {
    const result = await lintFiles([specFile(name)], { seedsDir: defaultSeedDir, redocly: false });
    expect(result.problems).toEqual([]);
    expect(result.ran.map((r) => r.check)).toEqual(['structure', 'project rules', 'examples', 'seed orders']);
  });

  it.each(specNames)('%s: every operation has an operationId, a default error response and JSON content', async (name) => {
    const doc = await loadSpec(specFile(name));
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        if (!op || typeof op !== 'object' || !op.responses) continue;
        const where = `${method} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
        expect(op.responses.default, `${where} default response`).toBeDefined();
        if (op['x-ordermock-companion']) expect(op.description, where).toMatch(/^Companion operation, not on the reference page/);
      }
    }
  });

  // redocly's rules over all six contracts: `ordermock lint` in test/commands/lint.test.ts (one redocly run for the suite).
});
