// PATCH throughput of one and two ordermock instances on one Redis, beside the file store.
//   npm run build && node bench/redis-instances.mjs [--duration 10] [--connections 20] [--fsync everysec|always]
// Each server: bin/ordermock.js from dist/. Redis: a private redis-server (free port, temp dir, AOF
// with the chosen appendfsync). Two instances: the connections are split across both, each PATCH
// walks the cutmake fixture orders, so both instances update the same few orders (contended).
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { readSeed } from './lib/data.mjs';
import { freePort, startServer, stopServer, sleep } from './lib/proc.mjs';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' }, fsync: { type: 'string', default: 'everysec' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const ids = Object.keys(readSeed('cutmake').orders);
const headers = { authorization: 'Bearer cm-admin-token', 'content-type': 'application/json' };
const patches = ids.map((id, n) => ({ method: 'PATCH', path: `/cutmake/api/v1/orders/${id}`, headers, body: JSON.stringify({ notes: `bench ${n}`, changeDescription: `bench ${n}` }) }));
const probe = { path: '/cutmake/api/v1/orders/SO-DOC-1001', headers: { authorization: 'Bearer cm-admin-token' } };

async function startRedis(dir) {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', values.fsync], { stdio: 'ignore' });
  await sleep(300);
  return { port, child };
}

async function ordermock(dir, store) {
  const port = await freePort();
  return startServer({ name: `ordermock:${port}`, command: process.execPath, args: ['bin/ordermock.js', 'serve', '--port', String(port), store, '--log-level', 'silent'], port, probe });
}

/** Load on every server at once, connections split between them; requests/s summed. */
async function load(servers) {
  const each = Math.max(1, Math.floor(connections / servers.length));
  const results = await Promise.all(servers.map((s) => autocannon({ url: `http://127.0.0.1:${s.port}`, connections: each, duration, requests: patches })));
  return {
    rps: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  };
}

const dir = await mkdtemp(join(tmpdir(), 'ordermock-bench-redis-'));
const redis = await startRedis(dir);
const rows = [];
const scenario = async (label, stores) => {
  const servers = await Promise.all(stores.map((store) => ordermock(dir, store)));
  await load(servers); // warm-up, unmeasured (shorter below via the same duration; keeps it simple)
  rows.push({ label, ...(await load(servers)) });
  await Promise.all(servers.map((s) => stopServer(s)));
};
try {
  await scenario('file store, 1 instance', [`--data=${join(dir, 'db.json')}`]);
  await scenario(`Redis (appendfsync ${values.fsync}), 1 instance`, [`--store=redis://127.0.0.1:${redis.port}/0?prefix=one:`]);
  await scenario(`Redis (appendfsync ${values.fsync}), 2 instances`, [0, 1].map(() => `--store=redis://127.0.0.1:${redis.port}/0?prefix=two:`));
} finally {
  redis.child.kill('SIGKILL');
}
console.log(`PATCH cutmake, ${connections} connections, ${duration} s, ${ids.length} fixture orders (contended)`);
for (const r of rows) console.log(`${r.label.padEnd(40)} ${String(r.rps).padStart(6)} req/s   p99 ${r.p99} ms   errors/non-2xx ${r.errors}`);
