import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';

export type OpenApiDocument = OpenAPIV3_1.Document;

/** Loads one contract and resolves every `$ref`, so the engine sees plain schemas. */
export async function loadSpec(file: string): Promise<OpenApiDocument> {
  try {
    return (await SwaggerParser.dereference(file)) as OpenApiDocument;
  } catch (err) {
    throw new Error(`Cannot load contract ${file}: ${(err as Error).message}`);
  }
}
