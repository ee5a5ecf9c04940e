import type { Operation } from 'openapi-backend';
import { describe, expect, it } from 'vitest';
import { MAX_ISSUES } from '../../src/core/errors/bound-error.js';
import { OrdermockError } from '../../src/core/errors/catalogue.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';
import { nestingDepth, readBody } from '../../src/core/pipeline/read-body.js';

// The body stage on its own: what it accepts, and the exact refusal for what it does not.
function exchange(body: string | Buffer | undefined, contentType: string | undefined, content: Record<string, object> | null = { 'application/json': {} }): Exchange {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
  return {
    id: 't',
    receivedAt: new Date(),
    namespace: 'default',
    violations: [],
    incoming: { method: 'PATCH', path: '/x', query: {}, headers, rawBody: typeof body === 'string' ? Buffer.from(body) : body },
    operation: (content ? { requestBody: { content } } : {}) as unknown as Operation,
    request: { params: {}, query: {}, headers, body: undefined } as unknown as Exchange['request'],
  };
}

function refusal(ex: Exchange): OrdermockError {
  try {
    readBody(ex);
  } catch (err) {
    if (err instanceof OrdermockError) return err;
    throw err;
  }
  throw new Error('the body was accepted');
}

describe('nesting depth (counted before parsing)', () => {
  it.each([
    ['', 0],
    ['1', 0],
    ['[[1]]', 2],
    ['[[]][[]]', 2],
    ['{"a":[{"b":{}}]}', 4],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"a \\" [[[["}', 1],
    ['{"a":"ends in a backslash \\\\","b":[[1]]}', 3],
    ['["\\\\\\"[[", [1]]', 2],
  ])('%s → %i', (text, depth) => {
    expect(nestingDepth(text)).toBe(depth);
  });
});

describe('media types', () => {
  it('reads the type before any parameter, in any case and spacing', () => {
    const ex = exchange('{"a":1}', '  Application/JSON ; charset=utf-8');
    readBody(ex);
    expect(ex.request!.body).toEqual({ a: 1 });
  });

  it('a declared range application/*+json takes any application/<name>+json, nothing else', () => {
    const range = { 'application/*+json': {} };
    for (const type of ['application/merge-patch+json', 'application/vnd.acme.order+json']) {
      const ex = exchange('{"a":1}', type, range);
      readBody(ex);
      expect(ex.request!.body, type).toEqual({ a: 1 });
    }
    for (const type of ['application/+json', 'text/merge-patch+json', 'application/json', 'application/merge-patch+xml', 'application']) {
      const err = refusal(exchange('{"a":1}', type, range));
      expect(err.code, type).toBe('ORDERMOCK_ERR_UNSUPPORTED_MEDIA_TYPE');
      expect(err.message, type).toBe(`Content-Type ${type} is not accepted; expected application/*+json`);
    }
  });

  it('a declared range application/* takes any application type', () => {
    const ex = exchange('{"a":1}', 'application/anything', { 'application/*': {} });
    readBody(ex);
    expect(ex.request!.body).toEqual({ a: 1 });
  });

  it('says "(none)" when the body has no content type, and lists what is declared', () => {
    const err = refusal(exchange('{"a":1}', undefined, { 'application/json': {}, 'application/x-www-form-urlencoded': {} }));
    expect(err.status).toBe(415);
    expect(err.message).toBe('Content-Type (none) is not accepted; expected application/json, application/x-www-form-urlencoded');
  });

  it('says "no request body" for an operation that declares none', () => {
    expect(refusal(exchange('{"a":1}', 'application/json', null)).message).toBe('Content-Type application/json is not accepted; expected no request body');
  });
});

describe('refusals', () => {
  it('a body the HTTP layer could not read is malformed data, with its reason; a too-large one is 413 with the limit', () => {
    const unreadable = exchange(undefined, 'application/json');
    unreadable.incoming.bodyError = { tooLarge: false, limit: 1000, message: 'request aborted' };
    const err = refusal(unreadable);
    expect([err.status, err.code, err.message]).toEqual([400, 'ORDERMOCK_ERR_MALFORMED_BODY', 'Request body is not valid data: request aborted']);
    const large = exchange(undefined, 'application/json');
    large.incoming.bodyError = { tooLarge: true, limit: 1000, message: 'too large' };
    const tooLarge = refusal(large);
    expect([tooLarge.status, tooLarge.code, tooLarge.message]).toEqual([413, 'ORDERMOCK_ERR_PAYLOAD_TOO_LARGE', 'Request body exceeds the limit of 1000 bytes']);
  });

  it('JSON that does not parse names JSON and the parser’s reason; bytes that are not UTF-8 say so', () => {
    const err = refusal(exchange('{"a":', 'application/json'));
    expect(err.message).toMatch(/^Request body is not valid JSON: .+/);
    expect(err.message).toContain(errorOf(() => JSON.parse('{"a":')));
    expect(refusal(exchange(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'application/json')).message).toBe('Request body is not valid JSON: it is not valid UTF-8');
  });

  it('names each number out of range by its path, array indexes included', () => {
    const err = refusal(exchange('{"lines":[1e400, 2, {"q": -1e400}]}', 'application/json'));
    expect(err.issues.map((i) => i.path)).toEqual([['lines', 0], ['lines', 2, 'q']]);
    expect(err.issues.every((i) => i.rule === 'finite')).toBe(true);
  });

  it(`lists at most ${MAX_ISSUES} issues, then one that counts the rest`, () => {
    const values = (n: number) => `[${Array.from({ length: n }, () => '1e400').join(',')}]`;
    const exactly = refusal(exchange(values(MAX_ISSUES), 'application/json'));
    expect(exactly.issues).toHaveLength(MAX_ISSUES);
    expect(exactly.issues.at(-1)!.path).toEqual([MAX_ISSUES - 1]);
    const more = refusal(exchange(values(MAX_ISSUES + 3), 'application/json'));
    expect(more.issues).toHaveLength(MAX_ISSUES + 1);
    expect(more.issues.at(-2)!.path).toEqual([MAX_ISSUES - 1]);
    expect(more.issues.at(-1)).toMatchObject({ rule: 'truncated', message: `has 3 more violations not listed (only the first ${MAX_ISSUES} are)` });
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}
