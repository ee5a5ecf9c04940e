import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundBody, MAX_BODY_DEPTH } from '../../src/core/journal/bound-body.js';
import { compileFilter, type JournalFilter } from '../../src/core/journal/journal-filter.js';
import type { JournalEntry } from '../../src/core/journal/journal-entry.js';
import { parseJournal, readJournalFile, writeJournalFile } from '../../src/core/journal/journal-file.js';
import { Journal } from '../../src/core/journal/journal.js';
import { isSecretKey, redactHeaders, redactText, redactValue } from '../../src/core/journal/redact.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';
import { useTestMock } from '../support/harness.js';

let counter = 0;
/** A finished exchange as the pipeline hands it to the journal (only the fields the journal reads). */
function exchange(over: Partial<Exchange> & { rawBody?: string; body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {}): Exchange {
  counter += 1;
  const { rawBody, body, query = {}, headers = {}, ...rest } = over;
  return {
    id: `ex-${counter}`,
    receivedAt: new Date(Date.UTC(2026, 2, 1, 10, 0, 0, counter)),
    incoming: { method: 'POST', path: '/cutmake/x', query, headers, rawBody: rawBody === undefined ? undefined : Buffer.from(rawBody) },
    namespace: 'default',
    api: { name: 'cutmake' } as Exchange['api'],
    operation: { operationId: 'updateOrder' } as Exchange['operation'],
    request: body === undefined ? undefined : ({ body } as Exchange['request']),
    response: { status: 200, body: { ok: true } },
    violations: [],
    ...rest,
  };
}

/** A JSON value whose text is exactly `n` characters. */
const sized = (n: number) => ({ p: 'x'.repeat(n - 8) });
/** 512 bytes per entry plus its request and response bodies' JSON text. */
const COST = 512 + 100 + 100;
const sizedExchange = (namespace = 'default') => exchange({ namespace, body: sized(100), response: { status: 200, body: sized(100) } });

const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: '1',
  receivedAt: '2026-03-01T10:00:00.000Z',
  durationMs: 1,
  namespace: 'default',
  api: 'cutmake',
  operationId: 'updateOrder',
  method: 'PATCH',
  path: '/cutmake/api/v1/orders/SO-1',
  request: { headers: {}, query: {}, body: { action: 'confirm', lineItems: [{ sku: 'A', qty: 2 }], tags: ['007', 3, '8'], ids: [7], groups: [[7], [8]], code: '42', n: 5, o: {}, z: null } },
  response: { status: 200, body: {} },
  errorCode: null,
  violations: [],
  fault: null,
  prefer: null,
  ...over,
});

/** The issues a refused filter names (what a client of the control plane or the programmatic API reads). */
function refusal(filter: JournalFilter, knownApis?: string[]): { message: string; issues: unknown[] } {
  try {
    compileFilter(filter, knownApis);
  } catch (err) {
    const { message, issues, code } = err as { message: string; issues: unknown[]; code: string };
    expect(code).toBe('ORDERMOCK_ERR_REQUEST_VALIDATION');
    return { message, issues };
  }
  throw new Error(`filter ${JSON.stringify(filter)} was accepted`);
}

