// npm run soak -- --minutes N [--concurrency C] [--seed S]
// Mixed valid, invalid and hostile traffic over all five APIs against a spawned server. Prints the
// 5xx count, responses that break their contract, RSS at start and end, and a write audit: every
// acknowledged marker write must be in the final state, before and after a restart. Exit 1 if not.
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// @ts-expect-error plain ESM helpers shared with the bench, without type declarations
import { freePort, rssMB, startServer, stopServer } from '../bench/lib/proc.mjs';
import { apiCases, type ApiCase } from '../test/support/api-cases.js';
import { ContractChecker, findOperation } from '../test/support/contract-checker.js';
import type { TestMock } from '../test/support/harness.js';
import { applyMutation, mutationArbitrary, serialize, type Mutation } from '../test/attacks/support/mutate.js';
import { schemaArbitrary } from '../test/attacks/support/schema-arbitrary.js';

const { values: opts } = parseArgs({
  options: { minutes: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '8' }, seed: { type: 'string' } },
});
const minutes = Number(opts.minutes);
const concurrency = Number(opts.concurrency);
const seed = Number(opts.seed ?? Date.now() % 2 ** 31);
const UPDATE_OPS: Record<string, string> = { cutmake: 'updateOrder', recerc: 'updateOrder', fabric: 'updateOrder', jtl: 'updateSalesOrder', sellercloud: 'updateOrder' };
const READ_OPS: Record<string, string> = { cutmake: 'getOrder', recerc: 'getOrder', fabric: 'getOrder', jtl: 'getSalesOrder', sellercloud: 'getOrder' };
// Marker writes live in their own namespace: accepted hostile or generated updates cannot overwrite them.
const AUDIT_NS = 'soak-audit';

const checker = new ContractChecker();
const dir = await mkdtemp(join(tmpdir(), 'ordermock-soak-'));
const dataFile = join(dir, 'db.json');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const stats = { requests: 0, fiveXx: 0, nonConforming: 0, byClass: new Map<string, number>(), statuses: new Map<number, number>(), problems: [] as string[] };

async function spawnServer() {
  return startServer({
    name: 'ordermock',
    command: process.execPath,
    args: ['bin/ordermock.js', 'serve', '--port', String(port), '--data', dataFile, '--log-level', 'silent'],
    cwd: process.cwd(),
    port,
    probe: { path: '/__ordermock/health' },
  });
}

interface Sent {
  status: number;
  body: unknown;
}

