import type { LoadedApi } from '../../core/contract/build-backend.js';
import type { JournalEntry } from '../../core/journal/journal.js';
import type { CaseResult } from '../shared/ci-report.js';

/**
 * The journal as CI test cases, one per operation × documented status: passed when exercised with
 * no contract violation, failed when any recorded exchange broke the contract, skipped when never
 * exercised. Violations at undeclared statuses and on unrouted requests get cases of their own.
 */
export function contractCases(apis: LoadedApi[], entries: JournalEntry[]): CaseResult[] {
  const cases: CaseResult[] = [];
  for (const api of apis) {
    const mine = entries.filter((e) => e.api === api.name);
    const claimed = new Set<JournalEntry>();
    for (const operation of api.operations.values()) {
      const operationId = operation.operationId as string;
      for (const status of Object.keys(operation.responses ?? {}).filter((s) => s !== 'default')) {
        const hits = mine.filter((e) => e.operationId === operationId && (/X/i.test(status) ? String(e.response.status)[0] === status[0] : String(e.response.status) === status));
        hits.forEach((e) => claimed.add(e));
        cases.push(toCase(api.name, `${operationId} ${status}`, hits));
      }
    }
    // Exchanges no documented status claims (a `default` answer, an undeclared status, an unrouted request).
    const rest = new Map<string, JournalEntry[]>();
    for (const e of mine.filter((x) => !claimed.has(x) && x.violations.length)) {
      const name = `${e.operationId ?? '(unrouted)'} ${e.response.status}`;
      rest.set(name, [...(rest.get(name) ?? []), e]);
    }
    for (const [name, hits] of rest) cases.push(toCase(api.name, name, hits));
  }
  return cases;
}

function toCase(suite: string, name: string, hits: JournalEntry[]): CaseResult {
  if (!hits.length) return { suite, name, status: 'skipped', message: 'not exercised by the recorded traffic' };
  const broken = hits.filter((e) => e.violations.length);
  const durationMs = hits.reduce((n, e) => n + (e.durationMs ?? 0), 0);
  if (!broken.length) return { suite, name, status: 'passed', durationMs };
  const details = broken.flatMap((e) => e.violations.map((v) => `${e.method} ${e.path}: ${v.location} ${v.message}${v.value === undefined ? '' : ` (got ${JSON.stringify(v.value)})`}`));
  return { suite, name, status: 'failed', message: `${broken.length} of ${hits.length} exchange(s) broke the contract`, details: [...new Set(details)], durationMs };
}
