/**
 * Every error ordermock can raise, defined once: a stable code, the HTTP status it maps to by
 * default and a message template. Code branches on `code`, never on message text; each API
 * renders these in its own native shape (see `ApiModule.renderError`).
 */
export const errorCatalogue = {
  ORDERMOCK_ERR_ROUTE_NOT_FOUND: { status: 404, message: 'No operation matches %s %s' },
  ORDERMOCK_ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'Method %s is not allowed on %s' },
  ORDERMOCK_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content-Type %s is not accepted; expected %s' },
  ORDERMOCK_ERR_MALFORMED_BODY: { status: 400, message: 'Request body is not valid %s: %s' },
  ORDERMOCK_ERR_PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body exceeds the limit of %s bytes' },
  ORDERMOCK_ERR_REQUEST_VALIDATION: { status: 400, message: 'Request does not match the contract: %s' },
  ORDERMOCK_ERR_UNAUTHORIZED: { status: 401, message: '%s' },
  ORDERMOCK_ERR_FORBIDDEN: { status: 403, message: '%s' },
  ORDERMOCK_ERR_RESOURCE_NOT_FOUND: { status: 404, message: '%s' },
  ORDERMOCK_ERR_CONFLICT: { status: 409, message: '%s' },
  ORDERMOCK_ERR_PRECONDITION_FAILED: { status: 412, message: '%s' },
  ORDERMOCK_ERR_BUSINESS_RULE: { status: 422, message: '%s' },
  ORDERMOCK_ERR_RATE_LIMITED: { status: 429, message: '%s' },
  ORDERMOCK_ERR_RESPONSE_VALIDATION: { status: 500, message: 'Mock response violates the contract: %s' },
  ORDERMOCK_ERR_STORE_WRITE: { status: 500, message: 'The change could not be made durable: %s' },
  ORDERMOCK_ERR_INTERNAL: { status: 500, message: 'Internal error: %s' },
  ORDERMOCK_ERR_NAMESPACE_LIMIT: {
    status: 507,
    message: 'This mock already holds state for its limit of %s namespaces: reset or delete namespaces no longer needed, or start it with a higher maxNamespaces',
  },
  ORDERMOCK_ERR_STORE_OPEN: { status: 500, message: '%s' },
  ORDERMOCK_ERR_FAULT_INJECTED: { status: 500, message: 'Status %s injected by fault rule %s' },
  ORDERMOCK_ERR_PREFER_UNDOCUMENTED: { status: 400, message: 'Prefer %s is not documented for %s; documented: %s' },
  ORDERMOCK_ERR_ORIGIN_NOT_ALLOWED: { status: 403, message: 'Origin %s is not allowed %s' },
  ORDERMOCK_ERR_HOST_NOT_ALLOWED: { status: 403, message: 'Host %s is not allowed for the control plane; add it with --allowed-hosts' },
  ORDERMOCK_ERR_ADMIN_TOKEN: { status: 401, message: 'The control plane needs Authorization: Bearer <admin token>, or a dashboard session opened with it (%s)' },
  ORDERMOCK_ERR_LISTEN: { status: 500, message: 'Cannot listen on %s: %s' },
  ORDERMOCK_ERR_CONFIG: { status: 500, message: 'Invalid configuration: %s' },
  ORDERMOCK_ERR_BODY_TOO_DEEP: { status: 400, message: 'Request body nests deeper than the limit of %s levels (it has %s)' },
  ORDERMOCK_ERR_UPSTREAM_UNREACHABLE: { status: 502, message: 'Upstream %s did not answer: %s' },
  ORDERMOCK_ERR_FEED_FULL: { status: 503, message: 'The live feed already has its limit of %s subscribers: close a dashboard tab or another reader of /__ordermock/events' },
  ORDERMOCK_ERR_UPSTREAM_TOO_LARGE: { status: 502, message: 'Upstream %s answered with a body over the limit of %s bytes' },
  ORDERMOCK_ERR_STORE_UNAVAILABLE: { status: 500, message: 'The shared store %s did not answer (%s): retry once it is back' },
  ORDERMOCK_ERR_STORE_CONFLICT: { status: 500, message: 'Other instances kept changing what this request read (%s attempts); nothing was changed: retry' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** Where a request field lives, as a client names it. */
export type FieldLocation = 'body' | 'path' | 'query' | 'header' | 'cookie';

/** One broken rule of one field: the unit every API's error renderer lists. */
export interface FieldIssue {
  in: FieldLocation;
  /** Segments from the location's root, e.g. ['lineItems', 0, 'orderQuantity']. */
  path: (string | number)[];
  message: string;
  /** The JSON Schema keyword or business rule that failed, e.g. 'type', 'enum', 'required'. */
  rule: string;
  /** The offending value, when there is one (absent for a missing field). */
  value?: unknown;
}

export interface OrdermockErrorOptions {
  issues?: FieldIssue[];
  headers?: Record<string, string>;
  /** Overrides the catalogue status (e.g. an API that answers 409 where another answers 422). */
  status?: number;
  /** Free-form facts for renderers (current state, action...). */
  meta?: Record<string, unknown>;
}

export class OrdermockError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[];
  readonly headers: Record<string, string>;
  readonly meta: Record<string, unknown>;

  constructor(code: ErrorCode, args: readonly (string | number)[], options: OrdermockErrorOptions = {}) {
    super(formatMessage(errorCatalogue[code].message, args));
    this.name = 'OrdermockError';
    this.code = code;
    this.status = options.status ?? errorCatalogue[code].status;
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
    this.meta = options.meta ?? {};
  }
}

/** Builds the error for `code`; message arguments fill the template's `%s` in order. */
export function ordermockError(code: ErrorCode, ...args: (string | number)[]): OrdermockError {
  return new OrdermockError(code, args);
}

function formatMessage(template: string, args: readonly (string | number)[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ''));
}

/** `body.lineItems[0].orderQuantity`: the way people and most vendor error bodies name a field. */
export function describeField(issue: Pick<FieldIssue, 'in' | 'path'>): string {
  let out: string = issue.in;
  for (const seg of issue.path) out += typeof seg === 'number' ? `[${seg}]` : `.${seg}`;
  return out;
}

export function isOrdermockError(err: unknown): err is OrdermockError {
  return err instanceof OrdermockError;
}
