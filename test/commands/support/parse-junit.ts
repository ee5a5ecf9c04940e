export interface JunitCase {
  classname: string;
  name: string;
  skipped: boolean;
  /** The failure's message and text, when it failed. */
  failure?: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => unescape(new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '');

/** Reads the JUnit XML the commands write (a strict subset: testsuites > testsuite > testcase). */
export function parseJunit(xml: string): { tests: number; failures: number; skipped: number; cases: JunitCase[] } {
  if (!xml.startsWith('<?xml')) throw new Error(`not XML: ${xml.slice(0, 80)}`);
  const root = /<testsuites\b[^>]*>/.exec(xml)?.[0];
  if (!root || !xml.trimEnd().endsWith('</testsuites>')) throw new Error('no <testsuites> root');
  const cases = [...xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const inner = m[3] ?? '';
    const failure = /<failure\b([^>]*)>([\s\S]*?)<\/failure>/.exec(inner);
    return {
      classname: attr(m[1], 'classname'),
      name: attr(m[1], 'name'),
      skipped: /<skipped\b/.test(inner),
      ...(failure ? { failure: `${attr(failure[1], 'message')}\n${unescape(failure[2])}` } : {}),
    };
  });
  return { tests: Number(attr(root, 'tests')), failures: Number(attr(root, 'failures')), skipped: Number(attr(root, 'skipped')), cases };
}
