/** The logger calls ordermock makes (pino's logger fits); declared here so no pino type is public. */
export interface OrdermockLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** When present and false for 'debug', validation details are not even assembled. */
  isLevelEnabled?(level: string): boolean;
}
