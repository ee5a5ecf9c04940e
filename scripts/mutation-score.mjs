#!/usr/bin/env node
// `npm run mutate:score [report.json]`: the mutation score per folder and overall, from Stryker's
// JSON report (by default the one `npm run mutate` and `mutate:scope` write). Detected mutants
// (killed or timed out) over all valid ones; survivors and mutants no test covers count against.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const tally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0 });
const KEYS = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' };
const folders = new Map();
const all = tally();
for (const [path, file] of Object.entries(report.files)) {
  const folder = path.replace(/^.*?(src\/)/, 'src/').replace(/\/[^/]+$/, '/');
  const t = folders.get(folder) ?? folders.set(folder, tally()).get(folder);
  for (const { status } of file.mutants) for (const into of [t, all]) into[KEYS[status] ?? 'ignored']++;
}
const score = (t) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return valid ? `${((100 * detected) / valid).toFixed(2)}%` : 'n/a';
};
console.log('| folder | mutants | killed | timeout | survived | no coverage | score |\n| --- | --- | --- | --- | --- | --- | --- |');
const row = (name, t) => console.log(`| ${name} | ${t.killed + t.timeout + t.survived + t.noCoverage} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${score(t)} |`);
for (const [folder, t] of [...folders].sort()) row(`\`${folder}\``, t);
row('**all**', all);
