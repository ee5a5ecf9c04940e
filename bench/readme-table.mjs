#!/usr/bin/env node
// The README's Performance tables from a results file: node bench/readme-table.mjs <results.json> [<baseline.json>]
import { readFileSync } from 'node:fs';
import { fmt } from './lib/report.mjs';

const [file, baselineFile] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/readme-table.mjs <results.json> [<baseline.json>]');
  process.exit(2);
}
const doc = JSON.parse(readFileSync(file, 'utf8'));
const row = (cells) => `| ${cells.join(' | ')} |`;
const notesOf = (s) => [...(s.ratioValues ?? []).map((q) => `${fmt.ratio(q.value)} ${q.label}`), ...(s.notes ?? [])].join('; ');

console.log(row(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'RSS MB', 'errors/non-2xx', 'ratio (req/s, same run) / notes']));
console.log(row(Array(8).fill('---')));
for (const s of doc.scenarios) {
  if (s.failed) console.log(row([s.label, '—', '—', '—', '—', '—', 'FAILED', s.failed.split('\n')[0]]));
  else if (s.kind === 'coldstart') console.log(row([s.label, '—', '—', '—', '—', fmt.num(s.rssMB, 0), '—', `**${fmt.num(s.coldStartMs, 0)} ms** (${s.notes.join(', ')})`]));
  else console.log(row([s.label, fmt.num(s.rps, 0), fmt.ms(s.p50), fmt.ms(s.p99), fmt.ms(s.max), fmt.num(s.rssMB, 0), `${s.errors}/${s.non2xx}`, notesOf(s)]));
}
console.log(`\nTargets (issue 13), measured in that run (one fdatasync here: p50 ${fmt.ms(doc.machine.fdatasync?.p50)} ms):\n`);
for (const t of doc.targets) {
  const v = t.value === null ? 'not measured' : t.unit === '×' ? fmt.ratio(t.value) : `${fmt.ms(t.value)} ${t.unit}${t.measuredLimit ? ` (limit ${fmt.ms(t.limit)} ${t.unit})` : ''}`;
  console.log(`- **${t.pass === null ? 'not measured' : t.pass ? 'met' : 'missed'}** ${t.label}: ${v}`);
}
if (baselineFile) {
  const before = JSON.parse(readFileSync(baselineFile, 'utf8'));
  const old = new Map(before.scenarios.map((s) => [s.id, s]));
  const pct = (a, b) => (a == null || b == null || !b ? '' : ` (${fmt.pct(((a - b) / b) * 100)})`);
  console.log(`\nChanged since the previous table (${before.date.slice(0, 10)} → ${doc.date.slice(0, 10)}; \`--compare bench/baseline.json\`):\n`);
  console.log(row(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB / cold start']));
  console.log(row(Array(5).fill('---')));
  for (const s of doc.scenarios) {
    const o = old.get(s.id);
    if (!o) console.log(row([s.label, 'new', '', '', '']));
    else if (s.kind === 'coldstart') console.log(row([s.label, '', '', '', `${fmt.num(o.coldStartMs, 0)} → ${fmt.num(s.coldStartMs, 0)} ms${pct(s.coldStartMs, o.coldStartMs)}`]));
    else console.log(row([s.label, `${fmt.num(o.rps, 0)} → ${fmt.num(s.rps, 0)}${pct(s.rps, o.rps)}`, `${fmt.ms(o.p50)} → ${fmt.ms(s.p50)}`, `${fmt.ms(o.p99)} → ${fmt.ms(s.p99)}`, `${fmt.num(o.rssMB, 0)} → ${fmt.num(s.rssMB, 0)}`]));
  }
}
