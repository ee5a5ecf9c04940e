import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Recursive glob: no test file is silently skipped.
    include: ['test/**/*.test.ts'],
    // Bundles the CLI once for the tests that run it as a child process.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Files share one module graph per worker: importing the app (express, openapi-backend, Ajv,
    // the contracts) once per worker instead of once per file cut the suite's CPU time by 3x.
    // Nothing the tests change is module state: every server, store and journal is built per test.
    isolate: false,
    // Vitest's default is one worker fewer than the cores (1 on 2 cores); many tests wait on child
    // processes, sockets or timers, so a third worker fills that wait.
    maxWorkers: Math.max(3, availableParallelism()),
  },
});
