import type { OrderAction, OrderStatus, User } from './types.js';

interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  /** Roles allowed to perform it; undefined means any authenticated user. */
  roles?: readonly User['role'][];
}

const MANAGERS: readonly User['role'][] = ['manager', 'admin'];

/** The transition table of docs/apis/cutmake.md ("Update rules"). */
export const TRANSITIONS: Record<OrderAction, Transition> = {
  draft: { from: ['draft', 'pending_review', 'rejected'], to: 'draft' },
  submit_for_review: { from: ['draft', 'rejected'], to: 'pending_review' },
  confirm: { from: ['pending_review'], to: 'confirmed', roles: MANAGERS },
  reject: { from: ['pending_review'], to: 'rejected', roles: MANAGERS },
  mark_in_procurement: { from: ['confirmed'], to: 'in_procurement', roles: MANAGERS },
  mark_in_production: { from: ['confirmed', 'in_procurement'], to: 'in_production', roles: MANAGERS },
  // The page names no permission for this one: treated like the other mark_* actions.
  mark_partially_delivered: { from: ['in_production', 'partially_delivered'], to: 'partially_delivered', roles: MANAGERS },
  mark_delivered: { from: ['in_production', 'partially_delivered'], to: 'delivered', roles: MANAGERS },
};

export const ACTIONS = Object.keys(TRANSITIONS) as OrderAction[];

/** From confirmation on, the commercial terms are frozen (only notes and line statuses move). */
const LOCKED: readonly OrderStatus[] = ['confirmed', 'in_procurement', 'in_production', 'partially_delivered', 'delivered'];

export function isLocked(status: OrderStatus): boolean {
  return LOCKED.includes(status);
}

export function mayPerform(action: OrderAction, role: User['role']): boolean {
  const roles = TRANSITIONS[action].roles;
  return !roles || roles.includes(role);
}

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(status: OrderStatus, action: OrderAction): OrderStatus | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(status) ? transition.to : undefined;
}

/** Approval flags each action leaves behind; undefined keeps the stored ones. */
export function approvalAfter(action: OrderAction): boolean | undefined {
  if (action === 'confirm') return true;
  if (action === 'reject' || action === 'draft' || action === 'submit_for_review') return false;
  return undefined;
}

/** The same table as data, for the dashboard's diagram (GET /__ordermock/apis/cutmake/lifecycle). */
export const LIFECYCLE = {
  stateField: 'status',
  actionField: 'action',
  states: [...new Set(Object.values(TRANSITIONS).flatMap((t) => [...t.from, t.to]))],
  transitions: ACTIONS.flatMap((action) => TRANSITIONS[action].from.map((from) => ({ name: action, from, to: TRANSITIONS[action].to, roles: TRANSITIONS[action].roles ?? null }))),
};
