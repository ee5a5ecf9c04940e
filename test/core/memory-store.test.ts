import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { FileLayer } from '../../src/core/store/file-layer.js';
import { LowdbStore } from '../../src/core/store/lowdb-store.js';
import { memoryFiles } from '../../src/core/store/memory-files.js';
import { MEMORY_DATA, openStore } from '../../src/core/store/open-store.js';
import { startOrdermock } from '../../src/index.js';
import { apiCases } from '../support/api-cases.js';
import type { TestMock } from '../support/harness.js';
import { describeStoreBehaviour, seeds } from './store-behaviour.js';

describeStoreBehaviour({
  name: 'memory store (:memory:)',
  place: async () => MEMORY_DATA,
  open: (file, options) => openStore({ file, ...options }),
  persistent: false,
});

// The same store on a RAM disk that outlives it: every durability rule, no disk.
const ramDisks = new Map<string, FileLayer>();
describeStoreBehaviour({
  name: 'file store on a RAM disk',
  place: async () => {
    const place = `/ram-${ramDisks.size}/db.json`;
    ramDisks.set(place, memoryFiles());
    return place;
  },
  open: (file, options) => LowdbStore.open({ file, files: ramDisks.get(file), ...options }),
  persistent: true,
});

describe('--data :memory:', () => {
  it('starts from the seeds every time: nothing is kept between stores', async () => {
    const first = await openStore({ file: MEMORY_DATA, seeds });
    first.data('default', 'demo').collection('orders').put('a', { id: 'a', n: 1 });
    await first.close();
    const second = await openStore({ file: MEMORY_DATA, seeds });
    expect(second.data('default', 'demo').collection('orders').get('a')).toEqual({ id: 'a', n: 0 });
    expect(second.report.created).toBe(true);
    await second.close();
  });

  it('serves every API with the same rules and writes no file', async () => {
    const mock = await startOrdermock({ port: 0, dataFile: MEMORY_DATA });
    try {
      const t = { http: supertest(mock.url) } as unknown as TestMock;
      for (const c of apiCases) {
        const res = await t.http[c.update.method](c.update.path).set(c.update.headers).send(await c.body(t, `memory-${c.api}`));
        expect(res.status, `${c.api}: ${res.text}`).toBeLessThan(300);
        const read = await t.http.get(c.read.path).set(c.read.headers);
        expect(c.marker(read.body)).toBe(`memory-${c.api}`);
      }
      const bad = await t.http.patch(apiCases[0].update.path).set(apiCases[0].update.headers).send({ notes: 42 });
      expect(bad.status).toBe(422);
    } finally {
      await mock.close();
    }
    expect(existsSync(resolve(MEMORY_DATA))).toBe(false);
    expect(existsSync(`/${MEMORY_DATA}`)).toBe(false);
  });
});
