import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface Served {
  text: string;
  yaml: string;
  json: unknown;
}

/**
 * The contracts as served under /__ordermock/specs: the text of the last version that loaded
 * (with --watch, a broken edit keeps the good one), with this mock listed first in `servers`
 * so "try it" in the reference calls the mock.
 */
export class SpecSources {
  /** Rendered on first request: parsing every contract with `yaml` at start was a fifth of a cold start. */
  private readonly served = new Map<string, { text: string; rendered?: Served }>();

  constructor(private readonly dir: string) {}

  fileOf(api: string): string {
    return join(this.dir, `${api}.yaml`);
  }

  /** Records the text of a contract that loaded. */
  remember(api: string, text: string): void {
    if (this.served.get(api)?.text === text) return;
    this.served.set(api, { text });
  }

  async get(api: string): Promise<Served> {
    if (!this.served.has(api)) this.remember(api, await readFile(this.fileOf(api), 'utf8'));
    const entry = this.served.get(api)!;
    return (entry.rendered ??= render(api, entry.text, (await import('yaml')).parseDocument));
  }
}

/** `yaml` is loaded on the first request for a contract, not at start (a start never renders one). */
function render(api: string, text: string, parseDocument: typeof import('yaml').parseDocument): Served {
  const doc = parseDocument(text);
  const original = (doc.get('servers') as { toJSON(): unknown[] } | undefined)?.toJSON() ?? [];
  doc.set('servers', doc.createNode([{ url: `/${api}`, description: 'this ordermock (relative to the page)' }, ...original]));
  return { text, yaml: doc.toString(), json: doc.toJS() };
}
