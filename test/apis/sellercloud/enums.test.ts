import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { enumValues } from '../../../src/apis/sellercloud/enums.js';

// The module keeps the integer -> name tables in code (the published package ships no YAML parser): pin them to the spec.
describe('sellercloud enum tables', () => {
  it.each(['OrderSource', 'OrderSubType', 'CurrencyCode'] as const)('%s matches the spec’s values, names and x-enum-varnames', async (kind) => {
    const spec = parse(await readFile(new URL('../../../specs/sellercloud.yaml', import.meta.url), 'utf8'));
    const values = spec.components.schemas[`${kind}Value`];
    const names = spec.components.schemas[`${kind}Name`];
    expect([...enumValues[kind].keys()]).toEqual(values.enum);
    expect([...enumValues[kind].values()]).toEqual(values['x-enum-varnames']);
    expect([...enumValues[kind].values()]).toEqual(names.enum);
  });
});
