// Builds ordermock data files for the benchmark: the bundled seeds of every API, plus N clones
// of one API's fixture orders under new ids, written as a lowdb snapshot with seq 0 (so the
// server loads it as is, with no change log to replay and no compaction at start).
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RawJson, serializeSnapshot } from '../../dist/core/store/snapshot.js';

export const SEED_DIR = new URL('../../data/seed/', import.meta.url).pathname;
export const API_NAMES = ['cutmake', 'recerc', 'fabric', 'jtl', 'sellercloud'];

export function readSeed(api) {
  return JSON.parse(readFileSync(join(SEED_DIR, `${api}.json`), 'utf8')).collections;
}

/**
 * How each benchmarked API's orders are cloned. `templates` picks the fixture orders a clone may
 * copy (only ones the benchmark's PATCH is valid on), `clone` gives the copy its new identity.
 */
export const orderFactories = {
  cutmake: {
    templates: (orders) => Object.values(orders),
    idOf: (i) => `SO-DOC-B${String(i).padStart(6, '0')}`,
    clone(template, i) {
      return {
        ...template,
        id: this.idOf(i),
        salesOrderId: `SO-B-${String(i).padStart(6, '0')}`,
        internalId: `b0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      };
    },
  },
  recerc: {
    // Accepted and cancelled orders are locked (422 order_locked): clone the editable ones only.
    templates: (orders) =>
      Object.values(orders).filter((o) => !['accepted', 'cancelled'].includes(o.status) && firstQuantityItem(o)),
    idOf: (i) => `ord_b${String(i).padStart(6, '0')}`,
    clone(template, i) {
      return { ...template, id: this.idOf(i), number: 200000 + i };
    },
  },
};

/** The first item whose quantity a PATCH may change (recerc: product or custom). */
export function firstQuantityItem(order) {
  return (order.items ?? []).find((item) => typeof item.quantity === 'number' && ['product', 'custom'].includes(item.type));
}

/**
 * Writes `file` and returns what the scenarios need to address the orders: their ids and, for
 * each, the template it was cloned from. Streams the JSON so 100,000 orders never make one string.
 */
export function writeDataFile(file, { api, orders }) {
  const factory = orderFactories[api];
  if (!factory) throw new Error(`no order factory for ${api}`);
  const seeds = Object.fromEntries(API_NAMES.map((name) => [name, readSeed(name)]));
  const templates = factory.templates(seeds[api].orders);
  if (!templates.length) throw new Error(`no fixture order of ${api} fits the benchmark`);

  const ids = new Array(orders);
  const templateOf = new Array(orders);
  // The fixtures stay (docs and tests name them); the clones follow. Written in the server's own
  // data file layout (one document per line, by its own serializer), as a real store would be.
  const collectionsOf = (name) =>
    Object.fromEntries(
      Object.entries(seeds[name]).map(([collection, docs]) => {
        if (name !== api || collection !== 'orders') return [collection, docs];
        const all = Object.fromEntries(Object.entries(docs).map(([id, doc]) => [id, new RawJson(JSON.stringify(doc))]));
        for (let i = 0; i < orders; i++) {
          const t = i % templates.length;
          const doc = factory.clone(templates[t], i);
          ids[i] = doc.id;
          templateOf[i] = t;
          all[doc.id] = new RawJson(JSON.stringify(doc));
        }
        return [collection, all];
      }),
    );
  const snapshot = { ordermock: 1, seq: 0, namespaces: { default: Object.fromEntries(API_NAMES.map((name) => [name, collectionsOf(name)])) } };
  const fd = openSync(file, 'w');
  let buffer = '';
  try {
    for (const piece of serializeSnapshot(snapshot)) {
      buffer += piece;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return { ids, templates, templateOf };
}

/**
 * Writes a seed directory (`--seeds`) holding the same orders as `writeDataFile`: what a
 * `--data :memory:` server starts from. Returns the same {ids, templates, templateOf}.
 */
export function writeSeedDir(dir, { api, orders }) {
  const factory = orderFactories[api];
  mkdirSync(dir, { recursive: true });
  let out = null;
  for (const name of API_NAMES) {
    const seed = JSON.parse(readFileSync(join(SEED_DIR, `${name}.json`), 'utf8'));
    if (name === api) {
      const templates = factory.templates(seed.collections.orders);
      const ids = new Array(orders);
      const templateOf = new Array(orders);
      for (let i = 0; i < orders; i++) {
        const t = i % templates.length;
        const doc = factory.clone(templates[t], i);
        seed.collections.orders[doc.id] = doc;
        ids[i] = doc.id;
        templateOf[i] = t;
      }
      out = { ids, templates, templateOf };
    }
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(seed));
  }
  return out;
}
