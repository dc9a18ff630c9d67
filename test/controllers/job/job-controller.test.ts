import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobCompletionIndexKey, jobCondition } from '../../../src/api/batch.js';
import type { Pod } from '../../../src/api/objects.js';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import { JobHarness, activePods, jobObject } from './job-harness.js';

const s = 1_000_000;
const indexOf = (p: Pod): number => Number(p.metadata.annotations?.[jobCompletionIndexKey]);

test('NonIndexed: completions reached with at most parallelism pods, SuccessCriteriaMet then Complete', () => {
  const h = new JobHarness({ runFor: () => 10 * s });
  h.createJob(jobObject('work', 10, 3));
  let most = 0;
  h.runUntil(3_600 * s, () => {
    most = Math.max(most, activePods(h.podsOf('work')).length);
  });
  const job = h.job('work');
  assert.equal(most, 3);
  assert.deepEqual([job.status.succeeded, job.status.failed, job.status.active], [10, 0, 0]);
  assert.equal(h.podsOf('work').length, 10);
  const met = jobCondition(job, 'SuccessCriteriaMet');
  const complete = jobCondition(job, 'Complete');
  assert.equal(met?.reason, 'CompletionsReached');
  assert.equal(complete?.reason, 'CompletionsReached');
  assert.ok(met !== undefined && complete !== undefined && met.lastTransitionTime <= complete.lastTransitionTime);
  // 4 waves of 10 s (3, 3, 3, 1 pods): done a little after 40 s.
  assert.ok(job.status.completionTime !== undefined && job.status.completionTime >= 40 * s && job.status.completionTime < 41 * s, String(job.status.completionTime));
  assert.equal(h.metrics.counter('job_controller_jobs_finished_total', { completion_mode: 'NonIndexed', result: 'succeeded', reason: '' }).value, 1);
  assert.equal(h.metrics.counter('job_controller_job_pods_finished_total', { completion_mode: 'NonIndexed', result: 'succeeded' }).value, 10);
});

test('Indexed: every index completes exactly once, failed indexes are retried, pods named <job>-<index>-<suffix>', () => {
  const attempts = new Map<number, number>();
  // The first attempt of every odd index fails.
  const h = new JobHarness({
    runFor: (p) => (1 + (indexOf(p) % 4)) * s,
    fails: (p) => {
      const i = indexOf(p);
      const n = (attempts.get(i) ?? 0) + 1;
      attempts.set(i, n);
      return i % 2 === 1 && n === 1;
    },
  });
  h.createJob(jobObject('idx', 8, 3, { completionMode: 'Indexed' }));
  h.runUntil(3_600 * s, () => {
    const active = activePods(h.podsOf('idx')).map(indexOf);
    assert.equal(new Set(active).size, active.length, `two active pods hold one index: ${active.join(',')}`);
    assert.ok(active.length <= 3);
  });
  const job = h.job('idx');
  assert.ok(jobCondition(job, 'Complete') !== undefined);
  assert.equal(job.status.completedIndexes, '0-7');
  assert.deepEqual([job.status.succeeded, job.status.failed], [8, 4]);
  const succeeded = h.podsOf('idx').filter((p) => p.status.phase === 'Succeeded').map(indexOf).sort((a, b) => a - b);
  assert.deepEqual(succeeded, [0, 1, 2, 3, 4, 5, 6, 7]);
  for (const p of h.podsOf('idx')) {
    assert.match(p.metadata.name, new RegExp(`^idx-${indexOf(p)}-[a-z0-9]{5}$`));
    assert.equal(p.metadata.labels?.[jobCompletionIndexKey], String(indexOf(p)));
  }
});

test('pod failure backoff: a replacement waits 10 s, 20 s, 40 s, 80 s after each failure; then BackoffLimitExceeded', () => {
  const h = new JobHarness({ runFor: () => 5 * s, fails: () => true });
  h.createJob(jobObject('flaky', 1, 1, { backoffLimit: 4 }));
  h.runUntil(3_600 * s);
  const pods = h.podsOf('flaky').sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp);
  assert.equal(pods.length, 5);
  const gaps = pods.slice(1).map((p, i) => {
    const prev = pods[i] as Pod;
    const finished = prev.status.containerStatuses?.[0]?.state.finishedAt ?? NaN;
    return (p.metadata.creationTimestamp - finished) / s;
  });
  [10, 20, 40, 80].forEach((want, i) => {
    const gap = gaps[i] as number;
    // The backoff, plus the watch and apiserver latencies of the failure's status and the create (a few ms).
    assert.ok(gap >= want && gap < want + 0.1, `gap ${i}: ${gap} s, want ${want} s`);
  });
  const job = h.job('flaky');
  assert.equal(jobCondition(job, 'FailureTarget')?.reason, 'BackoffLimitExceeded');
  assert.equal(jobCondition(job, 'Failed')?.reason, 'BackoffLimitExceeded');
  assert.equal(jobCondition(job, 'Failed')?.message, 'Job has reached the specified backoff limit');
  assert.equal(job.status.failed, 5);
  assert.equal(jobCondition(job, 'Complete'), undefined);
});

