import { applyFields, sameJson } from '../shared/apply-fields.js';
import type { LineItem, LineItemInput } from './types.js';

// Fields a line input replaces when sent (status is handled apart: null keeps it).
const LINE_FIELDS = ['styleSkuId', 'orderQuantity', 'clientTolerance', 'requestedDeliveryDate', 'requestedBulkReadyDate'] as const;

/** An input line with an `id` refers to a stored line; without one it adds a line. */
export function isNewLine(input: LineItemInput): boolean {
  return input.id === undefined || input.id === null;
}

/** The stored line with the input's fields applied (a copy; `line` is not touched). */
export function updatedLine(line: LineItem, input: LineItemInput): LineItem {
  const next = structuredClone(line);
  applyFields(next as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>, LINE_FIELDS, { nullMeans: 'clear' });
  applyFields(next as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>, ['status'], { nullMeans: 'unchanged' });
  return next;
}

function newLine(id: string, input: LineItemInput): LineItem {
  return {
    id,
    styleSkuId: input.styleSkuId,
    orderQuantity: input.orderQuantity,
    clientTolerance: input.clientTolerance ?? 0,
    requestedDeliveryDate: input.requestedDeliveryDate ?? null,
    requestedBulkReadyDate: input.requestedBulkReadyDate ?? null,
    status: input.status ?? 'pending',
  };
}

/**
 * Lines after the update: inputs with `id` update that line, inputs without one are appended
 * as `LI-<order number>-<max+1>`; lines not mentioned are kept as they are (PATCH never deletes).
 * Every input `id` must already be known to exist on the order.
 */
export function mergeLineItems(stored: readonly LineItem[], inputs: readonly LineItemInput[], documentId: string): LineItem[] {
  const lines = stored.map((line) => structuredClone(line));
  const prefix = `LI-${documentId.replace(/^SO-DOC-/, '')}-`;
  let max = Math.max(0, ...lines.map((l) => (l.id.startsWith(prefix) ? Number(l.id.slice(prefix.length)) || 0 : 0)));
  for (const input of inputs) {
    if (isNewLine(input)) {
      lines.push(newLine(`${prefix}${++max}`, input));
      continue;
    }
    const index = lines.findIndex((l) => l.id === input.id);
    lines[index] = updatedLine(lines[index], input);
  }
  return lines;
}

/** True when a line input changes anything but the line's status (what a confirmed order forbids). */
export function changesMoreThanStatus(stored: readonly LineItem[], input: LineItemInput): boolean {
  if (isNewLine(input)) return true;
  const line = stored.find((l) => l.id === input.id);
  if (!line) return false; // an unknown id is a reference error (422), reported later
  const next = updatedLine(line, input);
  return !sameJson({ ...next, status: line.status }, line);
}

export function totalQuantity(lines: readonly LineItem[]): number {
  return lines.reduce((sum, l) => sum + l.orderQuantity, 0);
}
