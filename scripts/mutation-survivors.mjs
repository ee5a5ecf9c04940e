#!/usr/bin/env node
// `npm run mutate:survivors [report.json] [path-filter]`: every mutant that survived or that no
// test covers, per file, with its line, mutator and the code as mutated: the list to give a
// verdict on (a test that kills it, or the reason it is equivalent or accepted).
import { readFileSync } from 'node:fs';

const [reportFile = 'reports/mutation/mutation.json', filter = ''] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
let total = 0;
for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const rel = path.replace(/^.*?(src\/)/, 'src/');
  if (!rel.includes(filter)) continue;
  const left = file.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  if (!left.length) continue;
  const lines = file.source.split('\n');
  console.log(`\n## ${rel} (${left.length})`);
  for (const m of left.sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
    const { start, end } = m.location;
    const original = start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : `${lines[start.line - 1].slice(start.column - 1)} …`;
    const shorten = (s) => (s.length > 100 ? `${s.slice(0, 97)}...` : s).replace(/\s+/g, ' ');
    console.log(`${m.id}\t${start.line}:${start.column}\t${m.status === 'NoCoverage' ? 'no coverage' : 'survived'}\t${m.mutatorName}\t${shorten(original)} → ${shorten(m.replacement ?? '')}`);
    total++;
  }
}
console.log(`\n${total} mutant(s) left`);
