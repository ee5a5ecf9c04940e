import { describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/core/journal/journal-file.js';
import { Journal } from '../../src/core/journal/journal.js';
import { isSecretKey, redactText } from '../../src/core/journal/redact.js';
import type { Exchange } from '../../src/core/pipeline/exchange.js';

// Secrets never reach the journal in clear, whatever shape the body has and wherever a bound cuts it.
let n = 0;
function record(journal: Journal, { rawBody, body }: { rawBody?: string; body?: unknown }) {
  n++;
  const ex = {
    id: `s-${n}`,
    receivedAt: new Date(0),
    incoming: { method: 'POST', path: '/x', query: {}, headers: {}, rawBody: rawBody === undefined ? undefined : Buffer.from(rawBody) },
    namespace: 'default',
    request: body === undefined ? undefined : { body },
    response: { status: 200, body: {} },
    violations: [],
  } as unknown as Exchange;
  return journal.record(ex, 1);
}

describe('secrets in bodies the journal cuts or could not parse', () => {
  it('a secret that straddles the 256-character head of a body over the limit is not kept in part', () => {
    const body = { notes: 'x'.repeat(225), password: 'supersecretvalue', pad: 'y'.repeat(100) };
    const entry = record(new Journal({ bodyBytes: 300 }), { body });
    const mark = (entry.request.body as Record<string, { head: string; bytes: number }>)['ordermock:truncated'];
    expect(JSON.stringify(entry)).not.toMatch(/supers/);
    expect(mark.head).toMatch(/"password":"\[redact$/); // cut inside the redacted value, not the secret
    expect(mark.bytes).toBe(JSON.stringify(body).length); // the size sent, not the redacted size
  });

  it('a raw body cut inside a secret value keeps none of it', () => {
    const entry = record(new Journal({ bodyBytes: 40 }), { rawBody: `{"note":"a","password":"hunter2hunter2hunter2hunter2"` });
    expect(JSON.stringify(entry)).not.toContain('hunter2');
  });

  it('a malformed body: an unterminated secret, and secrets that are numbers, objects or arrays, are redacted whole', () => {
    for (const raw of ['{"user":"u","password":"hunter2', '{"password":12345,"ok":1', '{"token":{"a":"hunter2"},"ok":1', '{"apiKey":["hunter2",{"b":"c"}],"ok":1', '{"client_secret" : true ,']) {
      const entry = record(new Journal(), { rawBody: raw });
      const kept = JSON.stringify(entry.request.body);
      expect(kept, raw).not.toMatch(/hunter2|12345|"a"|true/);
      expect(kept, raw).toContain('[redacted]');
    }
    expect(redactText('{"password":12345,"ok":1}')).toBe('{"password":"[redacted]","ok":1}');
    expect(redactText('{"token":{"a":[1,"}"]},"ok":1}')).toBe('{"token":"[redacted]","ok":1}');
    expect(redactText('{"note":"no secret here"}')).toBe('{"note":"no secret here"}');
  });

  it('a raw body over the limit is marked as cut even when redaction makes it shorter, with the size sent', () => {
    const raw = `password=hunter2-secret&notes=${'n'.repeat(200)}`;
    const entry = record(new Journal({ bodyBytes: 100 }), { rawBody: raw });
    const mark = (entry.request.body as Record<string, { head: string; bytes: number }>)['ordermock:truncated'];
    expect(mark.bytes).toBe(raw.length);
    expect(mark.head).toMatch(/^password=\[redacted\]&notes=n+$/);
  });

  it('every kind of credential the journal promises to hide is a secret key, in any spelling', () => {
    const documented = ['password', 'passwd', 'secret', 'client_secret', 'token', 'access_token', 'refresh_token', 'id_token', 'apiKey', 'X-API-Key', 'Authorization', 'Cookie', 'Set-Cookie', 'Proxy-Authorization', 'sessionToken'];
    for (const key of documented) expect(isSecretKey(key), key).toBe(true);
    expect(redactText('{"passwd":"p","id_token":"i","session_token":"s"}')).toBe('{"passwd":"[redacted]","id_token":"[redacted]","session_token":"[redacted]"}');
  });

  it('key names are compared on letters and digits only', () => {
    for (const key of ['api key', 'api.key', 'API-Key', 'client_secret', 'Client Secret', 'x-api-key']) expect(isSecretKey(key), key).toBe(true);
    for (const key of ['apikeys', 'notes', 'keyword']) expect(isSecretKey(key), key).toBe(false);
  });
});

describe('journal files', () => {
  it('name the right line when the file starts with blank lines', () => {
    expect(() => parseJournal('\n\n{"id":"a"}\nnope', 'j.ndjson')).toThrow(/j\.ndjson line 4 /);
  });
});
