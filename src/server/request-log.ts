import type { NextFunction, Request, Response } from 'express';
import type { OrdermockLogger as Logger } from './logger.js';
import { describeField } from '../core/errors/catalogue.js';
import { redactText, redactValue } from '../core/journal/redact.js';
import type { Exchange } from '../core/pipeline/exchange.js';

/** `path?query` as the client sent it (the pipeline keeps the query parsed). */
function pathWithQuery(ex: Exchange): string {
  const params = new URLSearchParams();
  // Query strings can carry tokens: the same redaction as the journal.
  const query = redactValue(ex.incoming.query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) for (const v of [value].flat()) params.append(key, String(v));
  const text = params.toString();
  return text ? `${ex.incoming.path}?${text}` : ex.incoming.path;
}

/** The first reason of a refusal (or of a contract breach by the mock), in words. */
function firstReason(ex: Exchange): string | undefined {
  const issue = ex.error?.issues[0];
  if (issue) return `${describeField(issue)} ${issue.message}`;
  if (ex.error) return ex.error.message;
  const violation = ex.violations[0];
  return violation ? `response breaks the contract: ${violation.location} ${violation.message}` : undefined;
}

/** One log line per API request; `--log-level debug` adds every validation issue and violation. */
export function logExchange(logger: Logger, ex: Exchange, ms: number): void {
  const status = ex.response!.status;
  const level = ex.cors?.preflight ? 'debug' : status >= 500 && !ex.fault ? 'error' : 'info';
  const lineOn = !logger.isLevelEnabled || logger.isLevelEnabled(level);
  const detailsOn = logger.isLevelEnabled?.('debug') && (ex.error?.issues.length || ex.violations.length);
  if (!lineOn && !detailsOn) return; // below the log level (`--log-level silent`, as in CI): nothing to assemble
  const msg = `${ex.incoming.method} ${pathWithQuery(ex)}`;
  if (lineOn) logLine(logger, level, ex, ms, msg);
  if (detailsOn) logger.debug?.({ id: ex.id, details: { issues: ex.error?.issues ?? [], violations: ex.violations } }, `validation details of ${msg}`);
}

function logLine(logger: Logger, level: 'debug' | 'info' | 'error', ex: Exchange, ms: number, msg: string): void {
  const status = ex.response!.status;
  const fields = {
    api: ex.api?.name ?? null,
    operationId: ex.operation?.operationId ?? null,
    status,
    ms: Math.round(ms * 10) / 10,
    ns: ex.namespace,
    ...(ex.fault ? { fault: ex.fault } : {}),
    ...(ex.cors?.preflight ? { preflight: true } : {}),
    ...(ex.error ? { errorCode: ex.error.code, reason: firstReason(ex) } : ex.violations.length ? { reason: firstReason(ex) } : {}),
  };
  if (level === 'debug') logger.debug?.(fields, msg);
  else logger[level](fields, msg);
}

/** Express middleware for the control plane: one line per call, with the refusal code when the guard said no. */
export function logControlPlane(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('finish', () => {
      const code = res.locals.errorCode as string | undefined;
      logger.info(
        { controlPlane: true, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10, ...(code ? { errorCode: code, reason: res.locals.errorReason } : {}) },
        `${req.method} ${redactText(req.originalUrl)}`,
      );
    });
    next();
  };
}
