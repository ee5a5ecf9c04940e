import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { compilerSalt } from '../src/core/contract/create-ajv.js';
import { packageRoot } from '../src/paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI from src/, bundled into one plain-JS file for the tests that start it as a process. */
    cliBundle: string;
  }
}

/**
 * Bundles src/cli.ts once per run, as scripts/bundle-cli.mjs bundles the build: a CLI child
 * process then starts in a fraction of the CPU that tsx needs to load ~170 TypeScript modules
 * (the suite starts dozens). One level below the package root, like dist/, so the paths the
 * CLI derives from its own location (specs, seeds, the dashboard) are the same.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One level below the root, whatever the run: a file per run, so parallel runs never share one.
  const outfile = join(packageRoot, '.test-build', `cli.${process.pid}.bundle.js`);
  await build({
    entryPoints: [join(packageRoot, 'test', 'support', 'run-cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __ordermockRequire } from 'node:module';\nconst require = __ordermockRequire(import.meta.url);" },
    // The validator cache's key, as the unbundled source computes it: the two share the cache.
    define: { ORDERMOCK_COMPILER_SALT: JSON.stringify(compilerSalt()) },
    logLevel: 'warning',
  });
  project.provide('cliBundle', outfile);
  return () => rm(outfile, { force: true });
}
