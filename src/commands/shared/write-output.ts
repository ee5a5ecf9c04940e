import { writeFile } from 'node:fs/promises';

/** Prints a report, or writes it to `--output` and says where on stderr (stdout stays the report's). */
export async function writeOutput(text: string, output: string | undefined): Promise<void> {
  if (!output) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  await writeFile(output, text);
  process.stderr.write(`wrote ${output}\n`);
}
