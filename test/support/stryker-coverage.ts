import { afterAll, inject } from 'vitest';

// Only in Stryker runs (vitest.stryker.config.ts). @stryker-mutator/vitest-runner 9.3 hands its
// per-test coverage and hit counts to the file's `meta` through `afterAll((suite) => …)`, but
// since vitest 4.1 the first argument of afterAll is a context, not the suite (vitest fails that
// hook with a FixtureParseError): coverage never reached Stryker, so every mutant ran every test
// of the run, and an endless loop was caught only by the timeout (fixed upstream in 10.0). The
// suite is the second argument now; this hook puts the figures where the runner reads them.
type StrykerGlobal = { mutantCoverage?: unknown; hitCount?: number };
const provided = inject as unknown as (key: string) => unknown;
const namespace = provided('globalNamespace') as string | undefined;

if (namespace) {
  // vitest requires a destructuring pattern for the first argument, even an empty one.
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, suite) => {
    const ns = (globalThis as unknown as Record<string, StrykerGlobal | undefined>)[namespace];
    if (!ns || !suite) return;
    const meta = suite.meta as Record<string, unknown>;
    if (provided('mode') === 'mutant') meta.hitCount = ns.hitCount;
    else meta.mutantCoverage = ns.mutantCoverage;
  });
}
