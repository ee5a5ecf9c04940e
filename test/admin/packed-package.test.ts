import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths.js';
import { mustShow, smokeClient, typesCheck } from './consumer-files.js';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);

/** A code block of the README marked `<!-- ci-example: NAME -->`. */
async function readmeExample(name: string): Promise<string> {
  const readme = await readFile(join(packageRoot, 'README.md'), 'utf8');
  const found = new RegExp(`<!-- ci-example: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!found) throw new Error(`README has no ci-example ${name}`);
  return found[1];
}


/**
 * `npm pack`, then a separate project with the tarball unpacked into its node_modules (as npm
 * install would) and the shared dependency tree linked beside it, since installs here are offline.
 */
async function installPackedPackage(dir: string): Promise<string> {
  // The build `npm pack` would run (prepare) only when dist/ is older than a source: npm ci has just built it.
  await run(process.execPath, [join(packageRoot, 'scripts', 'build-if-stale.mjs')], { cwd: packageRoot });
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: packageRoot, maxBuffer: 16 * 1024 * 1024 });
  const tarball = join(dir, JSON.parse(stdout.slice(stdout.indexOf('[')))[0].filename);
  const project = join(dir, 'consumer');
  const modules = join(project, 'node_modules');
  await mkdir(join(modules, 'ordermock'), { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', join(modules, 'ordermock'), '--strip-components=1']);
  const shared = await realpath(join(packageRoot, 'node_modules'));
  for (const entry of await readdir(shared)) {
    if (entry === 'ordermock' || entry.startsWith('.')) continue;
    await symlink(join(shared, entry), join(modules, entry));
  }
  await mkdir(join(modules, '.bin'));
  for (const bin of await readdir(join(shared, '.bin'))) {
    const target = resolve(join(shared, '.bin'), await readlink(join(shared, '.bin', bin)));
    await symlink(target, join(modules, '.bin', bin));
  }
  await symlink('../ordermock/bin/ordermock.js', join(modules, '.bin', 'ordermock'));
  return project;
}

describe('the packed package, installed in a separate project', () => {
  let dir: string;
  let project: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordermock-consumer-'));
    project = await installPackedPackage(dir);
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module', scripts: { test: 'node smoke.mjs' } }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [] },
        files: ['types-check.ts'],
      }),
      'types-check.ts': typesCheck,
      'test/orders.contract.test.ts': await readmeExample('vitest'),
      'test/must-show.test.ts': mustShow,
      'ci/contract-tests.sh': await readmeExample('shell'),
      'smoke.mjs': smokeClient,
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(project, name)), { recursive: true });
      await writeFile(join(project, name), text);
    }
    await chmod(join(project, 'ci/contract-tests.sh'), 0o755);
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ships its declarations; they import nothing but their own files', async () => {
    const dts = (await readdir(join(project, 'node_modules/ordermock/dist'), { recursive: true })).filter((f) => f.endsWith('.d.ts'));
    expect(dts).toContain('index.d.ts');
    const reachable = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (reachable.has(file)) return;
      reachable.add(file);
      const text = await readFile(file, 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        expect(spec, `${relative(project, file)} imports ${spec}`).toMatch(/^\./);
        await visit(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
      }
    };
    await visit(join(project, 'node_modules/ordermock/dist/index.d.ts'));
    expect(reachable.size).toBeGreaterThan(3);
  });

  it('its published types compile in a consumer with strict and skipLibCheck: false', async () => {
    const tsc = join(project, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).catch((err) => err);
    expect(`${result.stdout}${result.stderr}`).toBe('');
  }, 120_000);

  it("runs the README's vitest example and the must-show cases against the installed package", async () => {
    const vitest = join(project, 'node_modules/vitest/vitest.mjs');
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    const result = await run(process.execPath, [vitest, 'run', '--root', project, '--reporter', 'verbose'], { cwd: project, env, maxBuffer: 16 * 1024 * 1024 }).catch((err) => err);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code ?? 0, output).toBe(0);
    expect(output.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+8 passed \(8\)/);
  }, 180_000);

  it("runs the README's shell job: start, health, tests, journal; it passes on a clean run", async () => {
    const env = { ...process.env, ORDERMOCK_PORT: String(await freePort()) };
    const { stdout } = await run('bash', ['ci/contract-tests.sh'], { cwd: project, env, timeout: 100_000 });
    expect(stdout).toMatch(/client done/);
    expect(stdout).toMatch(/2 requests journaled, 0 with a 5xx or a contract violation/);
    const journal = (await readFile(join(project, 'ordermock-journal.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.map((e) => `${e.method} ${e.response.status}`)).toEqual(['GET 200', 'PUT 200']);
  }, 120_000);

  it('the shell job fails when the mock answered a 5xx the tests let through', async () => {
    const env = { ...process.env, ORDERMOCK_PORT: String(await freePort()), SMOKE_BREAK: '1' };
    const result = await run('bash', ['ci/contract-tests.sh'], { cwd: project, env, timeout: 100_000 }).catch((err) => err);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GET \/sellercloud\/rest\/api\/Orders\/5001 -> 500/);
  }, 120_000);
});
