// Mutation testing (npm run mutate): StrykerJS over the request pipeline, the contract machinery,
// the store and every API module. Incremental, so a re-run only pays for what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // The vitest runner, minus false survivors: see test/support/stryker-checked-runner.mjs.
  testRunner: 'vitest-checked',
  plugins: ['@stryker-mutator/vitest-runner', './test/support/stryker-checked-runner.mjs'],
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // A mutant whose code runs only at import is covered by no single test and would cost a whole-suite run.
  ignoreStatic: true,
  mutate: ['src/core/**/*.ts', 'src/apis/**/*.ts'],
  // Two cores shared with everything else on the machine.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // A mutant that hangs a request is a timeout (counted as killed) 15 s past 1.5x its tests' normal
  // time. 5 s was too short on 2 shared cores: a run starved of CPU became a "timeout", so a
  // mutant no test kills could count as detected (74 of jtl's first 101 mutants under load, none
  // with 15 s and the run at a higher priority). Hangs are rare: each one costs 15 s and a restart.
  timeoutMS: 15_000,
  timeoutFactor: 1.5,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  // Anchored at the root: a bare 'coverage' also left src/commands/coverage/ out of the sandbox.
  ignorePatterns: ['/dist', '/reports', '/bench/results', '/coverage', '/.test-build', '/data/*.json', '/data/*.log', '/data/*.ndjson'],
};
