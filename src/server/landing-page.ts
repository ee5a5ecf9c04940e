import type { Request, Response } from 'express';
import type { LoadedApi } from '../core/contract/build-backend.js';
import { specLinks } from './docs-routes.js';
import { escapeHtml, page } from './html-page.js';
import { version } from './version.js';

/** `GET /`: what this mock serves and where, as HTML for a browser or JSON for `Accept: application/json`. */
export function landingPage(deps: { prefix: string; apis: ReadonlyMap<string, LoadedApi> }) {
  const { prefix, apis } = deps;
  return (req: Request, res: Response): void => {
    const listing = {
      name: 'ordermock',
      version,
      apis: [...apis.values()].map((api) => ({ api: api.name, title: api.module.title, baseUrl: `/${api.name}`, ...specLinks(prefix, api.name) })),
      controlPlane: {
        health: `${prefix}/health`,
        apis: `${prefix}/apis`,
        specs: `${prefix}/specs`,
        journal: `${prefix}/journal`,
        reset: `POST ${prefix}/reset`,
      },
    };
    if (req.accepts(['html', 'json']) !== 'html') return void res.json(listing);
    const origin = escapeHtml(`${req.protocol}://${req.headers.host ?? ''}`);
    const rows = listing.apis
      .map(
        (a) => `<tr><td><b>${escapeHtml(a.api)}</b></td><td>${escapeHtml(a.title)}</td><td><code>${origin}${escapeHtml(a.baseUrl)}</code></td>
<td><a href="${escapeHtml(a.reference)}">reference</a></td><td><a href="${escapeHtml(a.yaml)}">YAML</a> · <a href="${escapeHtml(a.json)}">JSON</a></td></tr>`,
      )
      .join('\n');
    const cp = listing.controlPlane;
    res.type('html').send(
      page(
        'ordermock',
        '',
        `<h1>ordermock ${escapeHtml(version)}</h1>
<p>A stateful mock of these APIs. Point a client at an API's base URL; open its reference to read the contract and try it.</p>
<table><thead><tr><th>API</th><th>Title</th><th>Base URL</th><th>Reference</th><th>Contract</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Control plane</h2>
<ul><li><a href="${cp.health}">${cp.health}</a>: liveness</li><li><a href="${cp.apis}">${cp.apis}</a>: operations of each API</li>
<li><a href="${cp.specs}">${cp.specs}</a>: the contracts</li><li><a href="${cp.journal}">${cp.journal}</a>: recorded requests</li>
<li><code>${escapeHtml(cp.reset)}</code>: restore the seeds</li><li><a href="${prefix}/ui/">${prefix}/ui/</a>: the demo dashboard (orders, timelines, live requests)</li></ul>`,
      ),
    );
  };
}
