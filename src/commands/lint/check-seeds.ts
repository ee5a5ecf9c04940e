import { readFile } from 'node:fs/promises';
import type { OpenAPIBackend, Operation } from 'openapi-backend';
import { toFieldIssues } from '../../core/pipeline/validate-request.js';
import { pointerOf, type LintProblem } from './lint-problem.js';

/**
 * Every seed order against the contract: an order as stored is what the API's read answers, so
 * it must fit the 200 response of a GET operation (of any one, when the contract has several).
 */
export async function checkSeedOrders(seedFile: string, backend: OpenAPIBackend): Promise<LintProblem[]> {
  let seeds: { collections?: { orders?: Record<string, unknown> } };
  try {
    seeds = JSON.parse(await readFile(seedFile, 'utf8'));
  } catch (err) {
    return [{ file: seedFile, pointer: '#', rule: 'seed-readable', severity: 'error', message: `is not readable JSON: ${(err as Error).message}` }];
  }
  const reads = (backend.router.getOperations() as Operation[]).filter((op) => op.method === 'get' && backend.validator.getStatusBasedResponseValidatorForOperation(op.operationId as string)?.['200']);
  const orders = Object.entries(seeds.collections?.orders ?? {});
  if (!reads.length || !orders.length) return [];
  const problems: LintProblem[] = [];
  for (const [id, order] of orders) {
    const results = reads.map((op) => {
      const validate = backend.validator.getStatusBasedResponseValidatorForOperation(op.operationId as string)!['200'];
      return validate(order) ? [] : (validate.errors ?? []).map((e) => ({ ...e, instancePath: `/requestBody${e.instancePath}` }));
    });
    if (results.some((errors) => !errors.length)) continue;
    const base = pointerOf('#/collections/orders', id);
    for (const issue of toFieldIssues(results[0])) {
      problems.push({ file: seedFile, pointer: pointerOf(base, ...issue.path), rule: 'seed-valid', severity: 'error', message: `order ${id}: ${issue.path.join('.') || 'value'} ${issue.message} (200 of ${reads[0].operationId})` });
    }
  }
  return problems;
}
