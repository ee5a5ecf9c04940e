import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Request, type Router } from 'express';
import type { LoadedApi } from '../core/contract/build-backend.js';
import { escapeHtml, page } from './html-page.js';
import type { SpecSources } from './spec-sources.js';

export const REFERENCE_PATH = '/reference';
export const SPECS_PATH = '/specs';
const ASSETS = `${REFERENCE_PATH}/assets`;
// Served from the installed package: the reference works offline and loads nothing from a CDN.
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SWAGGER_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

/** Links to one API's contract and reference, relative to the control plane's prefix. */
export function specLinks(prefix: string, api: string) {
  return {
    yaml: `${prefix}${SPECS_PATH}/${api}.yaml`,
    json: `${prefix}${SPECS_PATH}/${api}.json`,
    reference: `${prefix}${REFERENCE_PATH}/${api}`,
  };
}

/** Contracts (YAML and JSON) and a rendered API reference per API, mounted under the control-plane prefix. */
export function docsRoutes(deps: { prefix: string; apis: ReadonlyMap<string, LoadedApi>; specs: SpecSources }): Router {
  const { prefix, apis, specs } = deps;
  const router = express.Router();
  const known = (req: Request): string | undefined => (apis.has(String(req.params.api)) ? String(req.params.api) : undefined);

  router.get(SPECS_PATH, (_req, res) => {
    res.json({
      specs: [...apis.values()].map((api) => ({
        api: api.name,
        title: api.module.title,
        version: (api.document.info as { version?: string }).version,
        ...specLinks(prefix, api.name),
      })),
    });
  });

  router.get(`${SPECS_PATH}/:api.:format`, async (req, res, next) => {
    const api = known(req);
    if (!api || !['yaml', 'json'].includes(req.params.format)) return next();
    const served = await specs.get(api);
    if (req.params.format === 'json') return void res.json(served.json);
    res.type('application/yaml; charset=utf-8').send(served.yaml);
  });

  router.get(`${ASSETS}/:file`, (req, res, next) => {
    if (!SWAGGER_FILES.has(req.params.file)) return next();
    res.sendFile(req.params.file, { root: swaggerUiDir, maxAge: '1h' });
  });

  router.get(`${REFERENCE_PATH}/:api`, (req, res, next) => {
    const api = known(req);
    if (!api) return next();
    const loaded = apis.get(api)!;
    const config = {
      url: specLinks(prefix, api).json,
      dom_id: '#swagger-ui',
      deepLinking: true,
      tryItOutEnabled: true,
      validatorUrl: null,
      persistAuthorization: true,
    };
    res.type('html').send(
      page(
        `${loaded.module.title} API reference`,
        `<link rel="stylesheet" href="${prefix}${ASSETS}/swagger-ui.css"><link rel="icon" href="${prefix}${ASSETS}/favicon-32x32.png">`,
        `<p class="om-bar"><a href="/">ordermock</a> · ${escapeHtml(loaded.module.title)} · base URL <code>/${escapeHtml(api)}</code></p>
<div id="swagger-ui"></div>
<script src="${prefix}${ASSETS}/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle(${JSON.stringify(config).replace(/</g, '\\u003c')});</script>`,
      ),
    );
  });
  return router;
}
