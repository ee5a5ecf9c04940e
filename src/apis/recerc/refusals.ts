import { OrdermockError, type FieldIssue } from '../../core/errors/catalogue.js';

/** The 422 codes of the contract's `UnprocessableErrorResponse`. */
export type UnprocessableCode =
  | 'id_mismatch'
  | 'unknown_item'
  | 'duplicate_item_id'
  | 'invalid_parent'
  | 'invalid_item_update'
  | 'unknown_requirement'
  | 'unknown_reference'
  | 'unknown_currency'
  | 'currency_mismatch'
  | 'invalid_status_transition'
  | 'requirements_not_approved'
  | 'order_locked';

/** A body field's location as segments, e.g. ['updatedItems', 0, 'id'] for /updatedItems/0/id. */
export type BodyPath = (string | number)[];

function bodyIssue(path: BodyPath, message: string, rule: string): FieldIssue {
  return { in: 'body', path, message, rule };
}

/** 422 refusal: `code` travels in meta so the renderer never reads message text. */
export function refuse(code: UnprocessableCode, message: string, path?: BodyPath, detail?: string): OrdermockError {
  const issues = path ? [bodyIssue(path, detail ?? message, code)] : [];
  return new OrdermockError('ORDERMOCK_ERR_BUSINESS_RULE', [message], { issues, meta: { code } });
}

export function orderNotFound(id: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', [`Order ${id} not found.`], {
    issues: [{ in: 'path', path: ['id'], message: `no order with id ${id}`, rule: 'order_not_found' }],
  });
}

export function revisionConflict(orderId: string, current: number, sent: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_CONFLICT', [`Order ${orderId} is at revision ${current}; the request was based on revision ${sent}.`], {
    issues: [{ in: 'header', path: ['if-match'], message: `must match the current revision "${current}"`, rule: 'revision_conflict' }],
    headers: { etag: `"${current}"` },
  });
}
