/** The logger calls ordermock makes (pino's logger fits); declared here so no pino type is public. */
export interface OrdermockLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
