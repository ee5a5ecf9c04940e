// Mutation testing (npm run mutate): StrykerJS over the request pipeline, the contract machinery,
// the store and every API module. Incremental, so a re-run only pays for what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: ['src/core/**/*.ts', 'src/apis/**/*.ts'],
  // Two cores shared with everything else on the machine.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Servers start, fsync and spawn processes under load: give slow runs room before calling them timeouts.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  ignorePatterns: ['dist', 'reports', 'bench/results', 'coverage', 'data/*.json', 'data/*.log', 'data/*.ndjson'],
};
