import { InvalidArgumentError, Option } from 'commander';

export function percent(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be a percentage (0-100)');
  return n;
}

export function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an http(s) URL');
  return value.replace(/\/+$/, '');
}

/** Exit codes of the contract-testing commands: 0 passed, 1 the gate failed, 2 the check could not run. */
export const EXIT = { passed: 0, failed: 1, broken: 2 } as const;

export const formatOption = () =>
  new Option('--format <format>', 'report format (json, junit and ctrf are for CI; the table is for people)').choices(['table', 'json', 'junit', 'ctrf']).default('table');
