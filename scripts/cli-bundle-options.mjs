// How the command line is bundled into one file, shared by the build (scripts/bundle-cli.mjs,
// from tsc's output) and the test suite (test/global-setup.ts, from src/).

/**
 * esbuild options for one ES module file that runs under Node 20. `compilerSalt` is the
 * validator cache's key as the unbundled create-ajv computes it, so both share the cache.
 * @param {{ entry: string, outfile: string, compilerSalt: string }} what
 * @returns {import('esbuild').BuildOptions}
 */
export function cliBundleOptions({ entry, outfile, compilerSalt }) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies call require(): give the ES module bundle one.
    banner: { js: "import { createRequire as __ordermockRequire } from 'node:module';\nconst require = __ordermockRequire(import.meta.url);" },
    define: { ORDERMOCK_COMPILER_SALT: JSON.stringify(compilerSalt) },
    legalComments: 'none',
    logLevel: 'warning',
  };
}
