// Child processes under test: spawn, wait for the first 200, measure RSS, stop.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export const HOST = '127.0.0.1';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in MB, from /proc (Linux); null elsewhere or once it has exited. */
export function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** One HTTP request without keep-alive: resolves {status, body}, rejects on socket errors. */
export function request(port, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.end(body);
  });
}

/**
 * Spawns `command args` and polls `probe` until it answers 200. Returns the child and the
 * cold start: spawn → first 200, in ms (socket errors while it boots are retried every 5 ms).
 */
export async function startServer({ name, command, args, cwd, env, port, probe, timeoutMs = 120_000 }) {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr = (stderr + c).slice(-8000);
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const server = { name, child, pid: child.pid, port, spawnedAt: started, stderrTail: () => stderr, exited: () => exited };
  for (;;) {
    if (exited) throw new Error(`${name} exited during start (${JSON.stringify(exited)}):\n${stderr}`);
    if (performance.now() - started > timeoutMs) {
      await stopServer(server);
      throw new Error(`${name} did not answer 200 within ${timeoutMs} ms:\n${stderr}`);
    }
    let res;
    try {
      res = await request(port, probe);
    } catch {
      await sleep(5);
      continue;
    }
    if (res.status === 200) {
      server.coldStartMs = performance.now() - started;
      server.rssAtReadyMB = rssMB(child.pid);
      return server;
    }
    await stopServer(server);
    throw new Error(`${name}: readiness probe ${probe.method ?? 'GET'} ${probe.path} answered ${res.status}: ${res.body.slice(0, 500)}`);
  }
}

/** SIGTERM (graceful; needed for --cpu-prof to write its profile) or SIGKILL, then waits for the exit. */
export function stopServer(server, { signal = 'SIGKILL', graceMs = 60_000 } = {}) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// CPU accounting from /proc (Linux; clock ticks of 1/100 s): who used the cores during a run.
const TICK_S = 0.01;

function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = fields[3] + fields[4];
  return fields.reduce((a, b) => a + b, 0) - idle;
}

function processTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** Starts a CPU meter; `stop()` answers cores used (1 = one core busy) by the server, this process and everything else. */
export function cpuMeter(serverPid) {
  try {
    readFileSync('/proc/stat');
  } catch {
    return { stop: () => null };
  }
  const t0 = performance.now();
  const m0 = machineTicks();
  const s0 = processTicks(serverPid);
  const b0 = process.cpuUsage();
  return {
    stop() {
      const wallS = (performance.now() - t0) / 1000;
      const b = process.cpuUsage(b0);
      const server = ((processTicks(serverPid) - s0) * TICK_S) / wallS;
      const bench = (b.user + b.system) / 1e6 / wallS;
      const machine = ((machineTicks() - m0) * TICK_S) / wallS;
      return { server, bench, others: Math.max(0, machine - server - bench) };
    },
  };
}
