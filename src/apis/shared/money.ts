/**
 * Rounds to an integer, halves away from zero (2.5 → 3, -2.5 → -3), after trimming binary-float
 * drift to 15 significant digits (1.005 * 100 = 100.49999999999999 counts as 100.5).
 * Math.round alone rounds -2.5 to -2, which is wrong for money in most vendor APIs.
 */
export function roundHalfAwayFromZero(value: number): number {
  const trimmed = Number(Math.abs(value).toPrecision(15));
  const rounded = Math.round(trimmed);
  return value < 0 ? -rounded || 0 : rounded;
}

/** Money rounded to `digits` decimals (cents by default), halves away from zero. */
export function roundMoney(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return roundHalfAwayFromZero(value * factor) / factor || 0;
}
