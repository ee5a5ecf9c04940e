import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { loadApis } from '../../../src/core/load-apis.js';
import { loadSeeds } from '../../../src/core/store/load-seeds.js';
import { LowdbStore } from '../../../src/core/store/lowdb-store.js';
import { fsError, nodeFiles } from '../../../src/core/store/file-layer.js';
import { Journal } from '../../../src/core/journal/journal.js';
import { createApp } from '../../../src/server/create-app.js';
import { defaultSeedDir, defaultSpecsDir } from '../../../src/paths.js';
import { apiModules, fixedClock, type ApiModule, type OperationHandler } from '../../../src/index.js';
import { ContractChecker } from '../../support/contract-checker.js';
import { faultyFiles } from '../../support/faulty-files.js';
import { startTestMock, useTestMock, type TestMock } from '../../support/harness.js';
import { fabricHeaders, getPath, putPath, START } from './fabric-client.js';

// fabric's three server-side failures answer 500 `{"message": "Internal Server Error: <what failed>"}`
// (fabric's fixed wording in front of ordermock's message), each from a real cause.

const fabric = apiModules.find((m) => m.name === 'fabric')!;
const ORDER = '309019176';

/** fabric with one handler replaced. */
const withHandler = (operationId: string, handler: OperationHandler): ApiModule => ({ ...fabric, handlers: { ...fabric.handlers, [operationId]: handler } });

describe('fabric 500s: "Internal Server Error: " and the cause', () => {
  describe('a handler that crashes (ORDERMOCK_ERR_INTERNAL)', () => {
    const t = useTestMock({
      apis: ['fabric'],
      modules: [withHandler('updateOrder', () => Promise.reject(new Error('disk on fire')))],
    });

    it('PUT → 500 naming the crash, nothing stored', async () => {
      const before = t().stored('fabric', 'orders', ORDER);
      const order = (await t().http.get(getPath(ORDER)).set(fabricHeaders())).body;
      const res = await t().http.put(putPath(ORDER)).set(fabricHeaders()).send(order);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ message: 'Internal Server Error: Internal error: disk on fire' });
      expect(t().stored('fabric', 'orders', ORDER)).toBe(before);
    });
  });

  describe('an answer that breaks the contract in strict mode (ORDERMOCK_ERR_RESPONSE_VALIDATION)', () => {
    // Not useTestMock: its after-each check would (rightly) flag the broken answer this test makes on purpose.
    let t: TestMock | undefined;
    beforeAll(async () => {
      t = await startTestMock({ apis: ['fabric'], strictResponses: true, modules: [withHandler('getOrder', () => ({ status: 200, body: { orderNumber: 42 } }))] });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('GET → 500 naming the violation', async () => {
      const res = await t!.http.get(getPath(ORDER)).set(fabricHeaders());
      expect(res.status).toBe(500);
      const [entry] = t!.mock.journal.list({ api: 'fabric' });
      const summary = entry.violations.map((v) => `${v.location} ${v.message}`).join('; ');
      expect(summary).toMatch(/^response\.body/);
      expect(res.body).toEqual({ message: `Internal Server Error: Mock response violates the contract: ${summary}` });
      expect(await new ContractChecker().check('fabric', 'getOrder', 500, res.body)).toEqual([]);
    });
  });

  describe('a write the disk refuses (ORDERMOCK_ERR_STORE_WRITE)', () => {
    const checker = new ContractChecker();
    let dir: string | undefined;
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('PUT → 500 naming the disk error; the order reads as before', async () => {
      dir = await mkdtemp(join(tmpdir(), 'ordermock-fabric-disk-'));
      const files = faultyFiles(nodeFiles);
      const seeds = await loadSeeds(defaultSeedDir, ['fabric']);
      const store = await LowdbStore.open({ file: join(dir, 'db.json'), seeds, files });
      const journal = new Journal();
      const apis = await loadApis([fabric], defaultSpecsDir);
      const http = supertest(createApp({ apis, store, journal, clock: fixedClock(START) }));
      try {
        const before = await http.get(getPath(ORDER)).set(fabricHeaders());
        files.faults.write = (name) => {
          if (name.includes('.changes-')) throw fsError('ENOSPC', 'no space left on device, write');
          return undefined;
        };
        const res = await http.put(putPath(ORDER)).set(fabricHeaders()).send({ ...before.body, statusDescription: 'refused by the disk' });
        expect(res.status).toBe(500);
        expect(Object.keys(res.body)).toEqual(['message']);
        expect(res.body.message).toMatch(/^Internal Server Error: The change could not be made durable: .*ENOSPC/);
        files.faults.write = undefined;
        expect((await http.get(getPath(ORDER)).set(fabricHeaders())).text).toBe(before.text);
        for (const entry of journal.list()) {
          expect(await checker.check('fabric', entry.operationId!, entry.response.status, entry.response.body)).toEqual([]);
          expect(entry.violations).toEqual([]);
        }
      } finally {
        await store.close();
      }
    });
  });
});
