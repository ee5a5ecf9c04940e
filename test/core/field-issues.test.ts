import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { toFieldIssues } from '../../src/core/pipeline/validate-request.js';

function issuesFor(schema: object, body: unknown) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile({ type: 'object', properties: { requestBody: schema } });
  validate({ requestBody: body });
  return toFieldIssues(validate.errors ?? []).map((i) => ({ in: i.in, path: i.path, message: i.message }));
}

const address = {
  type: 'object',
  required: ['City', 'Country'],
  properties: { City: { type: 'string' }, Country: { type: 'string' }, State: { type: 'string' } },
  if: { properties: { Country: { enum: ['US', 'CA'] } } },
  then: { required: ['State'] },
};

describe('turning Ajv errors into field issues', () => {
  it('names the missing field inside a nullable object alternative', () => {
    const schema = { type: 'object', properties: { ShippingAddress: { anyOf: [address, { type: 'null' }] } } };
    expect(issuesFor(schema, { ShippingAddress: { City: 'Austin', Country: 'US' } })).toEqual([
      { in: 'body', path: ['ShippingAddress', 'State'], message: 'is required' },
    ]);
  });

  it('folds a value that fits no alternative into one issue listing what each wanted', () => {
    const schema = { type: 'object', properties: { Source: { anyOf: [{ type: 'string', enum: ['Local_Store'] }, { type: 'integer' }, { type: 'null' }] } } };
    expect(issuesFor(schema, { Source: true })).toEqual([
      { in: 'body', path: ['Source'], message: 'must be string, or must be one of: "Local_Store", or must be integer, or must be null' },
    ]);
  });

  it('says which combination of fields would do for an anyOf of required sets', () => {
    const schema = { type: 'object', properties: { a: { type: 'object', anyOf: [{ required: ['lastName'] }, { required: ['company'] }] } } };
    expect(issuesFor(schema, { a: {} })).toEqual([{ in: 'body', path: ['a'], message: 'must have lastName, or company' }]);
  });

  it('reports unknown properties and enum values by field', () => {
    const schema = { type: 'object', additionalProperties: false, properties: { kind: { enum: ['a', 'b'] } } };
    expect(issuesFor(schema, { kind: 'c', extra: 1 })).toEqual([
      { in: 'body', path: ['extra'], message: 'is not allowed: unknown property' },
      { in: 'body', path: ['kind'], message: 'must be one of: "a", "b"' },
    ]);
  });
});
