import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultSpecsDir } from '../../src/paths.js';
import { apiModules } from '../../src/index.js';
import { useTestMock } from '../support/harness.js';

const names = apiModules.map((m) => m.name).sort();

/** Every URL a served page refers to: src/href attributes and any absolute http(s) URL in the text. */
function urlsIn(html: string): { refs: string[]; absolute: string[] } {
  return {
    refs: [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]),
    absolute: [...html.matchAll(/\b(?:https?:)?\/\/[a-z0-9.-]+(?::\d+)?/gi)].map((m) => m[0]),
  };
}

describe('served contracts, references and landing page', () => {
  const t = useTestMock();

  it('lists every contract with its YAML, JSON and reference links', async () => {
    const res = await t().http.get('/__ordermock/specs');
    expect(res.status).toBe(200);
    expect(res.body.specs.map((s: { api: string }) => s.api).sort()).toEqual(names);
    for (const spec of res.body.specs) {
      expect(spec).toMatchObject({ yaml: `/__ordermock/specs/${spec.api}.yaml`, json: `/__ordermock/specs/${spec.api}.json`, reference: `/__ordermock/reference/${spec.api}` });
    }
  });

  it.each(names)('%s: YAML and JSON are the same contract as the file, with this mock first in servers', async (api) => {
    const file = parseYaml(await readFile(join(defaultSpecsDir, `${api}.yaml`), 'utf8'));
    const yaml = await t().http.get(`/__ordermock/specs/${api}.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    const json = await t().http.get(`/__ordermock/specs/${api}.json`);
    expect(json.headers['content-type']).toMatch(/json/);
    const fromYaml = parseYaml(yaml.text);
    expect(json.body).toEqual(fromYaml);
    expect(fromYaml.servers[0].url).toBe(`/${api}`);
    expect(fromYaml.servers.slice(1)).toEqual(file.servers);
    expect({ ...fromYaml, servers: file.servers }).toEqual(file);
  });

  it('answers 404 for an unknown API or format', async () => {
    expect((await t().http.get('/__ordermock/specs/nope.yaml')).status).toBe(404);
    expect((await t().http.get('/__ordermock/specs/recerc.xml')).status).toBe(404);
    expect((await t().http.get('/__ordermock/reference/nope')).status).toBe(404);
  });

  it.each(names)('%s reference: swagger-ui from the mock itself, "try it" on the served contract, no external URL', async (api) => {
    const page = await t().http.get(`/__ordermock/reference/${api}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
    const { refs, absolute } = urlsIn(page.text);
    expect(absolute).toEqual([]);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) expect((await t().http.get(ref)).status, ref).toBe(200);
    expect(page.text).toContain(`"url":"/__ordermock/specs/${api}.json"`);
    expect(page.text).toContain('"validatorUrl":null'); // swagger-ui would otherwise call validator.swagger.io
  });

  it('GET / is an HTML page linking every API, reference and the control plane, with no external URL', async () => {
    const page = await t().http.get('/').set('Accept', 'text/html,application/xhtml+xml');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
    const { refs, absolute } = urlsIn(page.text);
    expect(absolute.filter((url) => url !== t().mock.url)).toEqual([]); // only the mock's own base URLs
    for (const api of names) {
      expect(refs).toContain(`/__ordermock/reference/${api}`);
      expect(page.text).toContain(`${t().mock.url}/${api}`);
    }
    expect(refs).toEqual(expect.arrayContaining(['/__ordermock/health', '/__ordermock/journal', '/__ordermock/specs']));
    for (const ref of refs) expect((await t().http.get(ref)).status, ref).toBe(200);
  });

  it('GET / with Accept: application/json lists the same in JSON', async () => {
    const res = await t().http.get('/').set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.apis.map((a: { api: string }) => a.api).sort()).toEqual(names);
    expect(res.body.apis.find((a: { api: string }) => a.api === 'jtl')).toMatchObject({ baseUrl: '/jtl', reference: '/__ordermock/reference/jtl' });
    expect(res.body.controlPlane.health).toBe('/__ordermock/health');
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
