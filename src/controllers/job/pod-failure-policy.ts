/**
 * A Job's pod failure policy (pkg/controller/job/pod_failure_policy.go matchPodFailurePolicy): the
 * first rule a failed pod matches decides — `FailJob` fails the Job (reason PodFailurePolicy),
 * `Ignore` does not count the pod toward backoffLimit, `Count` (and no match) counts it. A rule
 * matches on a container's non-zero exit code (In or NotIn the values, optionally of one
 * container) or on a pod condition with the pattern's status.
 */
import type { PodFailurePolicyRule } from '../../api/batch.js';
import type { Pod } from '../../api/objects.js';

/** What a failed pod's match gives: the action, and for FailJob the condition message. */
export type PolicyVerdict = { readonly action: 'Count' | 'Ignore' } | { readonly action: 'FailJob'; readonly message: string };

/** The verdict of `rules` on the failed `pod` (Count when no rule matches). */
export function matchPodFailurePolicy(rules: readonly PodFailurePolicyRule[], pod: Pod): PolicyVerdict {
  const who = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
  for (const [i, rule] of rules.entries()) {
    let message: string | undefined;
    if (rule.onExitCodes !== undefined) {
      const req = rule.onExitCodes;
      const statuses = [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])];
      const hit = statuses.find((c) => {
        const code = c.state.state === 'terminated' ? c.state.exitCode : undefined;
        if (code === undefined || code === 0) return false;
        if (req.containerName !== undefined && req.containerName !== c.name) return false;
        return req.operator === 'In' ? req.values.includes(code) : !req.values.includes(code);
      });
      if (hit === undefined) continue;
      message = `Container ${hit.name} for pod ${who} failed with exit code ${String(hit.state.exitCode)} matching ${rule.action} rule at index ${i}`;
    } else if (rule.onPodConditions !== undefined) {
      const hit = pod.status.conditions.find((c) => rule.onPodConditions?.some((p) => p.type === c.type && p.status === c.status));
      if (hit === undefined) continue;
      message = `Pod ${who} has condition ${hit.type} matching ${rule.action} rule at index ${i}`;
    } else continue;
    if (rule.action === 'FailJob') return { action: 'FailJob', message };
    if (rule.action === 'Ignore') return { action: 'Ignore' };
    return { action: 'Count' };
  }
  return { action: 'Count' };
}
