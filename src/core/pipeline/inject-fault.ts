import { OrdermockError } from '../errors/catalogue.js';
import type { FaultRules } from '../faults/fault-rules.js';
import type { Exchange, FaultEffect } from './exchange.js';
import { documentedStatuses, exampleResponse } from './example-response.js';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Stage (after the body is read, so an order id in the body can match): the first fault rule
 * that fires delays the request, answers a documented error with its example body, sends a
 * truncated body or drops the connection. Nothing reaches the store when it answers.
 */
export function injectFault(faults: FaultRules) {
  return async (ex: Exchange): Promise<void> => {
    const decision = faults.decide(ex);
    if (!decision) return;
    const effects: FaultEffect[] = [];
    ex.fault = { ruleId: decision.ruleId, effects, ...(decision.delayMs ? { delayMs: decision.delayMs } : {}) };
    if (decision.delayMs) {
      effects.push('delay');
      await sleep(decision.delayMs);
    }
    const operation = ex.operation!;
    if (decision.drop) {
      effects.push('drop');
      ex.drop = true;
      ex.response = { status: 0 };
    } else if (decision.malformed) {
      effects.push('malformed');
      const status = decision.status ?? 200;
      const example = exampleResponse(operation, status) ?? exampleResponse(operation, documentedStatuses(operation)[0]);
      const text = JSON.stringify(example?.body ?? { error: 'malformed' });
      ex.response = { status, headers: { 'content-type': 'application/json' }, raw: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    } else if (decision.status !== undefined) {
      effects.push('status');
      const status = decision.status;
      ex.error = new OrdermockError('ORDERMOCK_ERR_FAULT_INJECTED', [status, decision.ruleId], { status });
      ex.response = exampleResponse(operation, status) ?? { ...ex.api!.module.renderError(ex.error, { operationId: ex.request?.operationId }), status };
    }
  };
}
