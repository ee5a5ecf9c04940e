import { CATEGORIES, type ApiCoverage, type Tally } from './measure-coverage.js';

const cell = (t: Tally) => (t.total ? `${t.covered}/${t.total} ${t.percent}%` : '—');

/** The terminal table: one row per API, one column per category, then what was not exercised. */
export function renderCoverageTable(apis: ApiCoverage[], total: Tally, entries: number, listMissing = 12): string {
  const header = ['API', ...CATEGORIES, 'total'];
  const rows = apis.map((a) => [a.api, ...CATEGORIES.map((c) => cell(a.categories[c])), cell(a.total)]);
  rows.push(['all', ...CATEGORIES.map(() => ''), cell(total)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  const out = [`ordermock coverage: ${entries} journal entries`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const a of apis) {
    const missing = a.items.filter((i) => i.hits === 0);
    if (!missing.length) continue;
    out.push('', `${a.api}: not exercised (${missing.length})`);
    for (const c of CATEGORIES) {
      const names = missing.filter((i) => i.category === c).map((i) => i.name);
      if (!names.length) continue;
      const shown = names.slice(0, listMissing).join(', ');
      out.push(`  ${c}: ${shown}${names.length > listMissing ? `, … ${names.length - listMissing} more` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
