import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startOrdermock, type OrdermockOptions, type RunningOrdermock } from '../../src/index.js';
import { TRUNCATED_KEY } from '../../src/core/journal/bound-body.js';
import { ContractChecker } from './contract-checker.js';

const checker = new ContractChecker();

export interface TestMock {
  mock: RunningOrdermock;
  /** supertest bound to the running server. */
  http: ReturnType<typeof supertest>;
  dataFile: string;
  dir: string;
  /** The stored document exactly as the store holds it (JSON text, for byte-for-byte checks). */
  stored(api: string, collection: string, id: string, namespace?: string): string;
  /** Throws unless every response recorded so far conforms to its spec (checked independently). */
  assertResponsesConform(): Promise<void>;
  close(): Promise<void>;
}

/** Starts ordermock on a free port with a fresh temporary data file. */
export async function startTestMock(options: OrdermockOptions = {}): Promise<TestMock> {
  const dir = await mkdtemp(join(tmpdir(), 'ordermock-test-'));
  const dataFile = options.dataFile ?? join(dir, 'db.json');
  const mock = await startOrdermock({ port: 0, ...options, dataFile });
  return {
    mock,
    http: supertest(mock.url),
    dataFile,
    dir,
    stored: (api, collection, id, namespace = 'default') =>
      JSON.stringify(mock.store.data(namespace, api).collection(collection).get(id) ?? null),
    assertResponsesConform: async () => {
      const problems: string[] = [];
      for (const entry of mock.journal.list()) {
        if (!entry.api || !entry.operationId) continue;
        if (entry.fault?.effects.some((e) => e === 'malformed' || e === 'drop')) continue; // broken on purpose
        // A body the journal kept only as a truncation marker was checked by the engine as sent (its violations below).
        const truncated = typeof entry.response.body === 'object' && entry.response.body !== null && TRUNCATED_KEY in entry.response.body;
        if (!truncated) problems.push(...(await checker.check(entry.api, entry.operationId, entry.response.status, entry.response.body)));
        problems.push(...entry.violations.map((v) => `${entry.api}.${entry.operationId} ${entry.response.status}: ${v.location} ${v.message}`));
      }
      if (problems.length) throw new Error(`Responses that break the contract:\n${[...new Set(problems)].join('\n')}`);
    },
    close: async () => {
      await mock.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface UseTestMockOptions extends OrdermockOptions {
  /** After each test, set the clock (a `fixedClock` given as `clock`) back to this time. */
  clockStart?: string;
  /**
   * `false` for a step-by-step scenario whose tests build on each other: after each test only
   * check the responses, keeping the state, the journal and the clock. Default `true`.
   */
  reset?: boolean;
}

/**
 * The usual lifecycle in one call: start a mock before the file's (or describe's) tests, after
 * each test check every response against the contract and restore the seeds (and the clock),
 * stop it at the end. Returns a getter because the mock exists only once `beforeAll` ran.
 */
export function useTestMock(options: UseTestMockOptions = {}): () => TestMock {
  const { clockStart, reset = true, ...mockOptions } = options;
  let t: TestMock | undefined;
  beforeAll(async () => {
    t = await startTestMock(mockOptions);
  });
  afterEach(async () => {
    await t!.assertResponsesConform();
    if (!reset) return;
    await t!.mock.reset(); // state of every namespace, journal, fault rules, control-plane clock
    const clock = options.clock as { set?: (at: string) => void } | undefined;
    if (clockStart && clock?.set) clock.set(clockStart);
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => t!;
}
