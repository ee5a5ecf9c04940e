import type { LoadedApi } from '../../core/contract/build-backend.js';
import type { Violation } from '../../core/pipeline/exchange.js';
import { checkResponse } from '../../core/pipeline/validate-response.js';
import type { CaseResult } from '../shared/ci-report.js';
import { readResponseBody } from '../shared/check-exchange.js';
import { buildRequest, requestExamples } from './build-request.js';
import type { Answers, Step, VerifyPlan } from './verify-plan.js';

export interface VerifyOptions {
  target: string;
  token?: string;
  /** Stop waiting for one answer after this long. */
  timeoutMs?: number;
}

/** Thrown when the target does not answer at all: nothing was verified. */
export class TargetUnreachable extends Error {}

/**
 * Replays the plan's scenario flows (their statuses are promised by the fixtures), then every
 * documented request example of every operation (any declared status will do), and checks each
 * answer with `checkResponse`: the same judgement the mock passes on its own answers.
 */
export async function runVerification(api: LoadedApi, plan: VerifyPlan, options: VerifyOptions): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const replay = replayer(api, plan, options);
  for (const flow of plan.flows) {
    const answers: Answers = new Map();
    for (const [i, step] of flow.steps.entries()) {
      cases.push(await replay(step, answers, { suite: `${api.name} flow: ${flow.name}`, name: `${i + 1}. ${step.name} (${step.operationId} → ${step.expect})` }));
    }
  }
  for (const operation of api.operations.values()) {
    const operationId = operation.operationId as string;
    const examples = requestExamples(operation);
    const steps: (Omit<Step, 'expect'> & { expect?: number })[] = examples.length
      ? examples.map((example) => ({ name: `${operationId} example ${example}`, operationId, example, ...plan.examples?.[`${operationId}/${example}`] }))
      : [{ name: `${operationId} (parameter examples)`, operationId, ...plan.reads?.[operationId] }];
    for (const step of steps) cases.push(await replay(step, new Map(), { suite: `${api.name} examples`, name: step.name }));
  }
  return cases;
}

/** Replays one step; a target that never answered anything is unreachable, not failing. */
function replayer(api: LoadedApi, plan: VerifyPlan, options: VerifyOptions) {
  let answered = false;
  return async (step: Omit<Step, 'expect'> & { expect?: number }, answers: Answers, named: { suite: string; name: string }): Promise<CaseResult> => {
    const result = await replay(api, plan, options, step, answers, named, answered);
    answered = true;
    return result;
  };
}

async function replay(api: LoadedApi, plan: VerifyPlan, options: VerifyOptions, step: Omit<Step, 'expect'> & { expect?: number }, answers: Answers, named: { suite: string; name: string }, answeredBefore: boolean): Promise<CaseResult> {
  const request = buildRequest(api, plan, options.target, step, answers, options.token);
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (!answeredBefore) throw new TargetUnreachable(`${options.target} does not answer (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    return { ...named, status: 'failed', message: `${request.method} ${request.url}: ${(err as Error).message}`, durationMs: performance.now() - started };
  }
  const raw = Buffer.from(await res.arrayBuffer());
  const durationMs = performance.now() - started;
  const headers = Object.fromEntries(res.headers);
  const violations: Violation[] = [];
  const body = readResponseBody({ headers, raw }, violations);
  if (body.checkable) violations.push(...checkResponse(api, api.operations.get(step.operationId), { status: res.status, headers, body: body.body }));
  answers.set(step.name, { status: res.status, body: body.body });
  const problems = [
    ...(step.expect !== undefined && res.status !== step.expect ? [`expected status ${step.expect}, got ${res.status}`] : []),
    ...violations.map((v) => `${v.location} ${v.message}${v.value === undefined ? '' : ` (got ${JSON.stringify(v.value)})`}`),
  ];
  if (!problems.length) return { ...named, status: 'passed', durationMs };
  return { ...named, status: 'failed', message: `${request.method} ${new URL(request.url).pathname} → ${res.status}: ${problems[0]}`, details: problems, durationMs };
}
