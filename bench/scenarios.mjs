// Everything the benchmark measures, in one place: the servers, the requests, the scenarios
// (run in this order, grouped by server), the ratios printed beside them and the targets.
// Adding a scenario (namespaces, faults...) = one entry in `scenarios` (+ a request or server).
import { firstQuantityItem, readSeed } from './lib/data.mjs';

// ----------------------------------------------------------------------------------- requests
// Each request kind is `(target) => (n) => {method, path, headers, body}`; `target.prefix` is
// '/<api>' (ordermock, express, pipeline) or '' (Prism serves one spec at its root), and
// `target.data` the generated orders (ordermock only; references get the fixture ids).

const cutmakeFixtureIds = () => Object.keys(readSeed('cutmake').orders);
const recercFixtures = () => {
  const orders = Object.values(readSeed('recerc').orders).filter((o) => !['accepted', 'cancelled'].includes(o.status) && firstQuantityItem(o));
  return { ids: orders.map((o) => o.id), templates: orders, templateOf: orders.map((_, i) => i) };
};

const json = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

export const requests = {
  /** A valid partial update on any status: notes + changeDescription, admin token; walks all orders. */
  'cutmake.patch': ({ prefix, data }) => {
    const ids = data?.ids ?? cutmakeFixtureIds();
    const headers = json('cm-admin-token');
    return (n) => ({
      method: 'PATCH',
      path: `${prefix}/api/v1/orders/${ids[n % ids.length]}`,
      headers,
      body: JSON.stringify({ notes: `bench note ${n}`, changeDescription: `bench update ${n}` }),
    });
  },
  /** GET of one order (always the same one). */
  'cutmake.get': ({ prefix, data }) => {
    const id = (data?.ids ?? cutmakeFixtureIds())[0];
    const req = { method: 'GET', path: `${prefix}/api/v1/orders/${id}`, headers: { authorization: 'Bearer cm-admin-token' } };
    return () => req;
  },
  /** A valid mutation: quantity change of the first product/custom item, with a sessionId; walks all orders. */
  'recerc.patch': ({ prefix, data }) => {
    const { ids, templates, templateOf } = data ?? recercFixtures();
    const itemIds = templates.map((t) => firstQuantityItem(t).id);
    const headers = json('rk_live_demo_key');
    return (n) => {
      const i = n % ids.length;
      return {
        method: 'PATCH',
        path: `${prefix}/api/unstable/orders/${ids[i]}`,
        headers,
        body: JSON.stringify({ id: ids[i], sessionId: `sess_bench_${n % 997}`, updatedItems: [{ id: itemIds[templateOf[i]], quantity: 1 + (n % 50) }] }),
      };
    };
  },
  'recerc.get': ({ prefix, data }) => {
    const id = (data ?? recercFixtures()).ids[0];
    const req = { method: 'GET', path: `${prefix}/api/unstable/orders/${id}`, headers: { authorization: 'Bearer rk_live_demo_key' } };
    return () => req;
  },
};

/** How to tell a server is up: a GET of a fixture order that must answer 200. */
export const probes = {
  cutmake: (prefix) => ({ path: `${prefix}/api/v1/orders/SO-DOC-1001`, headers: { authorization: 'Bearer cm-admin-token' } }),
  recerc: (prefix) => ({ path: `${prefix}/api/unstable/orders/ord_1001`, headers: { authorization: 'Bearer rk_live_demo_key' } }),
};

// ------------------------------------------------------------------------------------ servers
// kind: ordermock (bin/ordermock.js serve on a generated data file), express (reference a),
// prism (b: default logging, c: logging off), pipeline (ordermock's pipeline, stateless).

export const servers = {
  'om-cutmake-1k': { kind: 'ordermock', api: 'cutmake', orders: 1_000, label: 'ordermock' },
  // `--data :memory:` (nothing written, nothing fsync'd), started from a seed dir with the same 1k orders.
  'om-cutmake-1k-mem': { kind: 'ordermock', api: 'cutmake', orders: 1_000, memory: true, label: 'ordermock --data :memory:' },
  'om-recerc-1k': { kind: 'ordermock', api: 'recerc', orders: 1_000, label: 'ordermock' },
  'om-cutmake-10k': { kind: 'ordermock', api: 'cutmake', orders: 10_000, label: 'ordermock' },
  'om-cutmake-100k': { kind: 'ordermock', api: 'cutmake', orders: 100_000, label: 'ordermock' },
  'om-recerc-100k': { kind: 'ordermock', api: 'recerc', orders: 100_000, label: 'ordermock' },
  'ref-express': { kind: 'express', api: 'cutmake', label: 'express+validation' },
  'ref-pipeline': { kind: 'pipeline', api: 'cutmake', label: 'ordermock pipeline, stateless' },
  // Prism's default is `--verboseLevel info`: one log line per request, plus its pretty printer.
  'ref-prism-default': { kind: 'prism', api: 'cutmake', spec: 'cutmake', args: [], label: 'Prism 5.14.2 default logging' },
  // `-v silent` turns the logger off (`--errors` is about violation handling, `-m` only forks the logger).
  'ref-prism-silent': { kind: 'prism', api: 'cutmake', spec: 'cutmake', args: ['--verboseLevel', 'silent'], label: 'Prism 5.14.2 logging off' },
};

