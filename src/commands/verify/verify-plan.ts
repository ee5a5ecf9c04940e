/** What a step saw: earlier steps' answers, by step name, for bodies built from them. */
export type Answers = Map<string, { status: number; body: unknown }>;

/** One request of a scenario flow and the status the fixtures make the contract promise. */
export interface Step {
  name: string;
  operationId: string;
  /** Path parameters; missing ones come from the parameter's `example` in the contract. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** Extra headers; `null` removes one (e.g. the credentials, to see the 401). */
  headers?: Record<string, string | null>;
  /** A documented request example of the operation, by name... */
  example?: string;
  /** ...or a body... */
  body?: unknown;
  /** ...or a body built from earlier answers. */
  bodyFrom?: (answers: Answers) => unknown;
  expect: number;
}

export interface Flow {
  name: string;
  steps: Step[];
}

/**
 * How to replay one API against an implementation that holds the fixtures (data/seed): the
 * credentials of the fixture users, which order each documented example is about, and scenario
 * flows whose outcome the fixtures decide.
 */
export interface VerifyPlan {
  /** Headers of every request on a secured operation; `token` is `--token` when given. */
  auth(token?: string): Record<string, string>;
  /** Per documented example (`operationId/exampleName`): the order it is about, or other headers. */
  examples?: Record<string, Pick<Step, 'params' | 'query' | 'headers'>>;
  /** Operations with no request body are replayed once with these (default: the parameter examples). */
  reads?: Record<string, Pick<Step, 'params' | 'query' | 'headers'>>;
  flows: Flow[];
}

export const bearer = (fallback: string) => (token?: string) => ({ authorization: `Bearer ${token ?? fallback}` });
