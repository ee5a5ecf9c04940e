import type { Operation } from 'openapi-backend';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../src/core/api-module.js';
import { createBackend, type LoadedApi } from '../../src/core/contract/build-backend.js';
import { describeField, OrdermockError, type FieldIssue } from '../../src/core/errors/catalogue.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';
import { requestIssues, validateRequest } from '../../src/core/pipeline/validate-request.js';

// The request-validation stage on a small contract of its own, compiled by the real backend
// (openapi-backend + ordermock's Ajv: fail-fast validators, all-errors twins, discriminator, verbose).
const cat = { type: 'object', required: ['kind'], properties: { kind: { const: 'cat' }, lives: { type: 'integer' } } };
const dog = { type: 'object', required: ['kind'], properties: { kind: { enum: ['dog', 'puppy'] } } };
const keys = Array.from({ length: 11 }, (_, i) => `k${i}`);
const body = {
  type: 'object',
  properties: {
    kind: { const: 'thing' },
    list: { type: 'array', items: { type: 'integer' } },
    v2: { type: 'integer' },
    'a~b': { type: 'integer' },
    'a/b': { type: 'integer' },
    pet: { type: 'object', oneOf: [cat, dog], discriminator: { propertyName: 'kind' } },
    refPet: { type: 'object', oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } },
    choice: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    pick: { anyOf: [{ const: 'a' }, { type: 'integer' }] },
    size: { anyOf: [{ type: 'integer', minimum: 5 }, { type: 'string' }] },
    shipTo: { anyOf: [{ type: 'object', required: ['city'], properties: { city: { type: 'string' } } }, { type: 'null' }] },
    contact: { type: 'object', anyOf: [{ required: ['firstName', 'lastName'] }, { required: ['company'] }] },
    pair: { type: 'object', anyOf: [{ required: ['x'] }, { required: ['y'], properties: { y: { type: 'object', required: ['z'] } } }] },
    reach: { type: 'object', not: { required: ['legacyId'] }, anyOf: [{ required: ['email'] }, { required: ['phone'] }] },
    lookup: { type: 'object', anyOf: keys.map((k) => ({ required: [k] })) },
    nested: { anyOf: [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }, { oneOf: [{ type: 'array' }, { type: 'object' }] }, { type: 'null' }] },
    deep: { anyOf: [{ type: 'null' }, { oneOf: [{ type: 'string' }, { type: 'object', properties: { x: { type: 'integer' } } }] }] },
    two: { oneOf: [{ type: 'integer' }, { type: 'number' }] },
    twice: { type: 'object', allOf: [{ required: ['id'] }, { required: ['id'] }] },
    many: { type: 'object', required: Array.from({ length: 25 }, (_, i) => `p${i}`) },
  },
};
const document = {
  openapi: '3.1.0',
  info: { title: 'demo', version: '1' },
  paths: {
    '/things/{id}': {
      put: {
        operationId: 'putThing',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'ids', in: 'query', schema: { type: 'integer' } },
          { name: 'filter', in: 'query', content: { 'application/json': { schema: { type: 'string' } } } },
          { name: 'x-trace', in: 'header', required: true, schema: { type: 'string', minLength: 3 } },
          { name: 'ids', in: 'header', schema: { type: 'array', items: { type: 'string' } } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: body } } },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: { schemas: { Cat: cat, Dog: dog } },
};

type Req = Pick<ApiRequest, 'params' | 'query' | 'headers' | 'body'>;
let api: LoadedApi;
let operation: Operation;
beforeAll(async () => {
  const backend = await createBackend(document as never);
  api = { backend } as LoadedApi;
  operation = backend.router.getOperations()[0] as Operation;
});

/** A valid request, with `change` applied. */
const request = (change: Partial<Req> = {}): Req => ({ params: { id: '7' }, query: {}, headers: { 'x-trace': 'abcd' }, body: {}, ...change });
const issuesOf = (change: Partial<Req> = {}) => requestIssues(api, operation, request(change));
/** Each issue as the client reads it: field, then what was expected. */
const said = (issues: FieldIssue[]) => issues.map((i) => `${describeField(i)} ${i.message}`);
const saidFor = (change: Partial<Req>) => said(issuesOf(change));
const FIRST_ONLY: FieldIssue = { in: 'body', path: [], message: 'was checked up to its first violation only (it holds over 1000 values)', rule: 'truncated' };

