// Printing a run: the results table, one-line summaries, comparisons with an earlier run, profiles.
import { existsSync } from 'node:fs';
import { summarizeByArea, summarizeProfile } from './profile.mjs';

export const fmt = {
  num: (v, digits = 0) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })),
  ms: (v) => (v === null || v === undefined ? '—' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)),
  ratio: (v) => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`),
  pct: (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`),
};

export function printTable(columns, rows) {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((cell, i) => (columns[i].right ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]))).join(' | ');
  console.log(line(columns.map((c) => c.title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

export function summary(r) {
  if (r.failed) return `FAILED: ${r.failed}`;
  if (r.kind === 'coldstart') return `cold start ${fmt.num(r.coldStartMs, 0)} ms (${r.notes.join(', ')})`;
  return `${fmt.num(r.rps, 0)} req/s, p50 ${fmt.ms(r.p50)} ms, p99 ${fmt.ms(r.p99)} ms, max ${fmt.ms(r.max)} ms, RSS ${fmt.num(r.rssMB, 0)} MB, non-2xx ${r.non2xx}, errors ${r.errors} [runs: ${r.runs.map((x) => fmt.num(x.rps, 0)).join(' / ')} req/s]`;
}

export function printResultsTable(rows) {
  const columns = [
    { title: 'scenario' },
    { title: 'req/s', right: true },
    { title: 'p50 ms', right: true },
    { title: 'p99 ms', right: true },
    { title: 'max ms', right: true },
    { title: 'RSS MB', right: true },
    { title: 'errors/non-2xx', right: true },
    { title: 'ratio (req/s, same run) / notes' },
  ];
  printTable(
    columns,
    rows.map((r) => {
      if (r.failed) return [r.label, '—', '—', '—', '—', '—', 'FAILED', r.failed.split('\n')[0].slice(0, 140)];
      if (r.kind === 'coldstart') return [r.label, '—', '—', '—', '—', fmt.num(r.rssMB, 0), '—', `${fmt.num(r.coldStartMs, 0)} ms (${r.notes.join(', ')})`];
      const ratios = r.ratioValues.map((q) => `${fmt.ratio(q.value)} ${q.label}`);
      return [r.label, fmt.num(r.rps, 0), fmt.ms(r.p50), fmt.ms(r.p99), fmt.ms(r.max), fmt.num(r.rssMB, 0), `${r.errors}/${r.non2xx}`, [...ratios, ...r.notes].join('; ')];
    }),
  );
}

export function printComparison(before, after, beforeName, afterName) {
  console.log(`\nCompared with ${beforeName} (${before.date}, node ${before.machine?.node}, ${before.machine?.cpus} cpus) → ${afterName} (${after.date}):`);
  if (before.machine?.cpus !== after.machine?.cpus || before.machine?.node !== after.machine?.node) console.log('  note: different machine or node version');
  const old = new Map(before.scenarios.map((s) => [s.id, s]));
  const delta = (a, b) => (a === null || a === undefined || b === null || b === undefined || b === 0 ? null : ((a - b) / b) * 100);
  const rows = [];
  for (const s of after.scenarios) {
    const o = old.get(s.id);
    if (!o) {
      rows.push([s.label ?? s.id, 'new', '', '', '', '']);
      continue;
    }
    if (s.kind === 'coldstart') {
      rows.push([s.label, '', '', '', '', `${fmt.num(o.coldStartMs, 0)} → ${fmt.num(s.coldStartMs, 0)} ms (${fmt.pct(delta(s.coldStartMs, o.coldStartMs))})`]);
      continue;
    }
    rows.push([
      s.label,
      `${fmt.num(o.rps, 0)} → ${fmt.num(s.rps, 0)} (${fmt.pct(delta(s.rps, o.rps))})`,
      `${fmt.ms(o.p50)} → ${fmt.ms(s.p50)} (${fmt.pct(delta(s.p50, o.p50))})`,
      `${fmt.ms(o.p99)} → ${fmt.ms(s.p99)} (${fmt.pct(delta(s.p99, o.p99))})`,
      `${fmt.num(o.rssMB, 0)} → ${fmt.num(s.rssMB, 0)}`,
      `${o.errors ?? 0}/${o.non2xx ?? 0} → ${s.errors ?? 0}/${s.non2xx ?? 0}`,
    ]);
  }
  for (const o of before.scenarios) if (!after.scenarios.some((s) => s.id === o.id)) rows.push([o.label ?? o.id, 'not run', '', '', '', '']);
  printTable([{ title: 'scenario' }, { title: 'req/s' }, { title: 'p50 ms' }, { title: 'p99 ms' }, { title: 'RSS MB' }, { title: 'errors/non-2xx (or cold start)' }], rows);
}

export function reportProfiles(file, window) {
  if (!existsSync(file)) return console.log(`(no profile written at ${file})`);
  const { totalMs, rows } = summarizeProfile(file, 15, window);
  console.log(`\nCPU profile ${file}, load phase only (${(window.fromMs / 1000).toFixed(1)}-${(window.toMs / 1000).toFixed(1)} s after spawn, ${(totalMs / 1000).toFixed(1)} s sampled), top self time:`);
  for (const r of rows) console.log(`  ${r.selfMs.toFixed(0).padStart(7)} ms ${r.pct.toFixed(1).padStart(5)}%  ${r.fn}`);
  console.log('  by area:');
  for (const r of summarizeByArea(file, window).slice(0, 12)) console.log(`  ${r.selfMs.toFixed(0).padStart(7)} ms ${r.pct.toFixed(1).padStart(5)}%  ${r.area}`);
}
