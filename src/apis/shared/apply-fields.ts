/**
 * Copies the listed fields from a request body onto a stored document and returns the names of
 * the fields whose value changed. Only declared keys are read, never spread or deep-merged, so
 * keys like `__proto__` in a body cannot reach a prototype.
 *
 * `null` either clears the field (`nullMeans: 'clear'`, e.g. FastAPI/Pydantic partial updates)
 * or leaves it as it is (`nullMeans: 'unchanged'`, e.g. Sellercloud).
 */
export function applyFields(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  fields: readonly string[],
  options: { nullMeans: 'clear' | 'unchanged' },
): string[] {
  const changed: string[] = [];
  for (const field of fields) {
    if (!Object.prototype.hasOwnProperty.call(patch, field)) continue;
    const value = patch[field];
    if (value === undefined || (value === null && options.nullMeans === 'unchanged')) continue;
    if (!sameJson(target[field], value)) {
      target[field] = structuredClone(value);
      changed.push(field);
    }
  }
  return changed;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
