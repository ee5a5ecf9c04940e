import { TRANSITIONS as CUTMAKE } from '../../apis/cutmake/state-machine.js';
import { TRANSITIONS as RECERC } from '../../apis/recerc/state-machine.js';

/**
 * The APIs with an order state machine: where the order id and its status are, and every legal
 * transition, taken from the API module's own table (one source for the mock and its coverage).
 */
export interface StateMachine {
  /** The path parameter that names the order. */
  idParam: string;
  /** Operations whose 2xx body shows the order's status (reads and updates). */
  showsStatus: string[];
  /** The order's status in a 2xx body of one of those operations. */
  statusIn(operationId: string, body: unknown): unknown;
  /** The update operation, and whether a request to it asks for a transition. */
  update: string;
  asksTransition(body: Record<string, unknown>): boolean;
  transitions: [from: string, to: string][];
}

export const stateMachines: Record<string, StateMachine> = {
  cutmake: {
    idParam: 'document_id',
    showsStatus: ['getOrder', 'updateOrder'],
    statusIn: (_op, body) => (body as { status?: unknown } | null)?.status,
    update: 'updateOrder',
    asksTransition: (body) => typeof body.action === 'string',
    transitions: Object.values(CUTMAKE).flatMap((t) => t.from.map((from): [string, string] => [from, t.to])),
  },
  recerc: {
    idParam: 'id',
    showsStatus: ['getOrder', 'updateOrder'],
    // The update answers the revision with the order after it.
    statusIn: (op, body) => (op === 'updateOrder' ? (body as { order?: { status?: unknown } } | null)?.order?.status : (body as { status?: unknown } | null)?.status),
    update: 'updateOrder',
    asksTransition: (body) => typeof body.status === 'string',
    transitions: Object.entries(RECERC).flatMap(([from, tos]) => tos.map((to): [string, string] => [from, to])),
  },
};
