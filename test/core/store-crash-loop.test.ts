import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';

const ROUNDS = Number(process.env.ORDERMOCK_CRASH_ROUNDS ?? 20);
const crashSeeds = { demo: { orders: { a: { id: 'a', n: 0 } }, pairs: {} } };

const writerSource = join(__dirname, '../support/store-writer.ts');

/** The writer's command line: bundled once into plain JS when esbuild is at hand (a round then costs 0.3 s, not 1.3 s), through tsx otherwise. */
async function writerCommand(dir: string): Promise<string[]> {
  try {
    const { build } = await import('esbuild');
    const outfile = join(dir, 'store-writer.mjs');
    await build({ entryPoints: [writerSource], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
    return [outfile];
  } catch {
    return ['--import', 'tsx', writerSource];
  }
}

/** Runs one writer process and SIGKILLs it: mid-burst after `acks` acknowledgements, or (acks 0) while it opens and replays. */
async function killedWriter(command: string[], file: string, round: number, acks: number, acked: Set<string>): Promise<void> {
  const child = spawn(process.execPath, [...command, file, String(round), '1024'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = 0;
  let buffered = '';
  await new Promise<void>((done) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'opening' && acks === 0) done();
        if (line.startsWith('ack ')) {
          acked.add(line.slice(4));
          if (++seen >= acks && acks > 0) done();
        }
      }
    });
    child.once('exit', () => done());
  });
  child.kill('SIGKILL');
  await new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));
}

describe('crash loop: SIGKILL mid-burst, during compaction and during replay', () => {
  it(`loses no acknowledged write and never half-applies a request (${ROUNDS} rounds)`, { timeout: 30_000 + ROUNDS * 6_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordermock-crash-'));
    const file = join(dir, 'db.json');
    const acked = new Set<string>();
    const command = await writerCommand(await mkdtemp(join(tmpdir(), 'ordermock-writer-')));
    for (let round = 1; round <= ROUNDS; round++) {
      // Every third round is killed while it opens (replaying and compacting what the last one left).
      const acks = round % 3 === 0 ? 0 : 1 + Math.floor(Math.random() * 60);
      await killedWriter(command, file, round, acks, acked);
      // Check a copy, so the next writer still finds the crashed state to replay.
      const copy = join(await mkdtemp(join(tmpdir(), 'ordermock-crash-check-')), 'db.json');
      for (const name of await readdir(dir)) if (!name.endsWith('.lock')) await cp(join(dir, name), join(copy, '..', name));
      const store = await LowdbStore.open({ file: copy, seeds: crashSeeds });
      const orders = new Set(store.data('default', 'demo').collection('orders').list().map((d) => d.id as string));
      const pairs = new Set(store.data('default', 'demo').collection('pairs').list().map((d) => d.id as string));
      const lost = [...acked].filter((id) => !orders.has(id) || !pairs.has(id));
      expect(lost, `round ${round}: acknowledged writes lost`).toEqual([]);
      const half = [...orders].filter((id) => id !== 'a' && !pairs.has(id));
      expect(half, `round ${round}: requests half-applied`).toEqual([]);
      expect(pairs.size).toBe(orders.size - 1);
      await store.close();
    }
    expect(acked.size).toBeGreaterThan(ROUNDS);
  });
});
