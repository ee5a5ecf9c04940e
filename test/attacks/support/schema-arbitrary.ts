import fc from 'fast-check';

type Schema = Record<string, any>;

/** Keys ordermock refuses in every body (README "Hostile input"): never part of a valid one. */
export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_ARRAY = 2;

/**
 * A fast-check arbitrary of JSON values shaped by a (dereferenced) JSON Schema: types, required
 * and optional properties, enums, consts, patterns, formats, bounds, anyOf/oneOf/allOf. Keywords
 * it cannot honour (if/then, minProperties...) are left to an independent Ajv, which decides
 * whether a generated value really is valid.
 */
export function schemaArbitrary(schema: Schema | boolean, depth = 0): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined) return smallJson(depth);
  if (schema === false) return fc.constant(null);
  const { allOf, anyOf, oneOf, ...base } = schema;
  if (allOf) return schemaArbitrary(allOf.reduce((acc: Schema, s: Schema) => merge(acc, s), base), depth);
  const alternatives = anyOf ?? oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alt: Schema) => schemaArbitrary(merge(base, alt), depth)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : guessTypes(schema);
  return fc.oneof(...types.map((type) => typed(type, schema, depth)));
}

function guessTypes(schema: Schema): string[] {
  if (schema.properties || schema.required) return ['object'];
  if (schema.items) return ['array'];
  return ['string', 'number', 'boolean', 'null'];
}

/** Two schemas' constraints together (properties and required unioned; later keywords win). */
function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a, ...b };
  if (a.properties || b.properties) {
    out.properties = { ...a.properties };
    for (const [k, v] of Object.entries(b.properties ?? {})) out.properties[k] = out.properties[k] ? merge(out.properties[k], v as Schema) : v;
  }
  if (a.required || b.required) out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.type && b.type && !b.anyOf) out.type = b.type;
  return out;
}

function typed(type: string, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Math.max(min, 0) + 100_000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      return fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
    }
    case 'string':
      return stringArbitrary(schema);
    case 'array': {
      const maxLength = Math.min(schema.maxItems ?? MAX_ARRAY, Math.max(schema.minItems ?? 0, MAX_ARRAY));
      const item = schemaArbitrary(schema.items ?? true, depth + 1);
      return fc.array(item, { minLength: schema.minItems ?? 0, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, depth);
    default:
      return smallJson(depth);
  }
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Math.max(minLength, 24);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  switch (schema.format) {
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    default:
      return fc.string({ minLength, maxLength, unit: fc.constantFrom('a', 'Z', '7', ' ', 'é', '中', '-', '_') });
  }
}

function objectArbitrary(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required: string[] = (schema.required ?? []).filter((k: string) => !RESERVED_KEYS.has(k));
  if (!Object.keys(properties).length) {
    if (schema.additionalProperties === false) return fc.constant({});
    // A free-form object: a few keys of small values.
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !RESERVED_KEYS.has(k)), smallJson(depth + 1), { maxKeys: 3 });
  }
  // Optional properties get rarer with depth: bodies stay small (and cheap to generate) yet varied.
  const optional = fc.constantFrom(...Array.from({ length: depth + 2 }, (_, i) => i === 0));
  const entries: fc.Arbitrary<[string, unknown] | undefined>[] = [];
  for (const [key, sub] of Object.entries(properties)) {
    if (sub.readOnly && !required.includes(key)) continue;
    const value = schemaArbitrary(sub, depth + 1).map((v): [string, unknown] => [key, v]);
    entries.push(required.includes(key) ? value : fc.tuple(optional, value).map(([keep, kv]) => (keep ? kv : undefined)));
  }
  for (const key of required) if (!(key in properties)) entries.push(smallJson(depth + 1).map((v): [string, unknown] => [key, v]));
  return fc.tuple(...entries).map((kvs) => Object.fromEntries(kvs.filter((kv): kv is [string, unknown] => kv !== undefined)));
}

function smallJson(depth: number): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  return depth > 3 ? scalar : fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }));
}
