import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Recursive glob: no test file is silently skipped.
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
