import { describe, expect, it } from 'vitest';
import { fsError } from '../../src/core/store/file-layer.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';
import { faultyFiles, type Faults } from '../support/faulty-files.js';

const STEPS = Number(process.env.ORDERMOCK_FAULT_STEPS ?? 400);
const FILE = '/disk/db.json';
const seeds = { demo: { orders: {}, pairs: {} } };
const never = () => new Promise<never>(() => undefined);

/** A small seeded PRNG, so a failing run can be repeated (the seed is in the test name). */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('fault loop: short writes, ENOSPC/EFBIG, crashes mid-write, during compaction and during replay', () => {
  const seed = Number(process.env.ORDERMOCK_FAULT_SEED ?? Date.now() % 100_000);
  it(`keeps every acknowledged request and never half of one (seed ${seed}, ${STEPS} steps)`, { timeout: 20_000 + STEPS * 30 }, async () => {
    const next = random(seed);
    const disk = memoryFiles(); // outlives each store, as a disk outlives a killed process
    let faults: Faults = {};
    let files = faultyFiles(disk, faults);
    let store = await LowdbStore.open({ file: FILE, seeds, files, compactAfterBytes: 600 });
    const acked = new Set<string>();
    const failed = new Set<string>();
    let crashes = 0;

    const verify = (label: string) => {
      const data = store.data('default', 'demo');
      const orders = new Set(data.collection('orders').list().map((d) => d.id as string));
      const pairs = new Set(data.collection('pairs').list().map((d) => d.id as string));
      expect([...acked].filter((id) => !orders.has(id) || !pairs.has(id)), `${label}: acknowledged writes lost`).toEqual([]);
      expect([...failed].filter((id) => orders.has(id) || pairs.has(id)), `${label}: failed writes visible`).toEqual([]);
      expect([...orders].filter((id) => !pairs.has(id)), `${label}: half-applied requests`).toEqual([]);
      expect(pairs.size, label).toBe(orders.size);
    };
    /** Abandons the store as a SIGKILL would (its held operations never finish), sometimes with a power loss, and opens the disk again. */
    const crash = async (label: string) => {
      crashes++;
      files.kill();
      if (next() < 0.5) disk.powerLoss();
      faults = {};
      files = faultyFiles(disk, faults);
      store = await LowdbStore.open({ file: FILE, seeds, files, compactAfterBytes: 600 });
      verify(label);
    };

    for (let step = 0; step < STEPS; step++) {
      const roll = next();
      const write = (id = `s${step}`) => {
        const tx = store.begin();
        tx.data('default', 'demo').collection('orders').put(id, { id, pad: 'x'.repeat(Math.floor(next() * 80)) });
        tx.data('default', 'demo').collection('pairs').put(id, { id });
        return tx.commit();
      };
      if (roll < 0.5) {
        // A write, sometimes through short writes, sometimes refused by a full disk part-way.
        const mode = next();
        const cut = Math.floor(next() * 60);
        faults.write = (file) => (!file.includes('.changes-') ? undefined : mode < 0.3 ? 1 + (cut % 9) : undefined);
        if (mode >= 0.8) {
          let room = cut;
          faults.write = (file) => {
            if (!file.includes('.changes-')) return undefined;
            if (room <= 0) throw fsError(mode < 0.9 ? 'ENOSPC' : 'EFBIG', 'no room');
            const n = room;
            room = 0;
            return n;
          };
        }
        // One to three requests at once: the later ones queue behind the first batch, built on it.
        const ids = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, j) => `s${step}-${j}`);
        const requests = ids.map((id) =>
          write(id).then(
            () => acked.add(id),
            () => failed.add(id),
          ),
        );
        // Sometimes a compaction starts while they are being written (its snapshot holds them).
        const compaction = next() < 0.3 ? store.compact().catch(() => undefined) : undefined;
        await Promise.all([...requests, compaction]);
        delete faults.write;
        verify(`step ${step} (write)`);
      } else if (roll < 0.6) {
        await store.compact();
        verify(`step ${step} (compaction)`);
      } else if (roll < 0.7) {
        // Killed mid-write: part of the record reached the disk, the rest never will.
        const cut = Math.floor(next() * 40);
        let sent = false;
        faults.write = async (file) => {
          if (!file.includes('.changes-')) return undefined;
          if (sent) return never();
          sent = true;
          return cut;
        };
        void write();
        await new Promise((done) => setImmediate(done));
        await crash(`step ${step} (killed mid-write)`);
      } else if (roll < 0.8) {
        // Killed while a compaction writes the snapshot, or after its rename but before the old logs are gone.
        const late = next() < 0.5;
        let held!: () => void;
        const entered = new Promise<void>((done) => (held = done));
        if (late) faults.syncDir = () => (held(), never());
        else faults.sync = () => (held(), never());
        void store.compact().catch(() => undefined);
        await entered;
        await crash(`step ${step} (killed during compaction, ${late ? 'after rename' : 'snapshot half-written'})`);
      } else if (roll < 0.85) {
        // Killed while the next start replays and compacts.
        files.kill();
        const starting = faultyFiles(disk, { sync: never });
        files = starting;
        void LowdbStore.open({ file: FILE, seeds, files: starting }).catch(() => undefined);
        for (let i = Math.floor(next() * 5); i >= 0; i--) await new Promise((done) => setImmediate(done));
        await crash(`step ${step} (killed during replay)`);
      } else {
        await crash(`step ${step} (killed between requests)`);
      }
    }
    expect(crashes).toBeGreaterThan(STEPS / 10);
    expect(acked.size).toBeGreaterThan(STEPS / 10);
    expect(failed.size).toBeGreaterThan(0);
    await store.close();
  });
});
