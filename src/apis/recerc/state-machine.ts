import { refuse } from './refusals.js';
import type { Order, OrderStatus, RequirementStatus, RevisionChange } from './types.js';

/** Allowed status transitions (ordermock's choice; the page gives only the enum). */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ['in review', 'ready', 'cancelled'],
  'in review': ['draft', 'ready', 'cancelled'],
  ready: ['draft', 'in review', 'accepted', 'cancelled'],
  accepted: ['cancelled'],
  cancelled: ['draft'],
};

/** Statuses in which only `status` may change. */
export const LOCKED_STATUSES: readonly OrderStatus[] = ['accepted', 'cancelled'];

/** Body keys that are not "a part" of the mutation for the lock rule. */
const ALWAYS_ALLOWED = new Set(['id', 'sessionId', 'status']);

/** 422 order_locked when an accepted/cancelled order is asked to change anything but its status. */
export function checkLock(order: Order, body: Record<string, unknown>): void {
  if (!LOCKED_STATUSES.includes(order.status)) return;
  const part = Object.keys(body).find((key) => !ALWAYS_ALLOWED.has(key));
  if (part !== undefined) {
    throw refuse('order_locked', `Order ${order.id} is ${order.status}; only its status can change.`, [part], `cannot change while the order is ${order.status}`);
  }
}

/** Applies `status` last, so acceptance sees the requirement updates of the same mutation. */
export function applyStatus(order: Order, target: OrderStatus | undefined): RevisionChange[] {
  if (target === undefined || target === order.status) return [];
  const before = order.status;
  if (!TRANSITIONS[before].includes(target)) {
    throw refuse('invalid_status_transition', `An order cannot go from ${before} to ${target}.`, ['status'], `allowed from ${before}: ${TRANSITIONS[before].join(', ')}`);
  }
  if (target === 'accepted') {
    const open = order.requirements.filter((r) => r.status !== 'approved');
    if (open.length) {
      throw refuse(
        'requirements_not_approved',
        `Order ${order.id} cannot be accepted while requirements are not approved.`,
        ['status'],
        open.map((r) => `${r.id} is ${r.status}`).join(', '),
      );
    }
  }
  order.status = target;
  return [{ kind: 'status', before, after: target }];
}

/** `requirementUpdates`: each known id at most once; sets status, reason (absent = null) and updatedAt. */
export function applyRequirementUpdates(
  order: Order,
  updates: { id: string; status: RequirementStatus; reason?: string | null }[],
  now: string,
): RevisionChange[] {
  const seen = new Set<string>();
  return updates.map((update, i) => {
    const requirement = order.requirements.find((r) => r.id === update.id);
    if (!requirement || seen.has(update.id)) {
      const why = requirement ? `requirement ${update.id} is updated twice` : `Order ${order.id} has no requirement ${update.id}`;
      throw refuse('unknown_requirement', `${why}.`, ['requirementUpdates', i, 'id'], why);
    }
    seen.add(update.id);
    const before = requirement.status;
    requirement.status = update.status;
    requirement.reason = update.reason ?? null;
    requirement.updatedAt = now;
    return { kind: 'requirement', ids: [update.id], before, after: update.status, reason: requirement.reason };
  });
}

/** The same table as data, for the dashboard's diagram (GET /__ordermock/apis/recerc/lifecycle). */
export const LIFECYCLE = {
  stateField: 'status',
  actionField: null,
  states: Object.keys(TRANSITIONS) as OrderStatus[],
  transitions: (Object.entries(TRANSITIONS) as [OrderStatus, readonly OrderStatus[]][]).flatMap(([from, targets]) => targets.map((to) => ({ name: `${from} → ${to}`, from, to, roles: null }))),
};
