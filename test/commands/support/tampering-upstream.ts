import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Changes one answer of the real implementation; returns undefined to leave it alone. */
export type Tamper = (req: { method: string; path: string; body: string }, answer: Answer) => Answer | undefined;

/**
 * A "real server" for the tests: answers every request through a running ordermock (so most
 * answers are right) and breaks the answers the tampers pick (so some are wrong).
 */
export async function startTamperingUpstream(target: string, tampers: Tamper[]): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const body = await text(req);
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)).map(([k, v]) => [k, String(v)])),
      body: body.length ? body : undefined,
    });
    let answer: Answer = { status: upstream.status, headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }, body: await upstream.text() };
    const www = upstream.headers.get('www-authenticate');
    if (www) answer.headers['www-authenticate'] = www;
    for (const tamper of tampers) answer = tamper({ method: req.method!, path: req.url!, body }, answer) ?? answer;
    res.writeHead(answer.status, { ...answer.headers, 'x-upstream': 'tampering' }).end(answer.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise<void>((done) => server.close(() => done())) };
}

function text(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    let out = '';
    req.on('data', (c: Buffer) => (out += c.toString()));
    req.on('end', () => done(out));
  });
}

/** Edits a JSON answer body. */
export const editJson = (answer: Answer, edit: (body: any) => void): Answer => {
  const body = JSON.parse(answer.body);
  edit(body);
  return { ...answer, body: JSON.stringify(body) };
};
