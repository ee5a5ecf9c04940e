import type { ApiRequest, HandlerContext } from '../../core/api-module.js';
import { OrdermockError } from '../../core/errors/catalogue.js';
import { header } from '../shared/credentials.js';
import {
  FINAL_STATUSES,
  OPERATION_SCOPES,
  SCOPE_RUN_AS,
  type Company,
  type JtlPrincipal,
  type Role,
  type SalesOrder,
  type Session,
  type User,
} from './types.js';

/** Who and where a request runs, once its optional headers have been checked. */
export interface RequestScope {
  tenantId: string;
  companyId: string | null;
  sessionId: string | null;
}

/**
 * The header checks that run after request validation (so a malformed header is a 400 first):
 * `x-runas` (403), `x-companyid` (403), `X-SessionId` (412).
 */
export function resolveRequestScope(req: ApiRequest, ctx: HandlerContext): RequestScope {
  const principal = req.principal as JtlPrincipal;
  const { tenantId } = principal;
  const runAs = header(req.headers, 'x-runas');
  if (runAs !== undefined) checkRunAs(runAs, principal, req.operationId, ctx);

  let companyId: string | null = null;
  const companyHeader = header(req.headers, 'x-companyid');
  if (companyHeader !== undefined) {
    const company = findByLegacyOrUuid<Company>(ctx, 'companies', 'companyId', companyHeader, tenantId);
    if (!company) throw forbidden(`Company ${companyHeader} does not exist in this tenant.`);
    companyId = company.companyId;
  }

  let sessionId: string | null = null;
  const sessionHeader = header(req.headers, 'x-sessionid');
  if (sessionHeader !== undefined) {
    const session = ctx.data.collection<Session>('sessions').get(sessionHeader.toLowerCase());
    if (!session || session.tenantId !== tenantId || !isLive(session, ctx)) {
      throw new OrdermockError('ORDERMOCK_ERR_PRECONDITION_FAILED', [`Session ${sessionHeader} does not exist or has expired.`]);
    }
    sessionId = session.sessionId;
  }
  return { tenantId, companyId, sessionId };
}

function checkRunAs(value: string, principal: JtlPrincipal, operationId: string, ctx: HandlerContext): void {
  if (!principal.scopes.includes(SCOPE_RUN_AS)) throw forbidden(`The header 'x-runas' requires the scope '${SCOPE_RUN_AS}'.`);
  const user = findByLegacyOrUuid<User>(ctx, 'users', 'userId', value, principal.tenantId);
  if (!user || !user.active) throw forbidden(`User ${value} does not exist or is not active in this tenant.`);
  const roles = ctx.data.collection<Role>('roles');
  const permissions = new Set(user.roles.flatMap((r) => roles.get(r)?.permissions ?? []));
  const needed = OPERATION_SCOPES[operationId] ?? [];
  if (needed.length && !needed.some((s) => permissions.has(s))) {
    throw forbidden(`User ${value} is not allowed to ${needed[0] === 'orders.write' ? 'modify' : 'read'} sales orders.`);
  }
}

/** `x-runas` and `x-companyid` name a document by its int `legacyId` or its uuid. */
function findByLegacyOrUuid<T extends { legacyId: number; tenantId: string }>(
  ctx: HandlerContext,
  collection: string,
  idField: string,
  value: string,
  tenantId: string,
): T | undefined {
  const docs = ctx.data.collection<T>(collection).list().filter((d) => d.tenantId === tenantId);
  if (/^[0-9]+$/.test(value)) return docs.find((d) => d.legacyId === Number(value));
  return docs.find((d) => String((d as Record<string, unknown>)[idField]).toLowerCase() === value.toLowerCase());
}

function isLive(session: Session, ctx: HandlerContext): boolean {
  return Date.parse(session.expiresAt) > ctx.clock.now().getTime();
}

/** The order, if it is visible in the tenant (and company); any other case is the same 404. */
export function findOrder(ctx: HandlerContext, scope: RequestScope, salesOrderId: string): SalesOrder {
  const order = ctx.data.collection<SalesOrder>('orders').get(salesOrderId.toLowerCase());
  if (!order || order.tenantId !== scope.tenantId || (scope.companyId && order.companyId !== scope.companyId)) {
    throw new OrdermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', [`Sales order ${salesOrderId} was not found.`]);
  }
  return order;
}

/** 409: another live session holds the order's lock, or the order's status is final. */
export function assertModifiable(ctx: HandlerContext, scope: RequestScope, order: SalesOrder): void {
  const holder = ctx.data
    .collection<Session>('sessions')
    .list()
    .find(
      (s) => s.tenantId === scope.tenantId && s.sessionId !== scope.sessionId && isLive(s, ctx) && s.lockedSalesOrderIds.includes(order.salesOrderId),
    );
  if (holder) {
    throw new OrdermockError('ORDERMOCK_ERR_CONFLICT', [`Sales order ${order.number} is locked by session ${holder.sessionId}.`], {
      meta: { lockedBy: holder.sessionId },
    });
  }
  if (FINAL_STATUSES.has(order.status)) {
    throw new OrdermockError('ORDERMOCK_ERR_CONFLICT', [`Sales order ${order.number} has status '${order.status}' and can no longer be modified.`], {
      meta: { status: order.status },
    });
  }
}

function forbidden(message: string): OrdermockError {
  return new OrdermockError('ORDERMOCK_ERR_FORBIDDEN', [message]);
}