describe('journal filters: edges and value matching', () => {
  const m = (filter: JournalFilter, over?: Partial<JournalEntry>) => compileFilter(filter)(entry(over));

  it('until is an upper edge: a request received after it does not match', () => {
    expect(m({ until: '2026-03-01T09:59:59.999Z' })).toBe(false);
    expect(m({ until: '2026-03-01T10:00:00.000Z' })).toBe(true);
    expect(m({ since: '2026-03-01T10:00:00.000Z', until: '2026-03-01T10:00:00.001Z' })).toBe(true);
  });

  it('bodyEquals: an array or object given as a value is compared as JSON, a text that looks like JSON also as text', () => {
    expect(m({ bodyPath: '$.ids', bodyEquals: [7] })).toBe(true);
    expect(m({ bodyPath: '$.ids', bodyEquals: [8] })).toBe(false);
    expect(m({ bodyPath: '$.code', bodyEquals: '42' })).toBe(true); // the string "42", not the number
    expect(m({ bodyPath: '$.code', bodyEquals: 42 })).toBe(false);
    expect(m({ bodyPath: '$.tags[0]', bodyEquals: '007' })).toBe(true);
  });

  it('bodyEquals on objects compares every key and value, and never matches across types or null', () => {
    expect(m({ bodyPath: '$.lineItems[0]', bodyEquals: { sku: 'A', qty: 2 } })).toBe(true);
    expect(m({ bodyPath: '$.lineItems[0]', bodyEquals: '{"qty":3,"sku":"A"}' })).toBe(false);
    expect(m({ bodyPath: '$.lineItems[0]', bodyEquals: '{"qty":2,"sku":"B"}' })).toBe(false);
    expect(m({ bodyPath: '$.lineItems[0]', bodyEquals: '{"qty":2,"id":"A"}' })).toBe(false);
    expect(m({ bodyPath: '$.o', bodyEquals: '{}' })).toBe(true);
    expect(m({ bodyPath: '$.n', bodyEquals: '{}' })).toBe(false);
    expect(m({ bodyPath: '$.o', bodyEquals: '5' })).toBe(false);
    expect(m({ bodyPath: '$.z', bodyEquals: '{}' })).toBe(false);
    expect(m({ bodyPath: '$.o', bodyEquals: 'null' })).toBe(false);
    expect(m({ bodyPath: '$.z', bodyEquals: 'null' })).toBe(true);
  });

  it('bodyContains: an element of an array (as JSON or as text); never a number or an object', () => {
    expect(m({ bodyPath: '$.groups', bodyContains: [7] })).toBe(true);
    expect(m({ bodyPath: '$.groups', bodyContains: [9] })).toBe(false);
    expect(m({ bodyPath: '$.tags', bodyContains: '007' })).toBe(true);
    expect(m({ bodyPath: '$.tags', bodyContains: '8' })).toBe(true); // the text "8", not the number
    expect(m({ bodyPath: '$.tags', bodyContains: 8 })).toBe(false);
    expect(m({ bodyPath: '$.n', bodyContains: '5' })).toBe(false);
    expect(m({ bodyPath: '$.lineItems[0]', bodyContains: 'A' })).toBe(false);
  });

  it('a path through null or a missing key matches nothing', () => {
    expect(m({ bodyPath: '$.z.a' })).toBe(false);
    expect(m({ bodyPath: '$.z.a', bodyEquals: 'x' })).toBe(false);
  });
});

describe('journal filters: refusals name the field and say why', () => {
  it.each(['x200', '2000', '200x', 'x2xx', '2xxx', '2x', ''])('status %j is refused', (status) => {
    expect(refusal({ status }).issues).toEqual([
      { in: 'query', path: ['status'], message: 'must be a status code (409), a class (4xx) or 0', rule: 'filter', value: status },
    ]);
  });

  it('every bad field at once, in one message', () => {
    const { message, issues } = refusal({ nope: 1, api: 'shop', since: 'soon', until: 'later' } as JournalFilter, ['cutmake', 'jtl']);
    const known = 'namespace, api, operationId, method, status, path, since, until, bodyPath, bodyEquals, bodyContains, faulted';
    expect(issues).toEqual([
      { in: 'query', path: ['nope'], message: `is not a journal filter; known: ${known}`, rule: 'filter', value: undefined },
      { in: 'query', path: ['api'], message: 'must be one of: cutmake, jtl', rule: 'filter', value: 'shop' },
      { in: 'query', path: ['since'], message: 'must be a date-time', rule: 'filter', value: 'soon' },
      { in: 'query', path: ['until'], message: 'must be a date-time', rule: 'filter', value: 'later' },
    ]);
    expect(message).toBe(
      `Request does not match the contract: nope is not a journal filter; known: ${known}; api must be one of: cutmake, jtl; since must be a date-time; until must be a date-time`,
    );
  });

  it('bodyEquals or bodyContains without bodyPath, and a bodyPath that is not a JSON path', () => {
    expect(refusal({ bodyContains: 'x' }).issues).toEqual([
      { in: 'query', path: ['bodyContains'], message: 'needs bodyPath (where in the body to look)', rule: 'filter', value: undefined },
    ]);
    expect(refusal({ bodyEquals: 'x', bodyContains: 'y' }).issues).toMatchObject([{ path: ['bodyEquals'] }]);
    for (const bodyPath of ['x.action', 'action', '.action']) {
      expect(refusal({ bodyPath }).issues, bodyPath).toEqual([
        { in: 'query', path: ['bodyPath'], message: 'must be a JSON path like $.action or $.lineItems[0].sku', rule: 'filter', value: bodyPath },
      ]);
    }
  });

  describe('over HTTP', () => {
    const getT = useTestMock();
    it('the control plane answers 400 with the filter issue', async () => {
      const res = await getT().http.get('/__ordermock/journal/count?bodyContains=x');
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'ORDERMOCK_ERR_REQUEST_VALIDATION',
        message: 'Request does not match the contract: bodyContains needs bodyPath (where in the body to look)',
        issues: [{ in: 'query', path: ['bodyContains'], message: 'needs bodyPath (where in the body to look)', rule: 'filter' }],
      });
    });
  });
});

