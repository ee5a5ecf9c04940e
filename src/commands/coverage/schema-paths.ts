/** What a request can carry, read from its schema: field paths and the enum values at each. */
export interface RequestShape {
  /** `body.lineItems[].orderQuantity`, `query.orderNumber`, `header.x-user-id`. */
  fields: Set<string>;
  /** Path → the values the contract lists there (enum, or the `const` of each oneOf variant). */
  enums: Map<string, unknown[]>;
}

type Schema = Record<string, unknown>;
const MAX_DEPTH = 8;

/** Walks a dereferenced schema (cycles and depth bounded) and adds its field paths and enums to `shape`. */
export function addSchemaPaths(schema: unknown, path: string, shape: RequestShape, stack = new Set<object>()): void {
  if (!schema || typeof schema !== 'object' || stack.has(schema) || stack.size > MAX_DEPTH) return;
  const s = schema as Schema;
  stack.add(s);
  const values = Array.isArray(s.enum) ? s.enum : s.const !== undefined ? [s.const] : [];
  if (values.length) {
    const known = shape.enums.get(path) ?? [];
    for (const v of values) if (v !== null && !known.some((k) => JSON.stringify(k) === JSON.stringify(v))) known.push(v);
    if (known.length) shape.enums.set(path, known);
  }
  for (const [name, sub] of Object.entries((s.properties as Record<string, unknown>) ?? {})) {
    const child = `${path}.${name}`;
    shape.fields.add(child);
    addSchemaPaths(sub, child, shape, stack);
  }
  if (s.items) addSchemaPaths(s.items, `${path}[]`, shape, stack);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const branch of (s[key] as unknown[]) ?? []) addSchemaPaths(branch, path, shape, stack);
  }
  stack.delete(s);
}

/** Every path present in a value, with the primitive values seen at each (same naming as `addSchemaPaths`). */
export function valuePaths(value: unknown, path: string, out: Map<string, Set<string>>): void {
  if (Array.isArray(value)) {
    for (const item of value) valuePaths(item, `${path}[]`, out);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, sub] of Object.entries(value)) {
      const child = `${path}.${key}`;
      if (!out.has(child)) out.set(child, new Set());
      valuePaths(sub, child, out);
    }
    return;
  }
  if (!out.has(path)) out.set(path, new Set());
  out.get(path)!.add(JSON.stringify(value));
}
