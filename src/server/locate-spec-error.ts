import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';

/** Why a contract failed to load, and where in it: a JSON pointer, or a line for a YAML syntax error. */
export function locateSpecError(text: string, err: Error): { message: string; pointer?: string } {
  const message = err.message.replace(/^Cannot load contract \S+: /, '').split('\n')[0];
  const line = /\((\d+):(\d+)\)$/.exec(message);
  if (line) return { message, pointer: `line ${line[1]}, column ${line[2]}` };
  const missing = /Missing \$ref pointer "([^"]+)"/.exec(message)?.[1];
  const operation = /(?:no handler for|unknown operations) ([\w-]+)/.exec(message)?.[1];
  let root: Node | null = null;
  try {
    root = parseDocument(text).contents;
  } catch {
    return { message };
  }
  const found = root && findPointer(root, (key, value) => (missing !== undefined && key === '$ref' && value === missing) || (operation !== undefined && key === 'operationId' && value === operation));
  return { message, pointer: found ?? undefined };
}

/** Depth-first search for a scalar `key: value`; answers the pointer of the object holding it (RFC 6901). */
function findPointer(node: Node, match: (key: string, value: unknown) => boolean, path: string[] = []): string | null {
  const pointer = () => `#/${path.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (isScalar(pair.value) && match(key, pair.value.value)) return pointer();
      if (pair.value && typeof pair.value === 'object') {
        const inner = findPointer(pair.value as Node, match, [...path, key]);
        if (inner) return inner;
      }
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = item && typeof item === 'object' ? findPointer(item as Node, match, [...path, String(i)]) : null;
      if (inner) return inner;
    }
  }
  return null;
}