async function send(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<Sent> {
  const res = await fetch(base + path, { method: method.toUpperCase(), headers, body: body as unknown as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: the checker reports it if the contract wanted JSON
  }
  return { status: res.status, body: parsed };
}

async function judge(cls: string, api: string, operationId: string, sent: Sent, what: string): Promise<void> {
  stats.requests++;
  stats.byClass.set(cls, (stats.byClass.get(cls) ?? 0) + 1);
  stats.statuses.set(sent.status, (stats.statuses.get(sent.status) ?? 0) + 1);
  if (sent.status >= 500) {
    stats.fiveXx++;
    if (stats.problems.length < 20) stats.problems.push(`5xx ${api} ${what}: ${JSON.stringify(sent.body).slice(0, 300)}`);
  }
  const problems = await checker.check(api, operationId, sent.status, sent.body);
  if (problems.length) {
    stats.nonConforming++;
    if (stats.problems.length < 20) stats.problems.push(`${problems[0]} (${what})`);
  }
}

/** apiCases builds bodies through a TestMock; reads through fetch are all it needs. */
function viaFetch(namespace: string): TestMock {
  const get = (path: string) => ({ set: (headers: Record<string, string>) => send('get', path, { ...headers, 'x-ordermock-namespace': namespace }) });
  return { http: { get } } as unknown as TestMock;
}

// Marker writes: one writer per API (writes to one order are ordered), so the last acknowledged
// marker is what the final state must show.
const lastAcked = new Map<string, string>();
let markerSeq = 0;
let acked = 0;
async function markerWrite(c: ApiCase): Promise<void> {
  const marker = `soak-${c.api}-${++markerSeq}`;
  const body = await c.body(viaFetch(AUDIT_NS), marker);
  const sent = await send(c.update.method, c.update.path, { ...c.update.headers, 'x-ordermock-namespace': AUDIT_NS }, JSON.stringify(body));
  await judge('marker', c.api, UPDATE_OPS[c.api], sent, `marker ${marker}`);
  if (sent.status < 300) {
    lastAcked.set(c.api, marker);
    acked++;
  }
}

const arbitraries = new Map<string, fc.Arbitrary<{ body: unknown; mutation?: Mutation }>>();
async function requestArbitrary(api: string): Promise<fc.Arbitrary<{ body: unknown; mutation?: Mutation }>> {
  let arb = arbitraries.get(api);
  if (!arb) {
    const schema = findOperation(await checker.load(api), UPDATE_OPS[api])!.requestBody.content['application/json'].schema;
    const body = schemaArbitrary(schema);
    arb = fc.oneof(body.map((b): { body: unknown; mutation?: Mutation } => ({ body: b })), fc.record({ body, mutation: mutationArbitrary }));
    arbitraries.set(api, arb);
  }
  return arb;
}

let rng = seed;
async function generatedRequest(c: ApiCase): Promise<void> {
  const [sample] = fc.sample(await requestArbitrary(c.api), { numRuns: 1, seed: rng++ });
  const bent = sample.mutation ? applyMutation(sample.body, sample.mutation) : { raw: Buffer.from(serialize(sample.body)), contentType: undefined };
  const headers: Record<string, string> = { ...c.update.headers };
  if (bent.contentType !== undefined) headers['content-type'] = bent.contentType;
  const sent = await send(c.update.method, c.update.path, headers, bent.raw);
  await judge(sample.mutation ? `hostile:${sample.mutation.kind}` : 'generated', c.api, UPDATE_OPS[c.api], sent, bent.raw.toString('utf8').slice(0, 200));
}

async function read(c: ApiCase, namespace = 'default'): Promise<Sent> {
  const sent = await send('get', c.read.path, { ...c.read.headers, 'x-ordermock-namespace': namespace });
  await judge('read', c.api, READ_OPS[c.api], sent, `GET ${c.read.path}`);
  return sent;
}

async function worker(index: number, until: number): Promise<void> {
  for (let i = 0; performance.now() < until; i++) {
    const c = apiCases[(index + i) % apiCases.length];
    const roll = (index * 7919 + i * 104729) % 100;
    try {
      if (index < apiCases.length && i % 4 === 0) await markerWrite(apiCases[index]);
      else if (roll < 15) await read(c);
      else await generatedRequest(c);
    } catch (err) {
      stats.fiveXx++; // a dropped connection counts as a server failure
      if (stats.problems.length < 20) stats.problems.push(`${c.api}: ${(err as Error).message}`);
    }
  }
}

async function audit(label: string): Promise<string[]> {
  const missing: string[] = [];
  for (const c of apiCases) {
    const expected = lastAcked.get(c.api);
    if (!expected) continue;
    const got = c.marker((await read(c, AUDIT_NS)).body);
    if (got !== expected) missing.push(`${label}: ${c.api} shows ${JSON.stringify(got)}, last acknowledged ${expected}`);
  }
  return missing;
}

let server = await spawnServer();
const rssStart = rssMB(server.pid);
console.log(`soak: ${minutes} min, ${concurrency} clients, seed ${seed}, server pid ${server.pid}, RSS at start ${rssStart?.toFixed(1)} MB`);
const until = performance.now() + minutes * 60_000;
await Promise.all(Array.from({ length: Math.max(concurrency, apiCases.length) }, (_, i) => worker(i, until)));
const rssEnd = rssMB(server.pid);
const missing = await audit('live');
await stopServer(server, { signal: 'SIGTERM' });
server = await spawnServer();
missing.push(...(await audit('after restart')));
await stopServer(server, { signal: 'SIGTERM' });
await rm(dir, { recursive: true, force: true });

const sorted = <K, V>(m: Map<K, V>) => [...m].sort(([a], [b]) => String(a).localeCompare(String(b)));
console.log(`requests: ${stats.requests} (${sorted(stats.byClass).map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`statuses: ${sorted(stats.statuses).map(([s, n]) => `${s}×${n}`).join(' ')}`);
console.log(`5xx: ${stats.fiveXx}`);
console.log(`non-conforming responses: ${stats.nonConforming}`);
console.log(`RSS: start ${rssStart?.toFixed(1)} MB, end ${rssEnd?.toFixed(1)} MB`);
console.log(`write audit: ${acked} acknowledged marker writes over ${lastAcked.size} APIs, last acknowledged markers ${[...lastAcked.values()].join(', ')}; missing ${missing.length}`);
for (const line of [...stats.problems, ...missing]) console.log(`  ${line}`);
process.exit(stats.fiveXx || stats.nonConforming || missing.length ? 1 : 0);
