/** One finding of `ordermock lint`, located by file and JSON pointer (and line, when the linter knows it). */
export interface LintProblem {
  file: string;
  /** JSON pointer into the file, e.g. `#/paths/~1order/get/responses/200/content/application~1json/examples/x/value/total`. */
  pointer: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  line?: number;
}

/** `a/b` → `a~1b`: one JSON pointer segment. */
export const segment = (s: string | number) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

export const pointerOf = (base: string, ...parts: (string | number)[]) => [base, ...parts.map(segment)].join('/');
