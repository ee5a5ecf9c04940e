import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { LintProblem } from './lint-problem.js';

/** The redocly CLI's entry point when @redocly/cli is installed (a devDependency), else undefined. */
export function findRedocly(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@redocly/cli/package.json');
    const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin as string | Record<string, string>;
    const entry = typeof bin === 'string' ? bin : (bin.redocly ?? Object.values(bin)[0]);
    return join(dirname(manifest), entry);
  } catch {
    return undefined;
  }
}

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { source?: { ref?: string }; pointer?: string; start?: { line: number } }[];
}

/** Runs `redocly lint --format=json` with the given config (the project's redocly.yaml) and maps its problems. */
export function runRedocly(entry: string, files: string[], config: string | undefined): Promise<LintProblem[]> {
  const args = [entry, 'lint', ...files, '--format=json', ...(config && existsSync(config) ? ['--config', config] : [])];
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }, (err, stdout, stderr) => {
      const start = stdout.indexOf('{');
      if (start === -1) return fail(new Error(`redocly lint gave no report${err ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`));
      try {
        // One JSON report per file, written back to back.
        const reports = stdout.slice(start).split(/(?<=\})\s*(?=\{\s*"totals")/).map((part) => JSON.parse(part) as { problems: RedoclyProblem[] });
        done(
          reports.flatMap((r) => r.problems).map((p) => {
            const at = p.location?.[0];
            return {
              file: at?.source?.ref ? resolve(at.source.ref) : files[0],
              pointer: at?.pointer ?? '#',
              rule: `redocly/${p.ruleId}`,
              severity: p.severity === 'error' ? 'error' : 'warning',
              message: p.message,
              ...(at?.start ? { line: at.start.line } : {}),
            };
          }),
        );
      } catch (parseErr) {
        fail(new Error(`redocly lint report is not JSON: ${(parseErr as Error).message}`));
      }
    });
  });
}
