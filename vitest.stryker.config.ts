import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suite as StrykerJS runs it, once per mutant: every file in one shared module graph
// (3x faster than isolated files on 2 cores), the CLI tests left out (their server is a child process the mutant switch never reaches).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      exclude: ['test/cli.test.ts', 'node_modules/**', '.stryker-tmp/**'],
    },
  }),
);
