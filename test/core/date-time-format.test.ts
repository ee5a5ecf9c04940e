import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { validateDateTime } from '../../src/core/contract/create-ajv.js';
import { seededRandom } from '../../src/core/faults/seeded-random.js';

// ordermock checks `date-time` with a fast path for the common shape: every verdict must be
// ajv-formats' own, or a request refused by the real contract check would pass (or the reverse).
const ajvFormats = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;

const edges = [
  '2026-03-01T10:00:00Z', '2026-03-01t10:00:00z', '2026-03-01 10:00:00Z', '2026-03-01\t10:00:00Z', '2026-03-01T10:00:00',
  '2026-03-01T10:00:00.123456+02:00', '2026-03-01T10:00:00-23:59', '2026-03-01T10:00:00+24:00', '2026-03-01T10:00:00+23:60',
  '2026-03-01T10:00:00+0200', '2026-03-01T10:00:00+02', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-12-31T23:59:59Z', '2026-00-10T00:00:00Z', '2026-13-10T00:00:00Z',
  '2026-01-00T00:00:00Z', '2026-01-32T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z',
  '2026-06-30T23:59:60Z', '2026-06-30T22:59:60-01:00', '2026-06-30T23:59:61Z', '2026-01-01T00:00:00.Z', '26-01-01T00:00:00Z',
  '2026-1-01T00:00:00Z', '2026-01-01T00:00Z', '2026-01-01TT00:00:00Z', ' 2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z ', '',
  '２０２６-01-01T00:00:00Z', '2026-01-01T00:00:00+02:00:00', '2026-01-01T00:00:00.5-00:00', '9999-12-31T23:59:59.999999999Z',
];

describe('date-time format', () => {
  it('gives ajv-formats\' verdict on every edge case', () => {
    for (const value of edges) expect(validateDateTime(value), JSON.stringify(value)).toBe(ajvFormats(value));
  });

  it('gives ajv-formats\' verdict on 20,000 generated near-timestamps', () => {
    const random = seededRandom(13);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const num = (max: number, width: number) => String(Math.floor(random() * max)).padStart(width, '0');
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const date = `${pick(['1900', '2000', '2023', '2024', '2026', num(10000, 4)])}-${num(14, 2)}-${num(33, 2)}`;
      const time = `${num(26, 2)}:${num(62, 2)}:${num(62, 2)}${pick(['', '.0', '.123', '.'])}`;
      const zone = pick(['Z', 'z', '', `+${num(26, 2)}:${num(62, 2)}`, `-${num(26, 2)}:${num(62, 2)}`, `+${num(26, 2)}${num(62, 2)}`]);
      const value = `${date}${pick(['T', 't', ' ', '_'])}${time}${zone}`;
      const verdict = ajvFormats(value);
      if (verdict) accepted++;
      expect(validateDateTime(value), value).toBe(verdict);
    }
    expect(accepted).toBeGreaterThan(1000); // the sample reaches both verdicts
  });
});
