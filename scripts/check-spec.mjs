#!/usr/bin/env node
// Checks one or more specs the way the test suite does: swagger-parser validation,
// every schema compiles under JSON Schema 2020-12, every example validates against its schema.
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Returns the problems of one spec file ([] when clean); throws when swagger-parser rejects it. */
export async function checkSpec(file) {
  const problems = [];
  await SwaggerParser.validate(file);
  const doc = await SwaggerParser.dereference(file);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== 'object' || !op.responses) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const media = [];
      for (const [status, res] of Object.entries(op.responses)) {
        for (const [type, m] of Object.entries(res.content ?? {})) media.push([`${where} response ${status} ${type}`, m]);
      }
      for (const [type, m] of Object.entries(op.requestBody?.content ?? {})) media.push([`${where} request ${type}`, m]);
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        if (p.schema && p.example !== undefined) media.push([`${where} param ${p.name}`, { schema: p.schema, example: p.example }]);
      }
      for (const [label, m] of media) {
        const examples = [];
        if (m.example !== undefined) examples.push(['example', m.example]);
        for (const [k, e] of Object.entries(m.examples ?? {})) examples.push([k, e.value]);
        if (!m.schema) {
          problems.push(`${label}: no schema`);
          continue;
        }
        if (examples.length === 0) problems.push(`${label}: no example`);
        const validate = ajv.compile(m.schema);
        for (const [k, value] of examples) {
          if (!validate(value)) problems.push(`${label} example ${k}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const problems = await checkSpec(file);
    for (const p of problems) console.log(`${file}: ${p}`);
    failed += problems.length;
    console.log(`checked ${file}: ${problems.length} problem(s)`);
  }
  process.exit(failed ? 1 : 0);
}
