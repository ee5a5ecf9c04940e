// How the command line is bundled into one file, shared by the build (scripts/bundle-cli.mjs,
// from tsc's output) and the test suite (test/global-setup.ts, from src/).

/**
 * esbuild options for one file that runs under Node 20: an ES module (the test suite runs it with
 * `node`), or CommonJS (`format: 'cjs'`, the build: bin/ordermock.js loads it through V8's code
 * cache, see src/code-cache.ts). `compilerSalt` is the validator cache's key as the unbundled
 * create-ajv computes it, so both share the cache.
 * @param {{ entry: string, outfile: string, compilerSalt: string, format?: 'esm' | 'cjs' }} what
 * @returns {import('esbuild').BuildOptions}
 */
export function cliBundleOptions({ entry, outfile, compilerSalt, format = 'esm' }) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    banner: {
      js:
        format === 'esm'
          ? // CommonJS dependencies call require(): give the ES module bundle one.
            "import { createRequire as __ordermockRequire } from 'node:module';\nconst require = __ordermockRequire(import.meta.url);"
          : // The sources find their files (specs, seeds, the dashboard) from import.meta.url.
            "const __ordermockBundleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    define: { ORDERMOCK_COMPILER_SALT: JSON.stringify(compilerSalt), ...(format === 'cjs' ? { 'import.meta.url': '__ordermockBundleUrl' } : {}) },
    legalComments: 'none',
    logLevel: 'warning',
  };
}
