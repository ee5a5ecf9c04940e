import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type pinoPretty from 'pino-pretty';
import type { MessageFormatFunc } from 'pino-pretty';

export type LogFormat = 'auto' | 'pretty' | 'json';

/** JSON lines for machines (and whenever stdout is not a terminal); coloured one-liners for people. */
export function createLogger(options: { level: string; format: LogFormat; stream?: NodeJS.WritableStream }): Logger {
  const out = options.stream ?? process.stdout;
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && Boolean((out as { isTTY?: boolean }).isTTY));
  if (!usePretty) {
    return pino(
      { level: options.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
      out === process.stdout ? pino.destination({ sync: true }) : out,
    );
  }
  // Required only for a person's terminal: CI and the bench log JSON or nothing.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof pinoPretty;
  const stream = pretty({
    colorize: Boolean((out as { isTTY?: boolean }).isTTY) || process.env.FORCE_COLOR !== undefined,
    sync: true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    hideObject: true,
    messageFormat: formatLine,
    destination: out,
  });
  return pino({ level: options.level, base: undefined }, stream);
}

/** One request per line: method, path, status, API.operation, ms, and for a refusal its code and first reason. */
const formatLine: MessageFormatFunc = (log, messageKey, _level, { colors }) => {
  const msg = String(log[messageKey] ?? '');
  if (typeof log.status !== 'number') return log.details ? `${msg} ${JSON.stringify(log.details)}` : msg;
  const status = log.status >= 500 ? colors.red : log.status >= 400 ? colors.yellow : colors.green;
  const parts = [msg, status(String(log.status))];
  if (log.api) parts.push(colors.cyan(`${log.api}${log.operationId ? `.${log.operationId}` : ''}`));
  else if (log.controlPlane) parts.push(colors.cyan('control plane'));
  if (typeof log.ms === 'number') parts.push(colors.gray(`${log.ms}ms`));
  if (log.errorCode) parts.push(colors.magenta(String(log.errorCode)));
  if (log.reason) parts.push(String(log.reason));
  return parts.join(' ');
};
