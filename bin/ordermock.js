#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code on disk, so a later start does not parse the CLI again
// (a no-op on older versions). Then the bundled CLI (scripts/bundle-cli.mjs): one file loads far
// faster than dist/'s modules and their dependencies one by one.
module.enableCompileCache?.();
const { main } = await import('../dist/cli.bundle.js');

main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