describe('the journal records', () => {
  it('a request the router could not place: no api, no operation', () => {
    const entry = new Journal().record(exchange({ api: undefined, operation: undefined }), 1);
    expect(entry).toMatchObject({ api: null, operationId: null });
  });

  it('the Prefer header that chose the answer, at most 50 violations, the fault', () => {
    const violations = Array.from({ length: 60 }, (_, i) => ({ location: `body.x${i}`, message: 'must be string' }));
    const fault = { ruleId: 'r1', effects: ['status' as const] };
    const entry = new Journal().record(exchange({ prefer: 'code=409', violations, fault }), 1);
    expect(entry.prefer).toBe('code=409');
    expect(entry.violations).toEqual(violations.slice(0, 50));
    expect(entry.fault).toEqual(fault);
  });

  it('a response sent as raw text (a deliberately malformed body) as that text, secrets redacted', () => {
    const entry = new Journal().record(exchange({ response: { status: 200, raw: '{"access_token":"tok-123","scope":"x"', body: undefined } }), 1);
    expect(entry.response.body).toBe('{"access_token":"[redacted]","scope":"x"');
  });

  it('a request body that did not parse as its text; a parsed one as the value', () => {
    const journal = new Journal();
    expect(journal.record(exchange({ rawBody: '{"notes": ' }), 1).request.body).toBe('{"notes": ');
    expect(journal.record(exchange({ rawBody: '{"notes": "a"}', body: { notes: 'a' } }), 1).request.body).toEqual({ notes: 'a' });
  });

  it('a raw body of exactly the body limit as it is; one byte more as a marker with its real size', () => {
    const journal = new Journal({ bodyBytes: 8 });
    expect(journal.record(exchange({ rawBody: 'abcdefgh' }), 1).request.body).toBe('abcdefgh');
    expect(journal.record(exchange({ rawBody: 'abcdefghij'.repeat(3) }), 1).request.body).toEqual({
      'ordermock:truncated': { reason: "over the journal's body limit of 8 bytes", bytes: 30, head: 'abcdefghi' },
    });
  });

  it('secrets in the head of a truncated raw or parsed body are redacted', () => {
    const journal = new Journal({ bodyBytes: 100 });
    const form = journal.record(exchange({ rawBody: `password=hunter2&notes=${'n'.repeat(200)}` }), 1);
    const parsed = journal.record(exchange({ body: { password: 'hunter2-secret', notes: 'n'.repeat(200) } }), 1);
    for (const e of [form, parsed]) {
      expect(e.request.body).toMatchObject({ 'ordermock:truncated': { reason: "over the journal's body limit of 100 bytes" } });
      expect(JSON.stringify(e)).not.toContain('hunter2');
      expect(JSON.stringify(e)).toContain('[redacted]');
    }
    expect((parsed.request.body as Record<string, { head: string; bytes: number }>)['ordermock:truncated']).toEqual({
      reason: "over the journal's body limit of 100 bytes",
      bytes: JSON.stringify({ password: 'hunter2-secret', notes: 'n'.repeat(200) }).length,
      head: `{"password":"[redacted]","notes":"${'n'.repeat(200)}"}`,
    });
  });

  it('secrets in the query, headers and response body are redacted, the rest kept', () => {
    const entry = new Journal().record(
      exchange({
        query: { access_token: 'q-tok', page: '2' },
        headers: { 'proxy-authorization': 'Basic cHJveHk6cHc=', 'x-session-token': 's-tok', accept: 'application/json' },
        response: { status: 200, body: { access_token: 'r-tok', expires_in: 3600 } },
      }),
      1,
    );
    expect(entry.request.query).toEqual({ access_token: '[redacted]', page: '2' });
    expect(entry.request.headers).toEqual({ 'proxy-authorization': 'Basic [redacted]', 'x-session-token': '[redacted]', accept: 'application/json' });
    expect(entry.response.body).toEqual({ access_token: '[redacted]', expires_in: 3600 });
  });
});

