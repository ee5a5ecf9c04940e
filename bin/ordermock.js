#!/usr/bin/env node
// The bundled CLI (scripts/bundle-cli.mjs): one file loads far faster than dist/'s modules and
// their dependencies one by one, and its compiled code is kept in ordermock's cache directory so
// a later start does not parse it again (src/code-cache.ts).
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from '../dist/code-cache.js';

const cli = requireWithCodeCache(fileURLToPath(new URL('../dist/cli.bundle.cjs', import.meta.url)));
// Saved at once, not once the command has run: a server killed right after it answered still
// leaves the cache, and code compiled later under `serve`'s V8 flags would be rejected next time.
cli.saveCodeCache();

cli.exports.main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
