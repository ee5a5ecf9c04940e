/** One step of a JSON path: a property name or an array index. */
export type PathSegment = string | number;

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** Parses the subset of JSONPath a filter needs (`$.a.b[0]["c d"]`); undefined when it is not one. */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push((m[3] ?? m[4]).replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/** The value at `segments`, or undefined. */
export function valueAt(root: unknown, segments: PathSegment[]): unknown {
  let value = root;
  for (const seg of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    // Arrays only by index (`length` is not data), objects only by their own keys (never the prototype's).
    if (typeof seg === 'number' ? !Array.isArray(value) : Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, seg)) return undefined;
    value = (value as Record<string | number, unknown>)[seg];
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
