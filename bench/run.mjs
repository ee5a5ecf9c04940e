#!/usr/bin/env node
// ordermock benchmark: `npm run bench` (builds, then runs this). See bench/README.md.
//   node bench/run.mjs [--duration 10] [--runs 3] [--quick] [--only <regex>] [--compare <file>]
//   node bench/run.mjs --compare <old.json> --to <new.json>     (no run: deltas between two files)
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDataFile, writeSeedDir } from './lib/data.mjs';
import { measureFdatasync } from './lib/fsync.mjs';
import { median, runLoad } from './lib/load.mjs';
import { cpuMeter, freePort, request, rssMB, startServer, stopServer } from './lib/proc.mjs';
import { parseArgs } from './lib/args.mjs';
import { fmt, printComparison, printResultsTable, reportProfiles, summary } from './lib/report.mjs';
import { probes, requests, scenarios, servers, targets } from './scenarios.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the servers run from: a copy of the build taken when the run starts (see snapshotApp). */
let APP = ROOT;
const RESULTS_DIR = join(ROOT, 'bench', 'results');

// ---------------------------------------------------------------------------------- servers

/**
 * Copies what the servers run (dist, bin, specs, seeds, the reference servers) into the run's
 * temp dir, node_modules linked: every scenario measures the build as it was at the start, even
 * if `npm run build` runs elsewhere meanwhile.
 */
