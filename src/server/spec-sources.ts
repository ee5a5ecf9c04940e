import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

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
  private readonly served = new Map<string, Served>();

  constructor(private readonly dir: string) {}

  fileOf(api: string): string {
    return join(this.dir, `${api}.yaml`);
  }

  /** Records the text of a contract that loaded. */
  remember(api: string, text: string): void {
    if (this.served.get(api)?.text === text) return;
    const doc = parseDocument(text);
    const original = (doc.get('servers') as { toJSON(): unknown[] } | undefined)?.toJSON() ?? [];
    doc.set('servers', doc.createNode([{ url: `/${api}`, description: 'this ordermock (relative to the page)' }, ...original]));
    this.served.set(api, { text, yaml: doc.toString(), json: doc.toJS() });
  }

  async get(api: string): Promise<Served> {
    if (!this.served.has(api)) this.remember(api, await readFile(this.fileOf(api), 'utf8'));
    return this.served.get(api)!;
  }
}
