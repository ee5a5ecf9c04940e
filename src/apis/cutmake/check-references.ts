import type { FieldIssue } from '../../core/errors/catalogue.js';
import type { ApiData } from '../../core/store/store.js';
import { isNewLine } from './line-items.js';
import type { LineItemInput, SalesOrder } from './types.js';

export interface ReferenceErrors {
  issues: FieldIssue[];
  /** The offending input of each issue (FastAPI's `input`), same order. */
  inputs: unknown[];
}

interface UpdateRefs {
  clientId?: string | null;
  styleId?: string | null;
  lineItems?: LineItemInput[] | null;
}

/**
 * Everything the update names must exist: client, style, style SKUs (of the order's style after
 * the update) and line ids (on this order). Collects all problems, like a Pydantic validator.
 */
export function findReferenceErrors(order: SalesOrder, body: UpdateRefs, data: ApiData): ReferenceErrors {
  const issues: FieldIssue[] = [];
  const inputs: unknown[] = [];
  const add = (path: (string | number)[], message: string, input: unknown) => {
    issues.push({ in: 'body', path, message, rule: 'value_error' });
    inputs.push(input);
  };
  const skus = data.collection<{ styleId: string }>('styleSkus');

  if (typeof body.clientId === 'string' && !data.collection('clients').has(body.clientId)) {
    add(['clientId'], `Unknown client '${body.clientId}'`, body.clientId);
  }
  const styleGiven = body.styleId !== undefined;
  const styleKnown = typeof body.styleId !== 'string' || data.collection('styles').has(body.styleId);
  if (!styleKnown) add(['styleId'], `Unknown style '${body.styleId}'`, body.styleId);
  // With an unknown style every SKU would "not belong": report the style alone.
  const style = styleGiven ? (body.styleId ?? null) : order.styleId;

  const lines = body.lineItems ?? [];
  lines.forEach((line, i) => {
    if (!isNewLine(line) && !order.lineItems.some((l) => l.id === line.id)) {
      add(['lineItems', i, 'id'], `Line item '${line.id}' is not on order ${order.id}`, line.id);
    }
    const sku = skus.get(line.styleSkuId);
    if (!sku) add(['lineItems', i, 'styleSkuId'], `Unknown style SKU '${line.styleSkuId}'`, line.styleSkuId);
    else if (styleKnown && style !== null && sku.styleId !== style) {
      add(['lineItems', i, 'styleSkuId'], `Style SKU '${line.styleSkuId}' does not belong to style '${style}'`, line.styleSkuId);
    }
  });

  if (styleKnown && typeof body.styleId === 'string' && body.styleId !== order.styleId) {
    const mentioned = new Set(lines.map((l) => l.id).filter(Boolean));
    const misfits = order.lineItems.filter((l) => !mentioned.has(l.id) && skus.get(l.styleSkuId)?.styleId !== body.styleId);
    if (misfits.length) {
      const list = misfits.map((l) => `${l.id} (${l.styleSkuId})`).join(', ');
      add(['styleId'], `Style '${body.styleId}' does not fit the SKUs of lines ${list}`, body.styleId);
    }
  }
  return { issues, inputs };
}
