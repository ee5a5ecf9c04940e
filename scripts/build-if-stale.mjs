#!/usr/bin/env node
// `npm start` without the 10+ s TypeScript build when dist/ is current: rebuild only if a source
// or build setting is newer than what was emitted from it.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts under src/, as a path relative to src/ and its mtime. */
function sources(dir = '') {
  const out = [];
  for (const e of readdirSync(join(root, 'src', dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(path));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push({ path, ms: statSync(join(root, 'src', path)).mtimeMs });
  }
  return out;
}

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};
// Each source against its own output, so a leftover output of a deleted source never forces a build.
const settings = Math.max(...['tsconfig.json', 'tsconfig.build.json'].map((f) => mtime(join(root, f)) ?? 0));
const stale = sources().some(({ path, ms }) => {
  const built = mtime(join(root, 'dist', path.replace(/\.ts$/, '.js')));
  return built === undefined || built < ms || built < settings;
});
if (stale) {
  process.stderr.write('ordermock: building dist/ (sources changed since the last build)\n');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
// The bundled CLI (what bin/ordermock.js runs) is made from all of dist/: newer than every source.
const bundled = mtime(join(root, 'dist', 'cli.bundle.cjs'));
if (stale || bundled === undefined || sources().some(({ ms }) => ms > bundled)) {
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')], { stdio: 'inherit' });
}
