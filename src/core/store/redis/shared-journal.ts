import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Journal, type JournalEntry, type JournalLimits } from '../../journal/journal.js';
import type { Exchange } from '../../pipeline/exchange.js';
import { connectRedis, keyPrefix } from './redis-connection.js';

/**
 * `--journal shared`: every instance's journal, in one Redis stream (`<prefix>journal`, MAXLEN
 * ~ the journal's entry cap). Each instance still answers from its own bounded copy, which a
 * tail of the stream fills with the other instances' entries (already redacted) and clears.
 * Best effort: while Redis is down an entry stays in its own instance only.
 */
export class SharedJournal extends Journal {
  private readonly instance = randomUUID();
  private readonly key: string;
  private closed = false;
  private tailing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly writer: Redis,
    private readonly reader: Redis,
    url: string,
    limits: Partial<JournalLimits>,
  ) {
    super(limits);
    this.key = `${keyPrefix(url)}journal`;
  }

  /** Connects (a one-line StoreOpenError naming the URL when Redis does not answer) and starts tailing from the oldest kept entry. */
  static async open(url: string, limits: Partial<JournalLimits> = {}): Promise<SharedJournal> {
    const writer = await connectRedis(url);
    const reader = await connectRedis(url, { commandTimeoutMs: 5000 }).catch((err: unknown) => {
      writer.disconnect();
      throw err;
    });
    const journal = new SharedJournal(writer, reader, url, limits);
    journal.tailing = journal.tail();
    return journal;
  }

  override record(ex: Exchange, durationMs: number): JournalEntry {
    const entry = super.record(ex, durationMs);
    this.publish({ e: entry });
    return entry;
  }

  override clear(namespace?: string, api?: string): void {
    super.clear(namespace, api);
    this.publish({ clear: { namespace, api } });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.disconnect();
    await this.tailing;
    this.writer.disconnect();
  }

  private publish(message: object): void {
    const cap = String(this.limits.entries);
    void this.writer.xadd(this.key, 'MAXLEN', '~', cap, '*', 'i', this.instance, 'm', JSON.stringify(message)).catch(() => undefined);
  }

  private async tail(): Promise<void> {
    let last = '0';
    while (!this.closed) {
      try {
        const batch = (await this.reader.xread('COUNT', 500, 'BLOCK', 1000, 'STREAMS', this.key, last)) as [string, [string, string[]][]][] | null;
        for (const [id, fields] of batch?.[0]?.[1] ?? []) {
          last = id;
          if (fields[1] !== this.instance) this.apply(JSON.parse(fields[3]) as { e?: JournalEntry; clear?: { namespace?: string; api?: string } });
        }
      } catch {
        if (!this.closed) await new Promise((done) => setTimeout(done, 200)); // reconnecting by itself
      }
    }
  }

  private apply(message: { e?: JournalEntry; clear?: { namespace?: string; api?: string } }): void {
    if (message.e) this.insert(message.e);
    else if (message.clear) super.clear(message.clear.namespace, message.clear.api);
  }
}
