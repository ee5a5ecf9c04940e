#!/usr/bin/env node
// The bundled CLI (scripts/bundle-cli.mjs): one file loads far faster than dist/'s modules.
import { main } from '../dist/cli.bundle.js';

main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