describe('the journal bounds', () => {
  it('holds exactly as many entries as fit in the byte cap: 512 bytes each plus the JSON of both bodies', () => {
    const journal = new Journal({ bytes: 3 * COST });
    for (let i = 0; i < 3; i++) journal.record(sizedExchange(), 1);
    expect(journal.stats()).toMatchObject({ dropped: 0, total: 3 });
    const fourth = journal.record(sizedExchange(), 1);
    expect(journal.stats()).toMatchObject({ dropped: 1, total: 3 });
    expect(journal.list().at(-1)!.id).toBe(fourth.id);

    const tighter = new Journal({ bytes: 3 * COST - 1 });
    for (let i = 0; i < 3; i++) tighter.record(sizedExchange(), 1);
    expect(tighter.stats()).toMatchObject({ dropped: 1, total: 2 });
  });

  it('a request without a body counts 512 bytes plus the response', () => {
    const journal = new Journal({ bytes: 2 * (512 + 100) });
    for (let i = 0; i < 3; i++) journal.record(exchange({ method: 'GET', response: { status: 200, body: sized(100) } } as never), 1);
    expect(journal.stats()).toMatchObject({ dropped: 1, total: 2 });
  });

  it('a truncation marker counts its head, its reason and 64 bytes', () => {
    const reason = "over the journal's body limit of 10 bytes";
    expect(boundBody('y'.repeat(1000), 10)).toEqual({
      body: { 'ordermock:truncated': { reason, bytes: 1000, head: 'y'.repeat(256) } },
      bytes: 256 + reason.length + 64,
    });
  });

  it('an object body is kept up to exactly the limit, and marked with its size over it', () => {
    expect(boundBody({ a: 'x' }, 9)).toEqual({ body: { a: 'x' }, bytes: 9 });
    expect(boundBody({ a: 'é' }, 9)).toEqual({ body: { a: 'é' }, bytes: 9 });
    expect(boundBody({ a: 'xy' }, 9).body).toEqual({ 'ordermock:truncated': { reason: "over the journal's body limit of 9 bytes", bytes: 10, head: '{"a":"xy"}' } });
    expect(boundBody({ a: 'éé' }, 9).body).toMatchObject({ 'ordermock:truncated': { bytes: 12 } });
  });

  it('a body nested too deep is a marker without a head or a size', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < MAX_BODY_DEPTH; i++) deep = { a: deep };
    expect(boundBody(deep, 1e6).body).toEqual({ 'ordermock:truncated': { reason: 'nested deeper than 64 levels', bytes: null, head: '' } });
  });

  it('counts, drops and reports with a cap given as an object', () => {
    const journal = new Journal({ entries: 2 });
    for (let i = 0; i < 5; i++) journal.record(exchange(), 1);
    expect(journal.list()).toHaveLength(2);
    expect(journal.stats()).toEqual({ cap: { entries: 2, bytes: 32 * 1024 * 1024, bodyBytes: 64 * 1024 }, dropped: 3, total: 2 });
  });

  it('stays correct over thousands of drops (the held array is cut in batches)', () => {
    const journal = new Journal(3);
    const ids: string[] = [];
    for (let i = 0; i < 2100; i++) ids.push(journal.record(exchange(), 1).id);
    expect(journal.list().map((e) => e.id)).toEqual(ids.slice(-3));
    expect(journal.count()).toBe(3);
    expect(journal.stats()).toMatchObject({ dropped: 2097, total: 3 });
  });

  it('clearing frees the bytes of what it forgot, and only that', () => {
    const journal = new Journal({ bytes: 2 * COST });
    const kept = journal.record(sizedExchange('b'), 1);
    journal.record(sizedExchange('a'), 1);
    journal.clear('a');
    const c = journal.record(sizedExchange('b'), 1);
    expect(journal.list().map((e) => e.id)).toEqual([kept.id, c.id]);
    const d = journal.record(sizedExchange('b'), 1);
    expect(journal.list().map((e) => e.id)).toEqual([c.id, d.id]);
  });

  it('clears one API of one namespace, or one API everywhere', () => {
    const journal = new Journal();
    const cm1 = journal.record(exchange({ namespace: 'n1' }), 1);
    journal.record(exchange({ namespace: 'n1', api: { name: 'jtl' } as Exchange['api'] }), 1);
    const jtl2 = journal.record(exchange({ namespace: 'n2', api: { name: 'jtl' } as Exchange['api'] }), 1);
    journal.clear('n1', 'jtl');
    expect(journal.list().map((e) => e.id)).toEqual([cm1.id, jtl2.id]);
    journal.clear(undefined, 'jtl');
    expect(journal.list().map((e) => e.id)).toEqual([cm1.id]);
  });

  it('counts the entries a filter matches', () => {
    const journal = new Journal();
    journal.record(exchange(), 1);
    journal.record(exchange({ api: { name: 'jtl' } as Exchange['api'] }), 1);
    journal.record(exchange({ api: { name: 'jtl' } as Exchange['api'] }), 1);
    expect(journal.count()).toBe(3);
    expect(journal.count({ api: 'jtl' })).toBe(2);
    expect(journal.count({ api: 'fabric' })).toBe(0);
    expect(() => journal.count({ status: 'abc' })).toThrow(/status must be a status code/);
  });

  it('takes entries from another instance under the same bounds (512 bytes plus their JSON)', () => {
    const journal = new Journal({ bytes: 2 * (512 + JSON.stringify(entry({ id: 'a' })).length) });
    for (const id of ['a', 'b', 'c']) journal.insert(entry({ id }));
    expect(journal.list().map((e) => e.id)).toEqual(['b', 'c']);
    expect(journal.stats()).toMatchObject({ dropped: 1, total: 2 });
    expect(journal.count({ bodyPath: '$.action', bodyEquals: 'confirm' })).toBe(2);
  });
});

