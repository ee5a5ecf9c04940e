// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, highest first.
import { readFileSync } from 'node:fs';

// `window` ({fromMs, toMs} after the profile started) keeps only the samples of that span, e.g.
// the load phase without start-up (schema compilation) and shutdown (final compaction).
function samplesIn(profile, window) {
  const out = [];
  let t = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (!window || (t >= window.fromMs * 1000 && t <= window.toMs * 1000)) out.push([id, dt]);
  });
  return out;
}

export function summarizeProfile(file, top = 20, window) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // samples[i] was taken timeDeltas[i] µs after the previous one: charge each delta to its node.
  for (const [id, dt] of samplesIn(profile, window)) selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const where = callFrame.url ? `${shorten(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: totalUs / 1000, rows: rows.map(([fn, us]) => ({ fn, selfMs: us / 1000, pct: (100 * us) / totalUs })) };
}

/** Self time grouped by package / area (node_modules/<pkg>, dist/<dir>, node internals, GC...). */
export function summarizeByArea(file, window) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map();
  let total = 0;
  for (const [id, us] of samplesIn(profile, window)) {
    total += us;
    const area = areaOf(byId.get(id).callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  return [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: us / 1000, pct: (100 * us) / total }));
}

function areaOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const dist = /\/dist\/(.+?)\/[^/]+$/.exec(url) ?? /\/dist\/([^/]+)$/.exec(url);
  if (dist) return `dist/${dist[1]}`;
  if (url.startsWith('node:')) return url.replace(/^node:internal\/([^/]+).*/, 'node:internal/$1');
  return shorten(url);
}

function shorten(url) {
  return url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(dist|bench)\//, '$1/');
}
