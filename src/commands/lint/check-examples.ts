import type { ErrorObject } from 'ajv';
import type { OpenAPIBackend } from 'openapi-backend';
import { toFieldIssues } from '../../core/pipeline/validate-request.js';
import { pointerOf, type LintProblem } from './lint-problem.js';

type Node = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Every example of every operation (request bodies, responses, parameters) against its schema,
 * with the validators the server compiled from the same contract. Walks the unresolved document
 * so each problem points where the example is written, also when it sits behind a `$ref`.
 */
export function checkExamples(file: string, raw: Node, backend: OpenAPIBackend): LintProblem[] {
  const problems: LintProblem[] = [];
  const report = (pointer: string, rule: string, message: string, severity: LintProblem['severity'] = 'error') => problems.push({ file, pointer, rule, severity, message });
  for (const [path, item0] of Object.entries((raw.paths ?? {}) as Node)) {
    const item = resolve(raw, item0, pointerOf('#/paths', path));
    for (const method of METHODS.filter((m) => item.node[m])) {
      const op = item.node[method] as Node;
      const opPointer = pointerOf(item.pointer, method);
      const operationId = op.operationId as string | undefined;
      if (!operationId) continue; // reported by the project rules
      const validators = backend.validator;
      const body = op.requestBody && resolve(raw, op.requestBody, `${opPointer}/requestBody`);
      for (const [type, media] of Object.entries((body?.node.content ?? {}) as Node)) {
        forEachExample(raw, media, pointerOf(`${body!.pointer}/content`, type), report, (value) => {
          const errors: ErrorObject[] = [];
          for (const validate of validators.getRequestValidatorsForOperation(operationId) ?? []) {
            if (!validate({ path: {}, query: {}, header: {}, cookie: {}, requestBody: value })) errors.push(...(validate.errors ?? []));
          }
          return errors.filter((e) => e.instancePath.startsWith('/requestBody'));
        });
      }
      for (const [status, response0] of Object.entries((op.responses ?? {}) as Node)) {
        const response = resolve(raw, response0, pointerOf(`${opPointer}/responses`, status));
        for (const [type, media] of Object.entries((response.node.content ?? {}) as Node)) {
          const validate = type === 'application/json' ? validators.getStatusBasedResponseValidatorForOperation(operationId)?.[status] : undefined;
          forEachExample(raw, media, pointerOf(`${response.pointer}/content`, type), report, (value) => {
            if (!validate || validate(value)) return [];
            return (validate.errors ?? []).map((e) => ({ ...e, instancePath: `/requestBody${e.instancePath}` }));
          });
        }
      }
      const parameters = [...((item.node.parameters as Node[]) ?? []).map((p, i) => resolve(raw, p, `${item.pointer}/parameters/${i}`)), ...((op.parameters as Node[]) ?? []).map((p, i) => resolve(raw, p, `${opPointer}/parameters/${i}`))];
      for (const { node: p, pointer } of parameters) {
        if (p.example === undefined && !p.examples) continue;
        const key = p.in === 'header' ? String(p.name).toLowerCase() : p.name;
        forEachExample(raw, { ...p, schema: p.schema ?? {} }, pointer, report, (value) => {
          const errors: ErrorObject[] = [];
          for (const validate of validators.getRequestValidatorsForOperation(operationId) ?? []) {
            if (!validate({ path: {}, query: {}, header: {}, cookie: {}, [p.in]: { [key]: value } })) errors.push(...(validate.errors ?? []));
          }
          const own = `/${p.in}/${key}`;
          // Renamed under `/requestBody` so the issue's path is relative to the example itself.
          return errors.filter((e) => e.instancePath === own || e.instancePath.startsWith(`${own}/`)).map((e) => ({ ...e, instancePath: `/requestBody${e.instancePath.slice(own.length)}` }));
        });
      }
    }
  }
  return problems;
}

/** Each `example` / `examples.*.value` of a media type (or parameter); a missing schema or example is a problem too. */
function forEachExample(raw: Node, media: Node, pointer: string, report: (pointer: string, rule: string, message: string) => void, check: (value: unknown) => ErrorObject[]): void {
  if (!media.schema) return report(pointer, 'example-schema', 'has no schema to check examples against');
  const examples: [string, unknown][] = [];
  if (media.example !== undefined) examples.push([`${pointer}/example`, media.example]);
  for (const [name, example0] of Object.entries((media.examples ?? {}) as Node)) {
    const example = resolve(raw, example0, pointerOf(`${pointer}/examples`, name));
    if (example.node.value !== undefined) examples.push([`${example.pointer}/value`, example.node.value]);
  }
  if (!examples.length) return report(pointer, 'example-present', 'has no example');
  for (const [where, value] of examples) {
    for (const issue of toFieldIssues(check(value))) {
      report(pointerOf(where, ...issue.path), 'example-valid', `example ${issue.path.length ? issue.path.join('.') : 'value'} ${issue.message}`);
    }
  }
}

/** Follows local `$ref`s and returns the node with the pointer where it is written. */
export function resolve(raw: Node, node: unknown, pointer: string): { node: Node; pointer: string } {
  let current = node as Node;
  let at = pointer;
  for (let hops = 0; current && typeof current.$ref === 'string' && current.$ref.startsWith('#/') && hops < 20; hops++) {
    at = current.$ref;
    current = at
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((n: Node | undefined, key: string) => n?.[key], raw) as Node;
  }
  return { node: current ?? {}, pointer: at };
}