describe('redaction', () => {
  it('form and query text: the first pair, whole values, percent-encoded keys, undecodable keys', () => {
    expect(redactText('password=hunter2')).toBe('password=[redacted]');
    expect(redactText('username=u&password=hunter2&grant_type=password')).toBe('username=u&password=[redacted]&grant_type=password');
    expect(redactText('/jtl/orders?access_token=abc123&page=2')).toBe('/jtl/orders?access_token=[redacted]&page=2');
    expect(redactText('client%5Fsecret=s3cr3t&x=1')).toBe('client%5Fsecret=[redacted]&x=1');
    expect(redactText('%E0%A4%A=1&password=hunter2')).toBe('%E0%A4%A=1&password=[redacted]');
    expect(redactText('{"Client-Secret" : "s\\"3", "user": "u"}')).toBe('{"Client-Secret" : "[redacted]", "user": "u"}');
  });

  it('headers: Authorization and Proxy-Authorization keep their scheme, one value or several', () => {
    expect(redactHeaders({ 'Proxy-Authorization': 'Basic cHJveHk6cHc=', authorization: ['Bearer a1', 'Basic b2', 5] })).toEqual({
      'Proxy-Authorization': 'Basic [redacted]',
      authorization: ['Bearer [redacted]', 'Basic [redacted]', '[redacted]'],
    });
    expect(redactHeaders({ 'X-Client-Secret': 'c', 'x-refresh-token': ['r'], 'X-Password': 7 })).toEqual({
      'X-Client-Secret': '[redacted]',
      'x-refresh-token': ['[redacted]'],
      'X-Password': '[redacted]',
    });
  });

  it('every spelling of every secret key, in objects inside arrays at any depth, without touching the original', () => {
    const keys = ['password', 'PASSWD', 'secret', 'client_secret', 'clientSecret', 'token', 'access-token', 'refresh_token', 'id_token', 'apiKey', 'x-api-key', 'Authorization', 'Cookie', 'set_cookie', 'proxy-authorization', 'sessionToken'];
    const body = [[keys.map((k) => ({ [k]: `v-${k}`, keep: k }))], { a: [{ b: { deeper: [[{ api_key: 'k' }]] } }] }];
    const original = JSON.stringify(body);
    const out = redactValue(body);
    expect(out).toEqual([[keys.map((k) => ({ [k]: '[redacted]', keep: k }))], { a: [{ b: { deeper: [[{ api_key: '[redacted]' }]] } }] }]);
    expect(JSON.stringify(body)).toBe(original);
    expect(redactValue({ list: [1, 'password', null, { secret: 1 }] })).toEqual({ list: [1, 'password', null, { secret: '[redacted]' }] });
  });

  it('a secret key whose value is null or absent stays as it is; any other value is redacted', () => {
    const out = redactValue({ token: 't', password: null, secret: undefined, apiKey: 0, cookie: false, passwd: { a: 1 } }) as Record<string, unknown>;
    expect(out).toEqual({ token: '[redacted]', password: null, apiKey: '[redacted]', cookie: '[redacted]', passwd: '[redacted]' });
    expect(out.password).toBeNull();
    expect('secret' in out && out.secret === undefined).toBe(true);
    expect(redactValue({ password: null })).toEqual({ password: null });
  });

  it('a secret nested thousands of levels deep', () => {
    let deep: unknown = { password: 'deep-secret' };
    for (let i = 0; i < 5000; i++) deep = i % 2 ? { a: deep } : [deep];
    let out = redactValue(deep);
    for (let i = 0; i < 5000; i++) out = Array.isArray(out) ? out[0] : (out as { a: unknown }).a;
    expect(out).toEqual({ password: '[redacted]' });
  });

  it('judges keys the same after many thousands of distinct ones', () => {
    for (let i = 0; i < 10_050; i++) isSecretKey(`field${i}`);
    expect(isSecretKey('password')).toBe(true);
    expect(isSecretKey('Client-Secret')).toBe(true);
    expect(isSecretKey('username')).toBe(false);
    expect(isSecretKey('field3')).toBe(false);
  });
});

