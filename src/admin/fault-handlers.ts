import type { OperationHandler } from '../core/api-module.js';
import { ordermockError } from '../core/errors/catalogue.js';
import type { FaultRule } from '../core/faults/fault-rule.js';
import type { ControlPlaneDeps } from './control-plane.js';

/** Fault rules (the same data as `mock.faults` in code) and the process clock. */
export function faultAndClockHandlers(deps: ControlPlaneDeps): Record<string, OperationHandler> {
  const { faults, clock } = deps;
  return {
    listFaults: () => ({ status: 200, body: { faults: faults.list() } }),
    addFault: (req) => ({ status: 201, body: faults.add(req.body as FaultRule) }),
    clearFaults: () => {
      faults.clear();
      return { status: 204 };
    },
    deleteFault: (req) => {
      if (!faults.remove(req.params.id)) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', `No fault rule ${req.params.id}`);
      return { status: 204 };
    },
    getClock: () => ({ status: 200, body: clock.state() }),
    setClock: (req) => {
      const body = req.body as { set?: string; advance?: number; release?: true };
      const state = body.set !== undefined ? clock.set(body.set) : body.advance !== undefined ? clock.advance(body.advance) : clock.release();
      return { status: 200, body: state };
    },
  };
}
