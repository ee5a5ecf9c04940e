/** One check as CI dashboards show it: a test case in a suite (one suite per API). */
export interface CaseResult {
  suite: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** One line: why it failed or was skipped. */
  message?: string;
  /** Every problem, one per line. */
  details?: string[];
  durationMs?: number;
}

const xml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML (the Ant/Surefire dialect every CI server reads): `<testsuites>` → `<testsuite>` per suite. */
export function toJunit(tool: string, cases: CaseResult[]): string {
  const suites = [...new Set(cases.map((c) => c.suite))];
  const count = (list: CaseResult[], status: CaseResult['status']) => list.filter((c) => c.status === status).length;
  const seconds = (list: CaseResult[]) => (list.reduce((n, c) => n + (c.durationMs ?? 0), 0) / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(tool)}" tests="${cases.length}" failures="${count(cases, 'failed')}" errors="0" skipped="${count(cases, 'skipped')}" time="${seconds(cases)}">`,
  ];
  for (const suite of suites) {
    const list = cases.filter((c) => c.suite === suite);
    lines.push(`  <testsuite name="${xml(suite)}" tests="${list.length}" failures="${count(list, 'failed')}" errors="0" skipped="${count(list, 'skipped')}" time="${seconds(list)}">`);
    for (const c of list) {
      const open = `    <testcase classname="${xml(`${tool}.${suite}`)}" name="${xml(c.name)}" time="${((c.durationMs ?? 0) / 1000).toFixed(3)}"`;
      if (c.status === 'passed') lines.push(`${open}/>`);
      else if (c.status === 'skipped') lines.push(`${open}>`, `      <skipped message="${xml(c.message ?? '')}"/>`, '    </testcase>');
      else lines.push(`${open}>`, `      <failure message="${xml(c.message ?? 'failed')}">${xml((c.details ?? []).join('\n'))}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** CTRF JSON (Common Test Report Format, https://ctrf.io): `results.tool`, `results.summary`, `results.tests`. */
export function toCtrf(tool: string, cases: CaseResult[], started: number, stopped: number, extra: Record<string, unknown> = {}): string {
  const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
  const report = {
    results: {
      tool: { name: tool },
      summary: { tests: cases.length, passed: count('passed'), failed: count('failed'), pending: 0, skipped: count('skipped'), other: 0, start: started, stop: stopped },
      tests: cases.map((c) => ({
        name: `${c.suite} ${c.name}`,
        status: c.status,
        duration: Math.round(c.durationMs ?? 0),
        suite: c.suite,
        ...(c.message ? { message: c.message } : {}),
        ...(c.details?.length ? { trace: c.details.join('\n') } : {}),
      })),
      extra,
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
