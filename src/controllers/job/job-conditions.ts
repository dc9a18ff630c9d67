/**
 * The Job conditions the controller writes, with upstream's reasons and messages
 * (k8s.io/api/batch/v1/types.go, pkg/controller/job/job_controller.go, success_policy.go): an
 * interim `FailureTarget` or `SuccessCriteriaMet` as soon as the outcome is known, and the
 * terminal `Failed` or `Complete` with the same reason once no pod of the Job runs any more.
 */
import type { Job, JobCondition, SuccessPolicyRule } from '../../api/batch.js';
import { parseIndexes } from '../../api/job-indexes.js';
import type { Micros } from '../../engine/simulation.js';

/** A reason and message for an interim condition. */
export interface Outcome {
  readonly reason: string;
  readonly message: string;
}

/** JobReasonBackoffLimitExceeded. */
export const backoffLimitExceeded: Outcome = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
/** JobReasonDeadlineExceeded. */
export const deadlineExceeded: Outcome = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
/** JobReasonCompletionsReached. */
export const completionsReached: Outcome = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };

/** matchSuccessPolicy: the first rule the completed indexes satisfy, as the SuccessPolicy outcome ("Matched rules at index N"). */
export function matchSuccessPolicy(rules: readonly SuccessPolicyRule[], completions: number, completed: ReadonlySet<number>): Outcome | undefined {
  for (const [i, rule] of rules.entries()) {
    let succeeded: number;
    let wanted: number;
    if (rule.succeededIndexes === undefined) {
      succeeded = completed.size;
      wanted = rule.succeededCount ?? completions;
    } else {
      const indexes = parseIndexes(rule.succeededIndexes, completions);
      if ('error' in indexes) continue;
      succeeded = indexes.filter((x) => completed.has(x)).length;
      wanted = rule.succeededCount ?? indexes.length;
    }
    if (succeeded >= wanted) return { reason: 'SuccessPolicy', message: `Matched rules at index ${i}` };
  }
  return undefined;
}

/** `conditions` with `type` set True for `outcome` at `now` (a condition already True is kept). */
export function withCondition(conditions: readonly JobCondition[], type: JobCondition['type'], outcome: Outcome, now: Micros, status: 'True' | 'False' = 'True'): JobCondition[] {
  const old = conditions.find((c) => c.type === type);
  if (old !== undefined && old.status === status) return [...conditions];
  return [...conditions.filter((c) => c.type !== type), { type, status, reason: outcome.reason, message: outcome.message, lastTransitionTime: now }];
}

/** The interim condition already set: FailureTarget or SuccessCriteriaMet (True), if any. */
export function interimCondition(job: Job): JobCondition | undefined {
  return job.status.conditions.find((c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True');
}
