import { describeField } from '../errors/catalogue.js';
import type { Exchange } from './exchange.js';
import { toFieldIssues } from './validate-request.js';

/**
 * Stage (runs on errors too): checks the mock's own answer against the contract for that exact
 * status. Violations are recorded on the exchange; strict mode turns them into a 500.
 */
export function validateResponse(ex: Exchange): void {
  if (!ex.api || !ex.operation || !ex.response) return;
  const { status, body } = ex.response;
  const declared = ex.operation.responses ?? {};
  if (!(String(status) in declared) && !(`${String(status)[0]}XX` in declared) && !('default' in declared)) {
    ex.violations.push({ location: 'response.status', message: `status ${status} is not declared by ${ex.operation.operationId}` });
    return;
  }
  const result = ex.api.backend.validator.validateResponse(body, ex.operation, status);
  for (const issue of toFieldIssues(
    (result.errors ?? []).map((e) => ({ ...e, instancePath: `/requestBody${e.instancePath}` })),
  )) {
    ex.violations.push({ location: describeField(issue).replace(/^body/, 'response.body'), message: issue.message });
  }
}
