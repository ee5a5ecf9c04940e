import type { HandlerContext } from '../api-module.js';
import type { Exchange } from './exchange.js';

/**
 * Stage: when the operation (or the document) requires security, the API module must accept
 * the credentials. Fails closed: openapi-backend alone would let the request through.
 */
export function authenticate(context: (ex: Exchange) => HandlerContext) {
  return async (ex: Exchange): Promise<void> => {
    const operation = ex.operation!;
    const requirements = (operation.security ?? ex.api!.document.security ?? []) as Record<string, string[]>[];
    if (requirements.length === 0) return;
    const schemes = [...new Set(requirements.flatMap((req) => Object.keys(req)))];
    if (schemes.length === 0) return; // `security: [{}]` means anonymous access is allowed
    const request = ex.request!;
    request.principal = await ex.api!.module.authenticate(request, context(ex), schemes);
  };
}
