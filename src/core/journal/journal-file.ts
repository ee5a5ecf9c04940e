import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Journal, JournalEntry } from './journal.js';

/**
 * Writes every entry the journal holds as NDJSON (one entry per line), through a temporary file
 * and a rename, so a reader never sees half a journal.
 */
export async function writeJournalFile(journal: Pick<Journal, 'list'>, file: string): Promise<number> {
  const entries = journal.list();
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  await rename(temp, file);
  return entries.length;
}

/** Reads a journal export: the JSON of `GET /__ordermock/journal` (`{entries: [...]}`) or NDJSON. */
export function parseJournal(text: string, source: string): JournalEntry[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const whole = JSON.parse(trimmed);
    if (Array.isArray(whole?.entries)) return whole.entries as JournalEntry[];
    if (Array.isArray(whole)) return whole as JournalEntry[];
  } catch {
    // not one JSON document: NDJSON below
  }
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as JournalEntry];
    } catch (err) {
      throw new Error(`${source} line ${i + 1} is neither a journal entry nor part of {"entries": [...]}: ${(err as Error).message}`);
    }
  });
}

export async function readJournalFile(file: string): Promise<JournalEntry[]> {
  return parseJournal(await readFile(file, 'utf8'), file);
}
