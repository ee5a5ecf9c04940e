/** One changed leaf: `lineItems[1].orderQuantity`: 180 → 200 (undefined = absent). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

const MAX_CHANGES = 200;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Field-level differences between two JSON documents, leaf by leaf (arrays by index). */
export function diffDocs(before: unknown, after: unknown, path = '', out: FieldChange[] = []): FieldChange[] {
  if (out.length >= MAX_CHANGES) return out;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = Array.isArray(before) ? [...Array(Math.max(before.length, (after as unknown as unknown[]).length)).keys()].map(String) : [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      const child = Array.isArray(before) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      diffDocs((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], child, out);
    }
    return out;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path: path || '(document)', before, after });
  return out;
}
