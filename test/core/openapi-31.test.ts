import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ApiModule, ApiResponse } from '../../src/core/api-module.js';
import { OrdermockError } from '../../src/core/errors/catalogue.js';
import { buildBackend } from '../../src/core/contract/build-backend.js';
import { loadSpec } from '../../src/core/contract/load-spec.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { createApp } from '../../src/server/create-app.js';

// A tiny 3.1-only contract: none of this validates under openapi-backend's own 3.0 handling.
const spec = `
openapi: 3.1.0
info: { title: demo, version: '1' }
paths:
  /things/{id}:
    put:
      operationId: putThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [kind]
              properties:
                kind: { const: thing }
                note: { type: [string, 'null'] }
                serial: { type: string, readOnly: true }
              allOf:
                - properties: { size: { type: integer } }
              unevaluatedProperties: false
      responses:
        '200':
          description: ok
          headers:
            ETag: { required: true, schema: { type: string } }
            X-Count: { schema: { type: integer } }
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: integer } } }
        default:
          description: error
          content:
            application/json:
              schema: { type: object, required: [error], properties: { error: { type: string } } }
`;

const demo: ApiModule = {
  name: 'demo',
  title: 'demo',
  authenticate: () => undefined,
  handlers: {
    putThing: (req): ApiResponse => {
      const note = (req.body as { note?: string }).note;
      if (note === 'bad-headers') return { status: 200, body: { id: 1 }, headers: { 'x-count': 'many' } };
      return { status: 200, body: note === 'bad-response' ? { id: 'x' } : { id: Number(req.params.id) }, headers: { etag: '"1"', 'x-count': '3' } };
    },
  },
  renderError: (err: OrdermockError) => ({ status: err.status, body: { error: err.message } }),
};

async function app() {
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-31-'));
  await writeFile(join(dir, 'demo.yaml'), spec);
  const api = await buildBackend(demo, await loadSpec(join(dir, 'demo.yaml')));
  const store = await LowdbStore.open({ file: join(dir, 'db.json'), seeds: { demo: {} } });
  return supertest(createApp({ apis: [api], store }));
}

describe('OpenAPI 3.1 / JSON Schema 2020-12 keywords are enforced', () => {
  it('accepts a body that satisfies type arrays, const and unevaluatedProperties', async () => {
    const res = await (await app()).put('/demo/things/7').send({ kind: 'thing', note: null, size: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 7 });
  });

  it.each([
    ['const', { kind: 'other' }, 'body.kind must be "thing"'],
    ['type array', { kind: 'thing', note: 5 }, 'body.note must be string,null'],
    ['unevaluatedProperties', { kind: 'thing', extra: 1 }, 'body.extra is not allowed: unknown property'],
    ['readOnly', { kind: 'thing', serial: 'S1' }, 'body.serial is read-only and must not be sent'],
    ['path parameter type', null, 'path.id must be integer'],
  ])('rejects %s', async (_rule, body, message) => {
    const http = await app();
    const res = body === null ? await http.put('/demo/things/abc').send({ kind: 'thing' }) : await http.put('/demo/things/1').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(message);
  });

  it('records a response that breaks the contract as a violation in a header', async () => {
    const res = await (await app()).put('/demo/things/1').send({ kind: 'thing', note: 'bad-response' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers['x-ordermock-violations'])).toEqual([{ location: 'response.body.id', message: 'must be integer', rule: 'type', value: 'x' }]);
  });

  it('records missing required and ill-typed response headers as violations', async () => {
    const res = await (await app()).put('/demo/things/1').send({ kind: 'thing', note: 'bad-headers' });
    expect(JSON.parse(res.headers['x-ordermock-violations'])).toEqual([
      { location: 'response.header.ETag', message: 'is required', rule: 'required' },
      { location: 'response.header.x-count', message: 'must be integer', rule: 'type', value: 'many' },
    ]);
  });

  it('fails the start when a schema cannot be compiled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-31-'));
    await writeFile(join(dir, 'demo.yaml'), spec.replace('type: [string, \'null\']', 'type: [strang]'));
    await expect(buildBackend(demo, await loadSpec(join(dir, 'demo.yaml')))).rejects.toThrow(/cannot compile/);
  });

  it('fails the start when handlers and contract disagree', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-31-'));
    await writeFile(join(dir, 'demo.yaml'), spec);
    await expect(buildBackend({ ...demo, handlers: {} }, await loadSpec(join(dir, 'demo.yaml')))).rejects.toThrow(/no handler for putThing/);
  });
});