test('backoffLimit exceeded: the active pods are deleted before Failed is set', () => {
  // One pod fails fast, the others would run for an hour.
  let first = true;
  const h = new JobHarness({
    runFor: () => (first ? ((first = false), 2 * s) : 3_600 * s),
    fails: () => true,
  });
  h.createJob(jobObject('doomed', 10, 4, { backoffLimit: 0 }));
  h.runUntil(600 * s);
  const job = h.job('doomed');
  const failed = jobCondition(job, 'Failed');
  assert.equal(failed?.reason, 'BackoffLimitExceeded');
  assert.ok(failed !== undefined && failed.lastTransitionTime < 3 * s, `failed at ${String(failed?.lastTransitionTime)}`);
  assert.equal(activePods(h.podsOf('doomed')).length, 0);
  assert.equal(job.status.active, 0);
  // The failed pod and the 3 deleted active ones.
  assert.equal(job.status.failed, 4);
});

test('activeDeadlineSeconds: DeadlineExceeded at the deadline, pods deleted', () => {
  const h = new JobHarness({ runFor: () => 100 * s });
  h.createJob(jobObject('slow', 6, 3, { activeDeadlineSeconds: 30 }));
  h.runUntil(600 * s);
  const job = h.job('slow');
  const failed = jobCondition(job, 'Failed');
  assert.equal(failed?.reason, 'DeadlineExceeded');
  assert.equal(failed?.message, 'Job was active longer than specified deadline');
  assert.ok(failed !== undefined && failed.lastTransitionTime >= 30 * s && failed.lastTransitionTime < 31 * s, String(failed?.lastTransitionTime));
  assert.equal(activePods(h.podsOf('slow')).length, 0);
  assert.equal(h.podsOf('slow').filter((p) => p.status.phase === 'Succeeded').length, 0);
});

test('successPolicy: index 0 succeeding meets the policy; the other pods are removed without counting as failures', () => {
  const h = new JobHarness({ runFor: (p) => (indexOf(p) === 0 ? 5 * s : 300 * s) });
  h.createJob(jobObject('leader', 5, 5, { completionMode: 'Indexed', successPolicy: { rules: [{ succeededIndexes: '0' }] } }));
  h.runUntil(600 * s);
  const job = h.job('leader');
  assert.equal(jobCondition(job, 'SuccessCriteriaMet')?.reason, 'SuccessPolicy');
  assert.equal(jobCondition(job, 'SuccessCriteriaMet')?.message, 'Matched rules at index 0');
  const complete = jobCondition(job, 'Complete');
  assert.equal(complete?.reason, 'SuccessPolicy');
  assert.ok(complete !== undefined && complete.lastTransitionTime < 6 * s);
  assert.deepEqual([job.status.succeeded, job.status.failed, job.status.completedIndexes], [1, 0, '0']);
  assert.equal(activePods(h.podsOf('leader')).length, 0);
});

test('a work queue Job (no completions) completes once a pod succeeded and none runs; no pod is created after the first success', () => {
  const h = new JobHarness({ runFor: (p) => (p.metadata.creationTimestamp < 1 * s ? 10 * s : 20 * s) });
  h.createJob(jobObject('queue', undefined, 3));
  h.runUntil(600 * s);
  const job = h.job('queue');
  assert.ok(jobCondition(job, 'Complete') !== undefined);
  assert.deepEqual([job.status.succeeded, h.podsOf('queue').length], [3, 3]);
});

test('suspend: no pods while suspended; resuming starts them', () => {
  const h = new JobHarness({ runFor: () => 10 * s });
  h.createJob(jobObject('later', 2, 2, { suspend: true }));
  h.runUntil(60 * s);
  assert.equal(h.podsOf('later').length, 0);
  assert.equal(jobCondition(h.job('later'), 'Suspended')?.reason, 'JobSuspended');
  const resumedAt = h.sim.now;
  const r = applyRequest(h.store, { verb: 'PATCH', kind: 'Job', namespace: 'default', name: 'later', body: { spec: { suspend: false } }, user: 'admin' });
  assert.equal(r.code, 200);
  h.runUntil(600 * s);
  const job = h.job('later');
  assert.ok(jobCondition(job, 'Complete') !== undefined);
  assert.ok(job.status.startTime !== undefined && job.status.startTime >= resumedAt);
  assert.equal(job.status.conditions.find((c) => c.type === 'Suspended')?.reason, 'JobResumed');
});

test('deleting a Job: the garbage collector deletes its pods', () => {
  const h = new JobHarness({ runFor: () => 3_600 * s });
  h.createJob(jobObject('gone', 4, 4));
  h.runUntil(10 * s);
  assert.equal(h.store.list('Pod').length, 4);
  assert.equal(applyRequest(h.store, { verb: 'DELETE', kind: 'Job', namespace: 'default', name: 'gone', user: 'admin' }).code, 200);
  h.runUntil(20 * s);
  assert.equal(h.store.list('Pod').length, 0);
});

test('ttlSecondsAfterFinished: the finished Job is deleted that long after it completed, and its pods with it', () => {
  const h = new JobHarness({ runFor: () => 10 * s });
  h.createJob(jobObject('shortlived', 2, 2, { ttlSecondsAfterFinished: 60 }));
  let completedAt: number | undefined;
  let deletedAt: number | undefined;
  h.runUntil(600 * s, () => {
    const job = h.store.get('Job', 'default/shortlived');
    if (job !== undefined) completedAt ??= jobCondition(job, 'Complete')?.lastTransitionTime;
    else deletedAt ??= h.sim.now;
  });
  assert.ok(completedAt !== undefined && deletedAt !== undefined);
  const after = (deletedAt - completedAt) / s;
  assert.ok(after >= 60 && after < 60.1, `deleted ${after} s after completion`);
  assert.equal(h.store.list('Pod').length, 0);
});
