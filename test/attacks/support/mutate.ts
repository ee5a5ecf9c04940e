import fc from 'fast-check';

/** JSON text to splice in verbatim: what JSON.stringify cannot write (1e400, duplicate or prototype keys). */
class Raw {
  constructor(readonly text: string) {}
}

export const MUTATIONS = [
  'wrong-type',
  'drop-key',
  'out-of-enum',
  'huge-string',
  'huge-array',
  'deep-nesting',
  'unicode',
  'invalid-utf8',
  'edge-number',
  'duplicate-key',
  'prototype-key',
  'content-type',
  'truncated-json',
  'other-root',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Which node of the body (index into its nodes, modulo their number). */
  at: number;
  /** Which variant of the mutation (modulo the number of variants). */
  pick: number;
  size: number;
  text: string;
}

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.nat(),
  pick: fc.nat(),
  size: fc.nat(),
  text: fc.string({ unit: 'binary', maxLength: 40 }),
});

const EDGE_NUMBERS = ['1e400', '-1e400', '-0', '1e308', '5e-324', '9007199254740993', '2147483648', '-2147483649', '1.5', '-1', '0', '1E2', '0.1e-7'];
const RESERVED = ['__proto__', 'constructor', 'prototype'];
const OTHER_TYPES = [0, 'text', true, null, [], {}, [1, 'x'], { k: 1 }];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/vnd.test+json', '', 'text/json', 'application/json; charset=latin1', 'APPLICATION/JSON'];
const BAD_BYTES = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00]];

type Path = (string | number)[];

/** Every node's path (the root is []), breadth first, at most 400 of them. */
function nodes(value: unknown): { path: Path; value: unknown }[] {
  const out = [{ path: [] as Path, value }];
  for (let i = 0; i < out.length && out.length < 400; i++) {
    const v = out[i].value;
    if (Array.isArray(v)) v.forEach((child, k) => out.push({ path: [...out[i].path, k], value: child }));
    else if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) out.push({ path: [...out[i].path, k], value: child });
  }
  return out;
}

function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return copy;
}

/** JSON text of a tree that may hold Raw nodes. */
export function serialize(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v) => (v instanceof Raw ? `\u0000RAW${raws.push(v.text) - 1}\u0000` : v));
  return (text ?? 'null').replace(/"\\u0000RAW(\d+)\\u0000"/g, (_m, i) => raws[Number(i)]);
}

/** An object written with one more key in front (a duplicate or a reserved one). */
function withLeadingKey(obj: Record<string, unknown>, key: string, valueText: string): Raw {
  const rest = serialize(obj).slice(1);
  return new Raw(`{${JSON.stringify(key)}:${valueText}${rest === '}' ? '' : ','}${rest}`);
}

/** A valid body bent one way: the raw bytes to send and, for media-type mutations, the Content-Type. */
export function applyMutation(body: unknown, m: Mutation): { raw: Buffer; contentType?: string } {
  const all = nodes(body);
  const node = all[m.at % all.length];
  const objects = all.filter((n) => n.value && typeof n.value === 'object' && !Array.isArray(n.value));
  const strings = all.filter((n) => typeof n.value === 'string');
  const object = objects.length ? objects[m.at % objects.length] : undefined;
  const put = (path: Path, value: unknown) => Buffer.from(serialize(replaceAt(body, path, value)));
  switch (m.kind) {
    case 'wrong-type': {
      const candidates = OTHER_TYPES.filter((v) => typeof v !== typeof node.value || Array.isArray(v) !== Array.isArray(node.value));
      return { raw: put(node.path, candidates[m.pick % candidates.length]) };
    }
    case 'drop-key': {
      const keys = object ? Object.keys(object.value as object) : [];
      if (!object || !keys.length) return { raw: put([], {}) };
      const { [keys[m.pick % keys.length]]: _dropped, ...rest } = object.value as Record<string, unknown>;
      return { raw: put(object.path, rest) };
    }
    case 'out-of-enum': {
      const target = strings.length ? strings[m.at % strings.length] : node;
      return { raw: put(target.path, `zz-not-allowed-${m.pick % 1000}`) };
    }
    case 'huge-string':
      return { raw: put(node.path, 'x'.repeat(10_000 + (m.size % 150_000))) };
    case 'huge-array':
      return { raw: put(node.path, new Raw(`[${Array(1_000 + (m.size % 25_000)).fill(m.pick % 2 ? '{}' : '0').join(',')}]`)) };
    case 'deep-nesting': {
      const depth = 20 + (m.size % 80);
      const open = m.pick % 2 ? '[' : '{"a":';
      const close = m.pick % 2 ? ']' : '}';
      return { raw: put(node.path, new Raw(`${open.repeat(depth)}1${close.repeat(depth)}`)) };
    }
    case 'unicode': {
      const target = strings.length ? strings[m.at % strings.length] : node;
      return { raw: put(target.path, m.text) };
    }
    case 'invalid-utf8': {
      const text = Buffer.from(serialize(body));
      const at = m.at % (text.length + 1);
      return { raw: Buffer.concat([text.subarray(0, at), Buffer.from(BAD_BYTES[m.pick % BAD_BYTES.length]), text.subarray(at)]) };
    }
    case 'edge-number':
      return { raw: put(node.path, new Raw(EDGE_NUMBERS[m.pick % EDGE_NUMBERS.length])) };
    case 'duplicate-key': {
      const keys = object ? Object.keys(object.value as object) : [];
      if (!object || !keys.length) return { raw: Buffer.from('{"a":1,"a":2}') };
      const valueText = serialize(OTHER_TYPES[m.pick % OTHER_TYPES.length]);
      return { raw: put(object.path, withLeadingKey(object.value as Record<string, unknown>, keys[m.pick % keys.length], valueText)) };
    }
    case 'prototype-key': {
      const target = object ?? { path: [] as Path, value: {} };
      const key = RESERVED[m.pick % RESERVED.length];
      return { raw: put(target.path, withLeadingKey(target.value as Record<string, unknown>, key, '{"polluted":"yes"}')) };
    }
    case 'content-type':
      return { raw: Buffer.from(serialize(body)), contentType: CONTENT_TYPES[m.pick % CONTENT_TYPES.length] };
    case 'truncated-json': {
      const text = serialize(body);
      return { raw: Buffer.from(text.slice(0, m.at % Math.max(1, text.length))) };
    }
    case 'other-root':
      return { raw: Buffer.from(serialize([[1], 42, 'x', null, true, []][m.pick % 6])) };
  }
}
