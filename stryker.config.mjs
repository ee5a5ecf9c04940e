// Mutation testing (npm run mutate): StrykerJS over the request pipeline, the contract machinery,
// the store and every API module. Incremental, so a re-run only pays for what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Mutants in module-level tables run only at import, so no single test covers them and each would
  // cost the whole suite (minutes on 2 cores): left out of the score, pinned by hand-applied mutants instead.
  ignoreStatic: true,
  mutate: ['src/core/**/*.ts', 'src/apis/**/*.ts'],
  // Two cores shared with everything else on the machine.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Servers start, fsync and spawn processes under load: give slow runs room before calling them timeouts.
  timeoutMS: 10_000,
  timeoutFactor: 1.5,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  ignorePatterns: ['dist', 'reports', 'bench/results', 'coverage', 'data/*.json', 'data/*.log', 'data/*.ndjson'],
};