function snapshotApp(tmp) {
  const app = join(tmp, 'app');
  for (const part of ['dist', 'bin', 'specs', join('data', 'seed'), join('bench', 'servers'), 'package.json']) {
    cpSync(join(ROOT, part), join(app, part), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  return app;
}

/** `node --cpu-prof` flags for an ordermock server under `--cpu-prof` (none otherwise). */
const profileArgs = (opts, key, launchNo) =>
  opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir, `--cpu-prof-name=${key}-${launchNo}.cpuprofile`] : [];

/** Command line, URL prefix, probe and (ordermock) generated data of one server definition. */
async function prepareServer(key, def, tmp, opts) {
  const dir = join(tmp, key);
  mkdirSync(dir, { recursive: true });
  const node = process.execPath;
  if (def.kind === 'ordermock' && def.memory) {
    // `--data :memory:` starts from the seeds: a seed directory holding the generated orders.
    const seeds = join(dir, 'seeds');
    const t = performance.now();
    const data = writeSeedDir(seeds, { api: def.api, orders: def.orders });
    return {
      dir,
      data,
      info: { dataFileMB: 0, dataGenMs: performance.now() - t },
      prefixFor: (api) => `/${api}`,
      probe: probes[def.api](`/${def.api}`),
      command: node,
      dataFileFor: () => undefined,
      args: (port, { launchNo }) => [...profileArgs(opts, key, launchNo), 'bin/ordermock.js', 'serve', '--port', String(port), '--data', ':memory:', '--seeds', seeds, '--log-level', 'silent'],
      stopSignal: opts.cpuProf ? 'SIGTERM' : 'SIGKILL',
    };
  }
  if (def.kind === 'ordermock') {
    // Generated once; every instance starts from its own copy (the server appends change logs
    // beside its data file and compacts into it).
    const pristine = join(dir, 'pristine.json');
    const t = performance.now();
    const data = writeDataFile(pristine, { api: def.api, orders: def.orders });
    const genMs = performance.now() - t;
    return {
      dir,
      data,
      info: { dataFileMB: statSync(pristine).size / 1e6, dataGenMs: genMs },
      prefixFor: (api) => `/${api}`,
      probe: probes[def.api](`/${def.api}`),
      command: node,
      dataFileFor: (launchNo) => {
        const runDir = join(dir, `instance-${launchNo}`);
        mkdirSync(runDir, { recursive: true });
        copyFileSync(pristine, join(runDir, 'db.json'));
        return join(runDir, 'db.json');
      },
      args: (port, { dataFile, launchNo }) => [
        ...profileArgs(opts, key, launchNo),
        'bin/ordermock.js',
        'serve',
        '--port',
        String(port),
        '--data',
        dataFile,
        '--log-level',
        'silent',
        ...(process.env.ORDERMOCK_BENCH_ARGS ?? '').split(' ').filter(Boolean),
      ],
      stopSignal: opts.cpuProf ? 'SIGTERM' : 'SIGKILL', // the data is throwaway: no need to wait for the final compaction
    };
  }
  if (def.kind === 'express' || def.kind === 'pipeline') {
    const script = def.kind === 'express' ? 'bench/servers/express-validation.mjs' : 'bench/servers/pipeline-stateless.mjs';
    return { dir, prefixFor: (api) => `/${api}`, probe: probes[def.api](`/${def.api}`), command: node, args: (port) => [script, '--port', String(port)], stopSignal: 'SIGTERM' };
  }
  if (def.kind === 'prism') {
    const prism = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
    if (!existsSync(prism)) throw new Error('Prism is not installed: npm i -D --save-exact @stoplight/prism-cli@5.14.2');
    return {
      dir,
      // Prism serves one contract at its root.
      prefixFor: (api) => {
        if (api !== def.spec) throw new Error(`${key} serves only ${def.spec}`);
        return '';
      },
      probe: probes[def.api](''),
      command: node,
      args: (port) => [prism, 'mock', `specs/${def.spec}.yaml`, '--port', String(port), '--host', '127.0.0.1', ...def.args],
      stopSignal: 'SIGTERM',
    };
  }
  throw new Error(`unknown server kind ${def.kind}`);
}

/** The running instance of one server definition: started on demand, restarted fresh on request. */
class Host {
  constructor(key, def, prepared, opts) {
    Object.assign(this, { key, def, prepared, opts });
    this.server = null;
    this.launches = 0;
    this.coldStarts = [];
  }

  async start({ quiet = false } = {}) {
    const launchNo = ++this.launches;
    const dataFile = this.prepared.dataFileFor?.(launchNo);
    const port = await freePort();
    const { prepared } = this;
    const server = await startServer({ name: this.key, command: prepared.command, args: prepared.args(port, { dataFile, launchNo }), cwd: APP, env: { ORDERMOCK_CACHE_DIR: this.opts.cacheDir }, port, probe: prepared.probe });
    Object.assign(server, { launchNo, dataFile, warmed: new Set(), patches: 0, loadFromMs: null, loadToMs: null });
    this.server = server;
    this.coldStarts.push(server.coldStartMs);
    if (!quiet) log(`${this.key}: up in ${server.coldStartMs.toFixed(0)} ms (pid ${server.pid}, RSS ${fmt.num(server.rssAtReadyMB, 0)} MB)`);
    return server;
  }

  async stop({ signal = this.prepared.stopSignal } = {}) {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await stopServer(server, { signal });
    if (this.opts.cpuProf && this.def.kind === 'ordermock' && server.loadFromMs !== null) {
      reportProfiles(join(this.opts.cpuProfDir, `${this.key}-${server.launchNo}.cpuprofile`), { fromMs: server.loadFromMs, toMs: server.loadToMs });
    }
    if (server.dataFile) rmSync(dirname(server.dataFile), { recursive: true, force: true });
  }

  async restart() {
    await this.stop();
    return this.start();
  }
}

// -------------------------------------------------------------------------------- scenarios

async function runColdStart(scenario, host, opts) {
  await host.stop();
  const samples = [];
  const rss = [];
  // 'empty': every spawn compiles every validator (a first start); 'warm': they come from the
  // on-disk cache that one unmeasured spawn filled (every later start).
  if (scenario.cache === 'warm') {
    await host.start({ quiet: true });
    await host.stop({ signal: 'SIGKILL' });
  }
  for (let i = 0; i < (scenario.samples ?? 1); i++) {
    if (scenario.cache === 'empty') rmSync(opts.cacheDir, { recursive: true, force: true });
    const server = await host.start({ quiet: true });
    samples.push(server.coldStartMs);
    rss.push(server.rssAtReadyMB);
    await host.stop({ signal: 'SIGKILL' });
  }
  return { coldStartMs: median(samples), samples, rssMB: median(rss), notes: [`samples ${samples.map((s) => s.toFixed(0)).join('/')} ms`] };
}

/**
 * Constant load for `--minutes` on a new instance, in 10 s slices with the RSS after each:
 * memory that grows with time (not with the data the requests store) shows as a rising series.
 */
async function runSoak(scenario, host, opts) {
  const server = await host.restart();
  const { prepared } = host;
  const api = scenario.request.split('.')[0];
  const gen = requests[scenario.request]({ prefix: prepared.prefixFor(api), data: prepared.data });
  let offset = 0;
  const slices = [];
  const sliceS = Math.min(10, opts.minutes * 60);
  const end = performance.now() + opts.minutes * 60_000;
  const meter = cpuMeter(server.pid);
  while (performance.now() < end) {
    const r = await runLoad({ port: server.port, connections: scenario.connections, durationS: sliceS, requestFor: (n) => gen(offset + n) });
    offset += r.responses + scenario.connections;
    if (server.exited()) throw new Error(`${server.name} exited during the soak: ${JSON.stringify(server.exited())}\n${server.stderrTail()}`);
    slices.push({ rps: r.rps, p50: r.p50, p99: r.p99, max: r.max, rssMB: rssMB(server.pid), non2xx: r.non2xx, errors: r.errors + r.timeouts, statuses: r.statuses });
  }
  const cpu = meter.stop();
  const rss = slices.map((x) => x.rssMB);
  // Growth: the last slice against the first (after the first slice the JIT and the heap are warm).
  const growthMB = rss.at(-1) - rss[0];
  // Every PATCH stores a version (state, not a leak): say how much RSS each stored request added.
  const perRequestB = ((rss.at(-1) - rss[0]) * 2 ** 20) / Math.max(1, slices.slice(1).reduce((t, x) => t + x.rps * sliceS, 0));
  const notes = [`${opts.minutes} min, RSS ${rss.map((v) => v.toFixed(0)).join('→')} MB`, `≈${perRequestB.toFixed(0)} B RSS per stored request after the first slice`, `+${(offset / (prepared.data?.ids.length ?? 1)).toFixed(0)} versions/order`];
  if (cpu.others > 0.1) notes.push(`OTHER PROCESSES ${cpu.others.toFixed(2)} cores`);
  return {
    rps: median(slices.map((x) => x.rps)),
    p50: median(slices.map((x) => x.p50)),
    p99: median(slices.map((x) => x.p99)),
    max: Math.max(...slices.map((x) => x.max ?? 0)),
    rssMB: rss.at(-1),
    rssGrowthMB: growthMB,
    rssGrowthPerMinMB: growthMB / Math.max(opts.minutes - sliceS / 60, sliceS / 60),
    non2xx: slices.reduce((t, x) => t + x.non2xx, 0),
    errors: slices.reduce((t, x) => t + x.errors, 0),
    cpu,
    runs: slices,
    notes,
  };
}

async function runLoadScenario(scenario, host, opts) {
  const make = requests[scenario.request];
  if (!make) throw new Error(`unknown request ${scenario.request}`);
  const api = scenario.request.split('.')[0];
  const { prepared } = host;
  const gen = make({ prefix: prepared.prefixFor(api), data: api === host.def.api ? prepared.data : undefined });
  const isPatch = scenario.request.endsWith('.patch');
  // `fresh`: every run on a new instance started from the pristine data file, so runs do not
  // inherit the versions the previous run added (with --cpu-prof: one instance, one profile).
  const fresh = scenario.fresh && !opts.cpuProf;
  let offset = 0;
  const requestFor = (n) => gen(offset + n);
  const load = async (server, durationS) => {
    const r = await runLoad({ port: server.port, connections: scenario.connections, durationS, requestFor });
    offset += r.responses + scenario.connections;
    if (isPatch) server.patches += r.responses;
    if (server.exited()) throw new Error(`${server.name} exited during the run: ${JSON.stringify(server.exited())}\n${server.stderrTail()}`);
    return r;
  };

  const runs = [];
  let warmupNon2xx = 0;
  let server = host.server;
  for (let i = 0; i < opts.runs; i++) {
    if (!server || (fresh && i > 0)) server = await host.restart();
    else if (fresh && i === 0 && server.warmed.size) server = await host.restart();
    if (!server.verified?.has(scenario.request)) {
      // A benchmark of 400s is worthless: the exact request kind must answer 200 first.
      const check = requestFor(0);
      offset++;
      const res = await request(server.port, check);
      if (res.status !== 200) throw new Error(`verification ${check.method} ${check.path} answered ${res.status} (expected 200): ${res.body.slice(0, 400)}`);
      (server.verified ??= new Set()).add(scenario.request);
      if (isPatch) server.patches++;
    }
    if (opts.warmup > 0 && !server.warmed.has(scenario.request)) {
      // JIT warm-up on every new instance, the same for ordermock and the references; not measured.
      const w = await load(server, opts.warmup);
      warmupNon2xx += w.non2xx + w.errors + w.timeouts;
      server.warmed.add(scenario.request);
    }
    server.loadFromMs ??= performance.now() - server.spawnedAt;
    const meter = cpuMeter(server.pid);
    const r = await load(server, opts.duration);
    r.cpu = meter.stop();
    server.loadToMs = performance.now() - server.spawnedAt;
    r.rssMB = rssMB(server.pid);
    if (prepared.data && isPatch) r.versionsPerOrder = server.patches / prepared.data.ids.length;
    runs.push(r);
  }
  const out = {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max ?? 0)),
    // After the last run (fresh scenarios: one run's worth of load on a new instance).
    rssMB: runs.at(-1).rssMB,
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0) + warmupNon2xx,
    errors: runs.reduce((s, r) => s + r.errors + r.timeouts, 0),
    fresh: Boolean(fresh),
    runs,
    notes: [],
  };
  const cpu = runs[0].cpu && { server: median(runs.map((r) => r.cpu.server)), bench: median(runs.map((r) => r.cpu.bench)), others: median(runs.map((r) => r.cpu.others)) };
  if (cpu) {
    out.cpu = cpu;
    out.notes.push(`server ${cpu.server.toFixed(2)} cores`);
    // Anything else busy on the machine skews the figures: say so next to them.
    if (cpu.others > 0.1) out.notes.push(`OTHER PROCESSES ${cpu.others.toFixed(2)} cores`);
  }
  if (prepared.data && isPatch) {
    out.versionsPerOrder = runs.at(-1).versionsPerOrder;
    out.notes.push(`${fresh ? 'fresh store per run, ' : ''}+${out.versionsPerOrder.toFixed(1)} versions/order at the end`);
  }
  const statuses = {};
  for (const r of runs) for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  out.statuses = statuses;
  return out;
}