describe('journal files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermock-journal-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const a = entry({ id: 'a' });
  const b = entry({ id: 'b', path: '/jtl/x' });

  it('are written as NDJSON, one entry per line, with no temporary file left, and read back', async () => {
    const file = join(dir, 'journal.ndjson');
    expect(await writeJournalFile({ list: () => [a, b] }, file)).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);
    expect(await readdir(dir)).toEqual(['journal.ndjson']);
    expect(await readJournalFile(file)).toEqual([a, b]);
    expect(await writeJournalFile({ list: () => [] }, file)).toBe(0);
    expect(await readJournalFile(file)).toEqual([]);
  });

  it('read the JSON answer of the journal, a JSON array, or NDJSON with blank lines', () => {
    expect(parseJournal(JSON.stringify({ cap: {}, dropped: 0, total: 2, entries: [a, b] }, null, 2), 's')).toEqual([a, b]);
    expect(parseJournal(JSON.stringify({ entries: [a] }), 's')).toEqual([a]);
    expect(parseJournal(JSON.stringify([a, b]), 's')).toEqual([a, b]);
    expect(parseJournal(JSON.stringify(a), 's')).toEqual([a]);
    expect(parseJournal(`\n${JSON.stringify(a)}\n\n   \n${JSON.stringify(b)}\n\n`, 's')).toEqual([a, b]);
    expect(parseJournal('', 's')).toEqual([]);
    expect(parseJournal(' \n\t\n', 's')).toEqual([]);
  });

  it('name the file and line that is not a journal entry', () => {
    expect(() => parseJournal(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n{"id": "c",`, 'run.ndjson')).toThrow(
      /^run\.ndjson line 3 is neither a journal entry nor part of \{"entries": \[\.\.\.\]\}: \S/,
    );
  });
});
