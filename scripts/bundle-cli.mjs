#!/usr/bin/env node
// The command line as one file: `dist/cli.bundle.cjs`, what bin/ordermock.js runs. Loading the
// ~640 modules of dist/ and node_modules one by one was most of a warm start; one file halves it.
// Built from tsc's output (dist/cli.js), so it is the same code as the library in dist/. The
// library (`import 'ordermock'`) stays unbundled: its users share their own dependencies with it.
import { build } from 'esbuild';
import { cliBundleOptions } from './cli-bundle-options.mjs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

// The validator cache's key names the compiler: create-ajv's emitted source and Ajv's version
// (see compilerSalt). Computed here from the unbundled module, so a bundled and an unbundled
// start of the same build share the cache, and the bundle does not hash itself at every start.
const { compilerSalt } = await import(pathToFileURL(join(dist, 'core', 'contract', 'create-ajv.js')).href);

await build(cliBundleOptions({ entry: join(dist, 'cli.js'), outfile: join(dist, 'cli.bundle.cjs'), compilerSalt: compilerSalt(), format: 'cjs' }));
