/** Headers ordermock itself reads or sends, in a module with no dependencies (they are public). */
export const NAMESPACE_HEADER = 'x-ordermock-namespace';
export const VIOLATIONS_HEADER = 'x-ordermock-violations';
