import { pointerOf, type LintProblem } from './lint-problem.js';

type Node = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * ordermock's own conventions (docs/adding-an-api.md), checked whether or not redocly is installed:
 * OpenAPI 3.1, every operation named (unique camelCase operationId), a `default` error response
 * (the mock sends 405/413/415 through it), and companion operations say so.
 */
export function checkProjectRules(file: string, raw: Node): LintProblem[] {
  const problems: LintProblem[] = [];
  const report = (pointer: string, rule: string, message: string) => problems.push({ file, pointer, rule, severity: 'error', message });
  if (raw.openapi !== '3.1.0') report('#/openapi', 'openapi-3.1', `must be "3.1.0" (is ${JSON.stringify(raw.openapi)})`);
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries((raw.paths ?? {}) as Node)) {
    for (const method of METHODS.filter((m) => item?.[m])) {
      const op = item[method] as Node;
      const at = pointerOf('#/paths', path, method);
      if (typeof op.operationId !== 'string') report(at, 'operation-id', 'has no operationId');
      else if (!/^[a-z][A-Za-z0-9]+$/.test(op.operationId)) report(`${at}/operationId`, 'operation-id', `"${op.operationId}" is not camelCase`);
      else if (seen.has(op.operationId)) report(`${at}/operationId`, 'operation-id', `"${op.operationId}" is also used at ${seen.get(op.operationId)}`);
      else seen.set(op.operationId, at);
      if (!op.responses?.default) report(`${at}/responses`, 'default-response', 'has no `default` error response (405, 413, 415 are sent through it)');
      if (op['x-ordermock-companion'] && !/^Companion operation, not on the reference page/.test(op.description ?? '')) {
        report(`${at}/description`, 'companion-description', 'a companion operation must start its description with "Companion operation, not on the reference page"');
      }
    }
  }
  return problems;
}