// ---------------------------------------------------------------------------------- scenarios
// kind 'load': autocannon against `server` with `request` at `connections`, median of N runs;
// fresh: true = each run on a new server instance started from the pristine data file.
// fdatasync: true = the measured cost of one fdatasync is printed beside the figures.
// kind 'coldstart': spawn → first 200 on a GET, median of `samples` spawns (server killed after each).
// ratios: req/s of this scenario divided by req/s of another scenario measured in the same run.
// extra: true = only with --all, or when --only names it.

const load = (id, label, server, request, connections, ratios = [], more = {}) => ({ id, kind: 'load', label, server, request, connections, ratios, ...more });
// Every PATCH adds a version to its order, and each PATCH costs more on a bigger order. On the
// small stores one run adds ~10-15 versions per order: each run starts on a new instance from the
// pristine data file, so the three runs measure the same thing (100k: < 1 version per order).
const fresh = { fresh: true };

export const scenarios = [
  // First start: an empty validator cache (every validator compiled). Second start: the cache
  // one earlier start wrote (what every start after the first on a machine or CI cache sees).
  { id: 'om-coldstart-first-1k', kind: 'coldstart', label: 'ordermock first start, empty validator cache, 5 APIs, 1k orders', server: 'om-cutmake-1k', samples: 3, cache: 'empty' },
  { id: 'om-coldstart-1k', kind: 'coldstart', label: 'ordermock cold start, 5 APIs, 1k orders (spawn → first 200; validator cache warm)', server: 'om-cutmake-1k', samples: 3, cache: 'warm' },
  load('om-cutmake-get-1k-c50', 'ordermock GET cutmake 1k @50c', 'om-cutmake-1k', 'cutmake.get', 50),
  load('om-cutmake-patch-1k-c50', 'ordermock PATCH cutmake 1k @50c', 'om-cutmake-1k', 'cutmake.patch', 50, [
    { to: 'ref-express-cutmake-patch-c50', label: 'express+val @50c' },
    { to: 'ref-prism-default-cutmake-patch-c50', label: 'Prism default @50c' },
    { to: 'ref-prism-silent-cutmake-patch-c50', label: 'Prism silent @50c' },
    { to: 'ref-pipeline-cutmake-patch-c50', label: 'stateless pipeline @50c' },
  ], fresh),
  load('om-cutmake-patch-1k-c1', 'ordermock PATCH cutmake 1k @1c', 'om-cutmake-1k', 'cutmake.patch', 1, [
    { to: 'ref-express-cutmake-patch-c1', label: 'express+val @1c' },
  ], { ...fresh, fdatasync: true }),
  load('om-cutmake-patch-1k-mem-c1', 'ordermock --data :memory: PATCH cutmake 1k @1c', 'om-cutmake-1k-mem', 'cutmake.patch', 1, [
    { to: 'ref-express-cutmake-patch-c1', label: 'express+val @1c' },
    { to: 'om-cutmake-patch-1k-c1', label: 'durable @1c' },
  ], fresh),
  load('om-recerc-patch-1k-c50', 'ordermock PATCH recerc 1k @50c', 'om-recerc-1k', 'recerc.patch', 50, [
    { to: 'ref-express-recerc-patch-c50', label: 'express+val recerc @50c' },
    { to: 'ref-pipeline-recerc-patch-c50', label: 'stateless pipeline recerc @50c' },
  ], fresh),
  load('om-recerc-patch-1k-c1', 'ordermock PATCH recerc 1k @1c', 'om-recerc-1k', 'recerc.patch', 1, [], { ...fresh, fdatasync: true }),
  load('om-cutmake-patch-10k-c50', 'ordermock PATCH cutmake 10k @50c', 'om-cutmake-10k', 'cutmake.patch', 50, [
    { to: 'om-cutmake-patch-1k-c50', label: '1k @50c' },
  ], fresh),
  {
    ...load('om-cutmake-get-100k-c50', 'ordermock GET cutmake 100k @50c', 'om-cutmake-100k', 'cutmake.get', 50, [{ to: 'om-cutmake-get-1k-c50', label: 'GET 1k @50c' }]),
    extra: true, // reads are Map lookups; kept out of the default run to stay under 10 minutes
  },
  load('om-cutmake-patch-100k-c50', 'ordermock PATCH cutmake 100k @50c', 'om-cutmake-100k', 'cutmake.patch', 50, [
    { to: 'om-cutmake-patch-1k-c50', label: '1k @50c' },
  ]),
  load('om-recerc-patch-100k-c50', 'ordermock PATCH recerc 100k @50c', 'om-recerc-100k', 'recerc.patch', 50, [
    { to: 'om-recerc-patch-1k-c50', label: 'recerc 1k @50c' },
  ]),
  // Constant load on one instance for --minutes (default 1), RSS after every 10 s slice.
  { id: 'om-cutmake-soak-1k-c10', kind: 'soak', label: 'ordermock PATCH cutmake 1k @10c, constant load (--minutes)', server: 'om-cutmake-1k', request: 'cutmake.patch', connections: 10, ratios: [] },
  load('ref-express-cutmake-patch-c50', 'ref express+validation PATCH cutmake @50c', 'ref-express', 'cutmake.patch', 50),
  load('ref-express-cutmake-patch-c1', 'ref express+validation PATCH cutmake @1c', 'ref-express', 'cutmake.patch', 1),
  load('ref-express-recerc-patch-c50', 'ref express+validation PATCH recerc @50c', 'ref-express', 'recerc.patch', 50),
  load('ref-pipeline-cutmake-patch-c50', 'ref ordermock pipeline stateless PATCH cutmake @50c', 'ref-pipeline', 'cutmake.patch', 50),
  load('ref-pipeline-recerc-patch-c50', 'ref ordermock pipeline stateless PATCH recerc @50c', 'ref-pipeline', 'recerc.patch', 50),
  load('ref-prism-default-cutmake-patch-c50', 'ref Prism default logging PATCH cutmake @50c', 'ref-prism-default', 'cutmake.patch', 50),
  load('ref-prism-silent-cutmake-patch-c50', 'ref Prism logging off PATCH cutmake @50c', 'ref-prism-silent', 'cutmake.patch', 50),
];

