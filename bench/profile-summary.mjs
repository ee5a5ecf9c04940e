// node bench/profile-summary.mjs <file.cpuprofile> [top] [fromMs toMs]: top self-time functions and
// areas, optionally only between fromMs and toMs after the profile started.
import { summarizeByArea, summarizeProfile } from './lib/profile.mjs';

const [file, top = '25', from, to] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top] [fromMs toMs]');
  process.exit(2);
}
const window = from !== undefined ? { fromMs: Number(from), toMs: to === undefined ? Infinity : Number(to) } : undefined;
const { totalMs, rows } = summarizeProfile(file, Number(top), window);
console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled\n\nself ms   self %  function`);
for (const r of rows) console.log(`${r.selfMs.toFixed(0).padStart(7)}  ${r.pct.toFixed(1).padStart(6)}%  ${r.fn}`);
console.log('\nself ms   self %  area');
for (const r of summarizeByArea(file, window).slice(0, 20)) console.log(`${r.selfMs.toFixed(0).padStart(7)}  ${r.pct.toFixed(1).padStart(6)}%  ${r.area}`);
