import type { ApiRequest, HandlerContext, OperationHandler } from '../core/api-module.js';
import type { Journal } from '../core/journal/journal.js';
import type { JournalFilter } from '../core/journal/journal-filter.js';
import type { AdminHelpers, ControlPlaneDeps } from './control-plane.js';

const FILTERS = ['api', 'operationId', 'method', 'status', 'path', 'since', 'until', 'bodyPath', 'bodyEquals', 'bodyContains'] as const;

/** Listing (JSON or NDJSON), counting and clearing what the journal recorded. */
export function journalHandlers(deps: ControlPlaneDeps, h: AdminHelpers): Record<string, OperationHandler> {
  const { journal } = deps;
  const known = [...deps.apis.keys()];
  const filterOf = (req: ApiRequest, ctx: HandlerContext): JournalFilter => {
    const filter: JournalFilter = {};
    for (const name of FILTERS) if (typeof req.query[name] === 'string') filter[name] = req.query[name] as string;
    const namespace = h.namedNamespace(req, ctx);
    if (namespace !== undefined) filter.namespace = namespace;
    if (req.query.faulted !== undefined) filter.faulted = req.query.faulted === 'true';
    return filter;
  };
  return {
    listRequests: (req, ctx) => {
      const entries = journal.list(filterOf(req, ctx), known);
      const headers = capHeaders(journal);
      if (req.query.format === 'ndjson') {
        const raw = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
        return { status: 200, headers: { ...headers, 'content-type': 'application/x-ndjson' }, raw };
      }
      return { status: 200, headers, body: { ...journal.stats(), entries } };
    },
    countRequests: (req, ctx) => ({ status: 200, headers: capHeaders(journal), body: { count: journal.count(filterOf(req, ctx), known) } }),
    clearRequests: (req) => {
      journal.clear(req.query.namespace as string | undefined);
      return { status: 204 };
    },
  };
}

/** Every journal answer says how much it can hold and how much it already let go. */
function capHeaders(journal: Journal): Record<string, string> {
  const { cap, dropped } = journal.stats();
  return {
    'x-ordermock-journal-cap': `${cap.entries} entries, ${cap.bytes} bytes, ${cap.bodyBytes} bytes per body`,
    'x-ordermock-journal-dropped': String(dropped),
  };
}
