import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OpenAPIV3_1 } from 'openapi-types';
import { cachedDocument } from './document-cache.js';

export type OpenApiDocument = OpenAPIV3_1.Document;

let parserVersion: string | undefined;

/**
 * Loads one contract and resolves every `$ref`, so the engine sees plain schemas. The result is
 * cached by the file's text (see document-cache.ts): a warm start parses no YAML.
 */
export async function loadSpec(file: string): Promise<OpenApiDocument> {
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // SwaggerParser reports it, in its words.
  }
  parserVersion ??= (createRequire(import.meta.url)('@apidevtools/swagger-parser/package.json') as { version: string }).version;
  const cache = text === null ? null : cachedDocument<OpenApiDocument>(text, parserVersion);
  if (cache?.value) return cache.value;
  let document: OpenApiDocument;
  try {
    // Loaded only on a cache miss: a warm start never parses YAML or resolves a `$ref`.
    // Stryker disable next-line StringLiteral: a mutated module path only breaks the build that bundles the CLI
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    document = (await SwaggerParser.dereference(file)) as OpenApiDocument;
  } catch (err) {
    throw new Error(`Cannot load contract ${file}: ${(err as Error).message}`);
  }
  // Stored only if the file did not change meanwhile (an editor saving while --watch reloads).
  if (cache && readFileSync(file, 'utf8') === text) cache.store(document);
  return document;
}
