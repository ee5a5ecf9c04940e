import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { join } from 'node:path';
import { defaultSpecsDir } from '../../src/paths.js';

const addFormats = formats as unknown as typeof formats.default;

/**
 * An independent judge of the mock's answers: compiles each spec's response schemas with its own
 * Ajv (not the engine's), so a bug in the engine's validation cannot hide a bad response.
 */
export class ContractChecker {
  private validators = new Map<string, ValidateFunction | null>();
  private docs = new Map<string, Record<string, any>>();

  async load(api: string): Promise<Record<string, any>> {
    let doc = this.docs.get(api);
    if (!doc) {
      doc = (await SwaggerParser.dereference(join(defaultSpecsDir, `${api}.yaml`))) as Record<string, any>;
      this.docs.set(api, doc);
    }
    return doc;
  }

  /** Returns the problems of one response, or [] when it conforms. */
  async check(api: string, operationId: string, status: number, body: unknown): Promise<string[]> {
    const doc = await this.load(api);
    const operation = findOperation(doc, operationId);
    if (!operation) return [`${api}: no operation ${operationId}`];
    const responses = operation.responses ?? {};
    const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!response) return [`${api}.${operationId}: status ${status} is not declared`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === undefined || body === '' ? [] : [`${api}.${operationId} ${status}: body sent but none declared`];
    const key = `${api}:${operationId}:${status}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
      ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
      ajv.addFormat('double', { type: 'number', validate: () => true });
      ajv.addFormat('float', { type: 'number', validate: () => true });
      validate = ajv.compile(schema);
      this.validators.set(key, validate);
    }
    if (validate!(body)) return [];
    return (validate!.errors ?? []).map((e) => `${api}.${operationId} ${status}: ${e.instancePath || '/'} ${e.message}`);
  }
}

export function findOperation(doc: Record<string, any>, operationId: string): Record<string, any> | undefined {
  for (const item of Object.values(doc.paths ?? {}) as Record<string, any>[]) {
    for (const op of Object.values(item)) if (op && typeof op === 'object' && op.operationId === operationId) return op;
  }
  return undefined;
}