describe('request validation', () => {
  it('accepts a valid request', () => {
    expect(issuesOf()).toEqual([]);
  });

  describe('parameters', () => {
    it('coerces path and scalar query strings to the declared type, and names the parameter that is not', () => {
      expect(issuesOf({ query: { limit: '5', ids: '3' } })).toEqual([]);
      expect(saidFor({ params: { id: 'abc' }, query: { limit: 'ten' } })).toEqual(['path.id must be integer', 'query.limit must be integer']);
    });

    it('a query array sent once is a one-item array; each item is checked at its index', () => {
      expect(issuesOf({ query: { tags: '5' } })).toEqual([]);
      expect(issuesOf({ query: { tags: ['5', '6'] } })).toEqual([]);
      expect(issuesOf({ query: { tags: 'x' } })).toEqual([{ in: 'query', path: ['tags', 0], message: 'must be integer', rule: 'type', value: 'x' }]);
      expect(saidFor({ query: { tags: ['5', 'x'] } })).toEqual(['query.tags[1] must be integer']);
    });

    it('only query parameters are wrapped: a header declared as an array of the same name leaves the query value alone', () => {
      expect(issuesOf({ query: { ids: '3' } })).toEqual([]);
      expect(saidFor({ query: { ids: 'x' } })).toEqual(['query.ids must be integer']);
    });

    it('an unknown query parameter is refused by name', () => {
      expect(saidFor({ query: { tagz: '5' } })).toEqual(['query.tagz is not allowed: unknown property']);
    });

    it('a required header is named when missing, and its rule when it breaks one', () => {
      expect(saidFor({ headers: {} })).toEqual(['header.x-trace is required']);
      expect(saidFor({ headers: { 'x-trace': 'a' } })).toEqual(['header.x-trace must NOT have fewer than 3 characters']);
    });
  });

  describe('the stage', () => {
    it('a missing body says the operation needs one; body issues come first, then path, then header', () => {
      const issues = issuesOf({ params: { id: 'x' }, headers: {}, body: undefined });
      expect(issues[0]).toEqual({ in: 'body', path: [], message: 'is required: the operation needs a request body', rule: 'required' });
      expect(said(issues)).toEqual(['body is required: the operation needs a request body', 'path.id must be integer', 'header.x-trace is required']);
    });

    it('refuses with one message listing every issue, separated by "; ", and carries the issues', () => {
      const ex = { api, operation, request: { ...request({ params: { id: 'x' }, headers: {} }), method: 'PUT', path: '/things/x', operationId: 'putThing' } } as unknown as Exchange;
      let thrown: unknown;
      try {
        validateRequest(ex);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(OrdermockError);
      const err = thrown as OrdermockError;
      expect(err.code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
      expect(err.message).toBe('Request does not match the contract: path.id must be integer; header.x-trace is required');
      expect(said(err.issues)).toEqual(['path.id must be integer', 'header.x-trace is required']);
    });

    it('a valid request passes the stage', () => {
      const ex = { api, operation, request: { ...request(), method: 'PUT', path: '/things/7', operationId: 'putThing' } } as unknown as Exchange;
      expect(() => validateRequest(ex)).not.toThrow();
    });
  });

  describe('how a body field is named', () => {
    it('array indexes are numbers (also past 9), property names stay strings even when they end in a digit', () => {
      const list = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 'x'];
      expect(issuesOf({ body: { list, v2: 'two' } })).toEqual([
        { in: 'body', path: ['list', 12], message: 'must be integer', rule: 'type', value: 'x' },
        { in: 'body', path: ['v2'], message: 'must be integer', rule: 'type', value: 'two' },
      ]);
    });

    it('names with "~" and "/" are unescaped from the JSON pointer', () => {
      expect(saidFor({ body: { 'a~b': 'x', 'a/b': 'y' } })).toEqual(['body.a~b must be integer', 'body.a/b must be integer']);
    });

    it('a const names the value it must be', () => {
      expect(saidFor({ body: { kind: 'other' } })).toEqual(['body.kind must be "thing"']);
    });

    it('the same field and rule broken twice (allOf) is one issue', () => {
      expect(saidFor({ body: { twice: {} } })).toEqual(['body.twice.id is required']);
    });
  });

  describe('discriminated unions', () => {
    it('an unknown tag names the tag field and lists every variant (const and enum ones)', () => {
      expect(issuesOf({ body: { pet: { kind: 'cow' } } })).toEqual([
        { in: 'body', path: ['pet', 'kind'], message: 'must be one of: "cat", "dog", "puppy"', rule: 'enum', value: 'cow' },
      ]);
    });

    it('in a body checked fail-fast, variants behind $refs are not listed but the tag is still named', () => {
      const issues = issuesOf({ body: { refPet: { kind: 'cow' }, list: Array(1000).fill(1) } });
      expect(issues).toEqual([{ in: 'body', path: ['refPet', 'kind'], message: 'must name a known variant', rule: 'enum', value: 'cow' }, FIRST_ONLY]);
    });
  });

  describe('alternatives (anyOf / oneOf)', () => {
    it('a value of no branch’s type is one issue listing what each branch wanted', () => {
      expect(saidFor({ body: { choice: true } })).toEqual(['body.choice must be string, or must be integer']);
      expect(saidFor({ body: { pick: 'b' } })).toEqual(['body.pick must be "a", or must be integer']);
      expect(saidFor({ body: { size: 2.5 } })).toEqual(['body.size must be integer, or must be string']);
    });

    it('nested alternatives fold into the outer list, each named', () => {
      expect(saidFor({ body: { nested: true } })).toEqual([
        'body.nested must be string, or must be integer, or must be array, or must be object, or must be null',
      ]);
    });

    it('an object given to a nullable object: the object branch says what is wrong', () => {
      expect(saidFor({ body: { shipTo: {} } })).toEqual(['body.shipTo.city is required']);
      expect(saidFor({ body: { shipTo: { city: 5 } } })).toEqual(['body.shipTo.city must be string']);
    });

    it('an anyOf of required sets says which combinations would do', () => {
      expect(saidFor({ body: { contact: {} } })).toEqual(['body.contact must have firstName and lastName, or company']);
      expect(saidFor({ body: { reach: { legacyId: 'L1' } } })).toEqual(['body.reach must NOT be valid', 'body.reach must have email, or phone']);
      expect(saidFor({ body: { lookup: {} } })).toEqual([`body.lookup must have ${keys.join(', or ')}`]);
    });

    it('branches that fit but need more than missing fields each keep their own issues', () => {
      expect(saidFor({ body: { pair: { y: {} } } })).toEqual(['body.pair.x is required', 'body.pair.y.z is required']);
    });
  });

  describe('bounded errors', () => {
    it('lists the first 20 issues, then counts every other missing field', () => {
      const issues = issuesOf({ body: { many: {} } });
      expect(issues).toHaveLength(21);
      expect(said(issues.slice(0, 2))).toEqual(['body.many.p0 is required', 'body.many.p1 is required']);
      expect(issues[20]).toEqual({ in: 'body', path: [], message: 'has 5 more violations not listed (only the first 20 are)', rule: 'truncated' });
    });

    it('a body of exactly 1000 values is checked for every violation', () => {
      const issues = issuesOf({ body: { list: Array(998).fill('y') } }); // object + list + 998 items
      expect(issues).toHaveLength(21);
      expect(said(issues.slice(0, 2))).toEqual(['body.list[0] must be integer', 'body.list[1] must be integer']);
      expect(issues[20].message).toBe('has 978 more violations not listed (only the first 20 are)');
    });

    it('a larger invalid body is reported up to its first violation, saying so', () => {
      expect(issuesOf({ body: { list: Array(999).fill('y') } })).toEqual([
        { in: 'body', path: ['list', 0], message: 'must be integer', rule: 'type', value: 'y' },
        FIRST_ONLY,
      ]);
    });

    it('the note follows the other locations’ issues when the large body is invalid, and is absent when only parameters are', () => {
      expect(issuesOf({ headers: {}, body: { list: Array(999).fill('y') } })).toEqual([
        { in: 'body', path: ['list', 0], message: 'must be integer', rule: 'type', value: 'y' },
        { in: 'header', path: ['x-trace'], message: 'is required', rule: 'required' },
        FIRST_ONLY,
      ]);
      expect(issuesOf({ headers: {}, body: { list: Array(1000).fill(1) } })).toEqual([{ in: 'header', path: ['x-trace'], message: 'is required', rule: 'required' }]);
    });
  });
});

describe('alternatives inside alternatives, and a oneOf matched twice', () => {
  it('an object that fits the object branch of a nullable oneOf is told which field is wrong', () => {
    expect(saidFor({ body: { deep: { x: 'a' } } })).toEqual(['body.deep.x must be integer']);
  });

  it('a value matching two oneOf branches is not told it matches none', () => {
    expect(saidFor({ body: { two: 5 } })).toEqual(['body.two must match exactly one of the allowed forms (it matches more than one)']);
  });
});
