import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { cliBundleOptions } from '../scripts/cli-bundle-options.mjs';
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
  await build(cliBundleOptions({ entry: join(packageRoot, 'test', 'support', 'run-cli.ts'), outfile, compilerSalt: compilerSalt() }));
  project.provide('cliBundle', outfile);
  return () => rm(outfile, { force: true });
}