// -------------------------------------------------------------------------------------- run

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.list) {
    for (const s of scenarios) console.log(`${s.id.padEnd(40)} ${s.label}${s.extra ? ' (extra)' : ''}`);
    return;
  }
  if (opts.compare && opts.to) {
    printComparison(readJson(opts.compare), readJson(opts.to), opts.compare, opts.to);
    return;
  }
  const started = performance.now();
  const loadBefore = os.loadavg();
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`');
  const selected = scenarios.filter((s) => (opts.only ? opts.only.test(s.id) : opts.all || !s.extra));
  if (!selected.length) throw new Error(`no scenario id matches ${opts.only}`);
  const tmp = mkdtempSync(join(os.tmpdir(), 'ordermock-bench-'));
  APP = snapshotApp(tmp);
  // The servers' validator cache: a directory of this run only (its cold starts decide when it is empty).
  opts.cacheDir = join(tmp, 'validator-cache');
  // One fdatasync on the disk the durable servers write to: the floor of a durable request @1c.
  const fdatasync = measureFdatasync(tmp);
  log(`fdatasync of a small append in ${os.tmpdir()}: p50 ${fmt.ms(fdatasync.p50)} ms, p99 ${fmt.ms(fdatasync.p99)} ms (${fdatasync.samples} samples)`);
  if (opts.cpuProf) {
    opts.cpuProfDir ??= join(tmp, 'profiles');
    mkdirSync(opts.cpuProfDir, { recursive: true });
  }
  console.log(
    `ordermock bench: ${selected.length} scenarios, ${opts.runs} run(s) × ${opts.duration} s, node ${process.version}, ${os.cpus().length} cpus` +
      (opts.cpuProf ? `, --cpu-prof → ${opts.cpuProfDir}` : ''),
  );

  // Group by server, in order of first appearance; cold starts first, soaks last on the same server.
  const groups = new Map();
  for (const s of selected) {
    if (!servers[s.server]) throw new Error(`scenario ${s.id}: unknown server ${s.server}`);
    if (!groups.has(s.server)) groups.set(s.server, []);
    groups.get(s.server).push(s);
  }
  const results = new Map();
  const serverInfo = {};
  const cleanup = [];
  const onSignal = () => {
    for (const fn of cleanup) fn();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    for (const [key, group] of groups) {
      const def = servers[key];
      const prepared = await prepareServer(key, def, tmp, opts);
      serverInfo[key] = { kind: def.kind, api: def.api, orders: def.orders ?? null, label: def.label, ...prepared.info };
      if (prepared.info) log(`${key}: data file ${prepared.info.dataFileMB.toFixed(1)} MB generated in ${(prepared.info.dataGenMs / 1000).toFixed(1)} s`);
      const rank = (s) => (s.kind === 'coldstart' ? 0 : s.kind === 'soak' ? 2 : 1);
      group.sort((a, b) => rank(a) - rank(b));
      const host = new Host(key, def, prepared, opts);
      cleanup.push(() => host.server?.child.kill('SIGKILL'));
      try {
        for (const scenario of group) {
          const t = performance.now();
          let result;
          try {
            result =
              scenario.kind === 'coldstart' ? await runColdStart(scenario, host, opts) : scenario.kind === 'soak' ? await runSoak(scenario, host, opts) : await runLoadScenario(scenario, host, opts);
          } catch (err) {
            result = { failed: String(err.message ?? err).split('\n').slice(0, 6).join('\n') };
          }
          results.set(scenario.id, { ...scenario, ...result });
          log(`${scenario.id}: ${summary(results.get(scenario.id))} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
        }
      } finally {
        await host.stop();
        serverInfo[key].launches = host.launches;
        serverInfo[key].coldStartsMs = host.coldStarts;
        rmSync(prepared.dir, { recursive: true, force: true });
      }
    }
  } finally {
    // Keep only the profiles (when they were written inside the temp dir).
    if (opts.cpuProf && opts.cpuProfDir.startsWith(tmp)) rmSync(APP, { recursive: true, force: true });
    else rmSync(tmp, { recursive: true, force: true });
  }

  // Ratios and targets, from figures measured in this run only.
  const rps = (id) => results.get(id)?.rps ?? null;
  for (const r of results.values()) {
    if (r.fdatasync && r.notes) r.notes.unshift(`one fdatasync p50 ${fmt.ms(fdatasync.p50)} ms`);
    r.ratioValues = (r.ratios ?? []).map((q) => ({ ...q, value: rps(r.id) && rps(q.to) ? rps(r.id) / rps(q.to) : null }));
  }
  const targetResults = targets.map((t) => {
    let value = null;
    if (t.ratio) value = rps(t.ratio[0]) && rps(t.ratio[1]) ? rps(t.ratio[0]) / rps(t.ratio[1]) : null;
    else value = results.get(t.scenario)?.[t.metric] ?? null;
    // `max` may depend on the machine (e.g. one fdatasync): a function of the run's measurements.
    const max = typeof t.max === 'function' ? t.max({ fdatasyncMs: fdatasync.p50 }) : t.max;
    const pass = value === null ? null : t.min !== undefined ? value >= t.min : value <= max;
    return { label: t.label, value, limit: t.min ?? max, measuredLimit: typeof t.max === 'function', unit: t.unit ?? '×', pass };
  });
  const totalS = (performance.now() - started) / 1000;

  console.log('');
  printResultsTable([...results.values()]);
  console.log('\nTargets (issue):');
  for (const t of targetResults) {
    const v = t.value === null ? 'not measured' : t.unit === '×' ? fmt.ratio(t.value) : `${fmt.ms(t.value)} ${t.unit}${t.measuredLimit ? ` (limit ${fmt.ms(t.limit)} ${t.unit})` : ''}`;
    console.log(`  ${t.pass === null ? '·   ' : t.pass ? 'PASS' : 'FAIL'}  ${t.label}: ${v}`);
  }
  const busy = [...results.values()].filter((r) => r.cpu?.others > 0.1);
  if (busy.length) console.log(`\nWarning: other processes used > 0.1 core during ${busy.length} scenario(s); those figures are skewed (load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}).`);
  console.log(`\nTotal: ${totalS.toFixed(0)} s (${(totalS / 60).toFixed(1)} min), ${opts.runs} run(s) × ${opts.duration} s per scenario.`);

  const doc = {
    ordermockBench: 1,
    date: new Date().toISOString(),
    machine: { fdatasync, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, totalMemMB: Math.round(os.totalmem() / 2 ** 20), platform: `${os.platform()} ${os.release()}`, node: process.version, loadavgBefore: loadBefore, loadavgAfter: os.loadavg() },
    options: { duration: opts.duration, minutes: opts.minutes, runs: opts.runs, warmup: opts.warmup, quick: opts.quick, only: opts.only?.source ?? null, cpuProf: opts.cpuProf },
    totalSeconds: totalS,
    servers: serverInfo,
    scenarios: [...results.values()].map(({ ratios, ...rest }) => rest),
    targets: targetResults,
  };
  if (opts.save) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const suffix = opts.quick ? '-quick' : '';
    const stamp = doc.date.replace(/[:.]/g, '-');
    const files = [join(RESULTS_DIR, `latest${suffix}.json`), join(RESULTS_DIR, `${stamp}${suffix}.json`)];
    for (const f of files) writeFileSync(f, JSON.stringify(doc, null, 2) + '\n');
    console.log(`Results: ${files.map((f) => f.replace(ROOT, '')).join(', ')}`);
  }
  if (opts.compare) printComparison(readJson(opts.compare), doc, opts.compare, 'this run');
  if ([...results.values()].some((r) => r.failed || r.non2xx || r.errors)) process.exitCode = 1;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function log(message) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
