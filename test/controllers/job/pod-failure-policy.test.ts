import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobCondition } from '../../../src/api/batch.js';
import { objectKey } from '../../../src/api/objects.js';
import { JobHarness, activePods, jobObject } from './job-harness.js';

const s = 1_000_000;

test('FailJob on an exit code fails the Job at the first such pod, whatever the backoffLimit', () => {
  let n = 0;
  const h = new JobHarness({ runFor: () => 10 * s, fails: () => (++n === 3 ? 42 : false) });
  h.createJob(jobObject('strict', 10, 2, {
    backoffLimit: 100,
    podReplacementPolicy: 'Failed',
    podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
  }));
  h.runUntil(3_600 * s);
  const job = h.job('strict');
  const failed = jobCondition(job, 'Failed');
  assert.equal(failed?.reason, 'PodFailurePolicy');
  assert.match(failed?.message ?? '', /^Container work for pod default\/strict-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
  // The third pod ran in the second wave: done a little after 20 s, the other pod of that wave removed.
  assert.ok(failed !== undefined && failed.lastTransitionTime > 20 * s && failed.lastTransitionTime < 21 * s, String(failed?.lastTransitionTime));
  assert.equal(activePods(h.podsOf('strict')).length, 0);
  assert.equal(h.metrics.counter('job_controller_jobs_finished_total', { completion_mode: 'NonIndexed', result: 'failed', reason: 'PodFailurePolicy' }).value, 1);
});

test('Ignore: failures matching the rule do not count toward backoffLimit; the pods are still replaced', () => {
  // Every pod of the first wave is killed (137); their replacements succeed.
  const h = new JobHarness({ runFor: () => 5 * s, fails: (p) => (p.metadata.creationTimestamp < 1 * s ? 137 : false) });
  h.createJob(jobObject('tolerant', 4, 4, {
    backoffLimit: 0,
    podReplacementPolicy: 'Failed',
    podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [137] } }, { action: 'Count', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
  }));
  h.runUntil(3_600 * s);
  const job = h.job('tolerant');
  assert.ok(jobCondition(job, 'Complete') !== undefined, JSON.stringify(job.status.conditions));
  assert.deepEqual([job.status.succeeded, job.status.failed, h.podsOf('tolerant').length], [4, 0, 8]);
  assert.equal(h.metrics.counter('job_controller_pod_failures_handled_by_failure_policy_total', { action: 'Ignore' }).value, 4);
});

test('podReplacementPolicy Failed: a terminating pod is replaced only once it has failed; TerminatingOrFailed replaces it at once', () => {
  for (const policy of ['Failed', 'TerminatingOrFailed'] as const) {
    const h = new JobHarness({ runFor: () => 3_600 * s });
    h.createJob(jobObject('steady', 4, 2, { podReplacementPolicy: policy }));
    h.runUntil(10 * s);
    const victim = h.podsOf('steady')[0];
    assert.ok(victim !== undefined);
    // A graceful deletion in progress (as a kubelet stopping the pod would show it).
    h.store.update({ ...victim, metadata: { ...victim.metadata, deletionTimestamp: h.sim.now + 30 * s, deletionGracePeriodSeconds: 30 } });
    h.runUntil(20 * s);
    assert.equal(h.podsOf('steady').length, policy === 'Failed' ? 2 : 3, policy);
    const current = h.store.get('Pod', objectKey(victim.metadata));
    assert.ok(current !== undefined);
    h.store.update({ ...current, status: { ...current.status, phase: 'Failed' } });
    h.runUntil(30 * s);
    assert.equal(h.podsOf('steady').length, 3, policy);
    assert.equal(h.job('steady').status.failed, 1);
  }
});