// ------------------------------------------------------------------------------------ targets
// From the issue. `ratio`: rps(a) / rps(b) >= min. `max`: a scenario's metric <= max.

export const targets = [
  { label: 'cold start (second start, validator cache warm) ≤ 0.5 s', scenario: 'om-coldstart-1k', metric: 'coldStartMs', max: 500, unit: 'ms' },
  { label: 'durable PATCH cutmake 1k @50c ≥ 0.9× express+validation @50c', ratio: ['om-cutmake-patch-1k-c50', 'ref-express-cutmake-patch-c50'], min: 0.9 },
  { label: 'durable PATCH cutmake 1k @50c ≥ 0.75× stateless pipeline @50c', ratio: ['om-cutmake-patch-1k-c50', 'ref-pipeline-cutmake-patch-c50'], min: 0.75 },
  { label: 'durable PATCH cutmake 1k @50c p99 ≤ 40 ms', scenario: 'om-cutmake-patch-1k-c50', metric: 'p99', max: 40, unit: 'ms' },
  { label: 'durable PATCH recerc 1k @50c ≥ 0.9× express+validation recerc @50c', ratio: ['om-recerc-patch-1k-c50', 'ref-express-recerc-patch-c50'], min: 0.9 },
  { label: 'durable PATCH recerc 1k @50c ≥ 0.75× stateless pipeline recerc @50c', ratio: ['om-recerc-patch-1k-c50', 'ref-pipeline-recerc-patch-c50'], min: 0.75 },
  { label: 'durable PATCH recerc 1k @50c p99 ≤ 40 ms', scenario: 'om-recerc-patch-1k-c50', metric: 'p99', max: 40, unit: 'ms' },
  { label: ':memory: PATCH cutmake 1k @1c ≥ 0.6× express+validation @1c', ratio: ['om-cutmake-patch-1k-mem-c1', 'ref-express-cutmake-patch-c1'], min: 0.6 },
  { label: 'durable PATCH cutmake 1k @1c p50 ≤ one fdatasync (measured) + 0.5 ms', scenario: 'om-cutmake-patch-1k-c1', metric: 'p50', max: ({ fdatasyncMs }) => fdatasyncMs + 0.5, unit: 'ms' },
  { label: 'RSS after the 1k PATCH @50c run ≤ 150 MB', scenario: 'om-cutmake-patch-1k-c50', metric: 'rssMB', max: 150, unit: 'MB' },
  { label: 'RSS with 100,000 orders (after the 100k PATCH run) ≤ 450 MB', scenario: 'om-cutmake-patch-100k-c50', metric: 'rssMB', max: 450, unit: 'MB' },
  { label: 'RSS growth over the constant-load run ≤ 10 MB/min', scenario: 'om-cutmake-soak-1k-c10', metric: 'rssGrowthPerMinMB', max: 10, unit: 'MB' },
  { label: 'PATCH cutmake 100k @50c ≥ 0.9× PATCH 1k @50c', ratio: ['om-cutmake-patch-100k-c50', 'om-cutmake-patch-1k-c50'], min: 0.9 },
  { label: 'PATCH cutmake 100k @50c p99 ≤ 40 ms', scenario: 'om-cutmake-patch-100k-c50', metric: 'p99', max: 40, unit: 'ms' },
  // Kept from round one.
  { label: 'PATCH 1k @50c ≥ 2× Prism default logging @50c', ratio: ['om-cutmake-patch-1k-c50', 'ref-prism-default-cutmake-patch-c50'], min: 2 },
];
