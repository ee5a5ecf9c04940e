#!/usr/bin/env node
// `npm run mutate:scope -- <scope> [stryker options]`: StrykerJS over one part of src/ with the
// in-process tests that exercise it (a child-process server never sees the mutant switch, and a
// smaller test set makes each mutant's run cheaper). Results land in the shared incremental file,
// so running every scope once gives the whole picture; `npm run mutate:score` prints it.
// `npm run mutate:scope -- list` shows the scopes.
import { spawnSync } from 'node:child_process';

/** Each scope: the files mutated (no braces: Stryker's --mutate list is split at commas) and the test files run against them. */
export const SCOPES = {
  store: {
    mutate: ['src/core/store/*.ts'],
    tests: [
      'test/core/{lowdb-store,memory-store,store-durability,store-fault-loop,store-over-http,store-large-docs}.test.ts',
      'test/core/{snapshot-file,store-undo,store-log,file-layer,store-open-errors}.test.ts',
    ],
  },
  redis: {
    mutate: ['src/core/store/redis/*.ts'],
    tests: ['test/redis/{redis-store,redis-faults,shared-journal}.test.ts'],
  },
  pipeline: {
    mutate: ['src/core/pipeline/*.ts'],
    tests: [
      'test/core/{pipeline-stages,cors,field-issues,store-durability,store-over-http,read-body,validate-request,response-stages,cors-faults-prefer}.test.ts',
      'test/contracts/{auth-before-body,shared-behaviour,strict-responses,unrouted-responses}.test.ts',
      'test/admin/{prefer,faults,state}.test.ts',
      'test/attacks/hostile-input.test.ts',
      'test/apis/jtl/token.test.ts',
    ],
  },
  apis: {
    mutate: ['src/apis/**/*.ts'],
    tests: ['test/apis/**/*.test.ts', 'test/contracts/{shared-behaviour,auth-before-body}.test.ts'],
  },
  // The apis scope one API at a time (about 3,000 mutants in all: each part's report comes sooner).
  ...Object.fromEntries(
    ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud'].map((api) => [
      `apis-${api}`,
      // hostile-input: the only requests that reach the renderers' `finite` (non-finite number) branches.
      { mutate: [`src/apis/${api}/*.ts`], tests: [`test/apis/${api}/*.test.ts`, 'test/contracts/{shared-behaviour,auth-before-body}.test.ts', 'test/attacks/hostile-input.test.ts'] },
    ]),
  ),
  'apis-shared': {
    mutate: ['src/apis/shared/*.ts'],
    tests: ['test/apis/**/*.test.ts', 'test/contracts/{shared-behaviour,auth-before-body}.test.ts'],
  },
  core: {
    mutate: ['src/core/*.ts', ...['contract', 'journal', 'faults', 'errors'].map((folder) => `src/core/${folder}/**/*.ts`)],
    tests: [
      'test/core/{field-issues,openapi-31,operation-router,validator-cache,document-cache,journal,date-time-format}.test.ts',
      'test/core/{faults-units,errors-units,journal-units,journal-secrets,contract-units}.test.ts',
      'test/admin/{journal-filter,journal,redaction,faults,clock}.test.ts',
      'test/contracts/specs.test.ts',
    ],
  },
};

const [scope, ...rest] = process.argv.slice(2);
if (!scope || scope === 'list' || !SCOPES[scope]) {
  for (const [name, { mutate, tests }] of Object.entries(SCOPES)) console.log(`${name.padEnd(9)} mutates ${mutate.join(' ')}\n${' '.repeat(10)}tests   ${tests.join(' ')}`);
  process.exit(scope && scope !== 'list' ? 2 : 0);
}
const { mutate, tests } = SCOPES[scope];
const run = spawnSync('npx', ['stryker', 'run', '--mutate', mutate.join(','), ...rest], {
  stdio: 'inherit',
  env: { ...process.env, ORDERMOCK_MUTATE_TESTS: tests.join(',') },
});
process.exit(run.status ?? 1);
