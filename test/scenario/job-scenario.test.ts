import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jobRow } from '../../src/cli/job-columns.js';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../scenarios/jobs/job-parallelism-backoff.yaml', import.meta.url));
const spec = (name: string): string => `workload[0].objects[0].spec.${name}`;

test('100 completions at parallelism 20 with 10 % failing pods: complete, every failure replaced', async () => {
  for (const seed of [1, 2, 3]) {
    const r = runScenario(await loadScenario(file, { seed }));
    const row = jobRow(r);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual([row.jobs_complete, row.jobs_failed], [1, 0]);
    // Each failed pod is replaced once: 100 successes plus the failures.
    assert.equal(row.job_pods_created, 100 + row.job_pod_failures);
    // About 10 % of ~110 runs fail.
    assert.ok(row.job_pod_failures >= 3 && row.job_pod_failures <= 25, `${row.job_pod_failures} failures`);
    // ~6 waves of 20 pods of ~34 s mean run time, plus the slowest pod's tail.
    assert.ok(row.job_s > 150 && row.job_s < 450, `job took ${row.job_s} s`);
    assert.equal(r.metrics['job_controller_job_pods_finished_total{completion_mode="NonIndexed",result="succeeded"}'], 100);
  }
});

test('the default backoffLimit 6 fails the Job with BackoffLimitExceeded; the active pods are removed', async () => {
  const r = runScenario(await loadScenario(file, { sets: [`${spec('backoffLimit')}=6`, `${spec('parallelism')}=50`] }));
  const row = jobRow(r);
  assert.deepEqual([row.jobs_complete, row.jobs_failed], [0, 1]);
  assert.equal(r.metrics['job_controller_jobs_finished_total{completion_mode="NonIndexed",reason="BackoffLimitExceeded",result="failed"}'], 1);
  // 7 failed runs (past the limit of 6), plus the active pods deleted then, which count as failed too.
  assert.ok(row.job_pod_failures > 7, `${row.job_pod_failures} failures`);
  assert.ok(r.warnings.some((w) => /job "batch" failed: BackoffLimitExceeded: Job has reached the specified backoff limit/.test(w)), r.warnings.join('\n'));
  assert.ok(r.pods.length === row.job_pods_created);
});

test('parallelism buys time: 5 pods at a time take more than twice as long as 50', async () => {
  const at = async (p: number): Promise<number> => jobRow(runScenario(await loadScenario(file, { sets: [`${spec('parallelism')}=${p}`] }))).job_s;
  const slow = await at(5);
  const fast = await at(50);
  assert.ok(slow > 2 * fast, `parallelism 5: ${slow} s, 50: ${fast} s`);
  // 100 pods of ~34 s in 5 lanes: about 11 minutes or more.
  assert.ok(slow > 600, `${slow} s`);
});

test('restartPolicy OnFailure: container restarts count toward backoffLimit; the pods are restarted in place, not replaced', async () => {
  const r = runScenario(await loadScenario(file, {
    sets: [
      `${spec('template.spec.restartPolicy')}=OnFailure`, `${spec('template.spec.containers[0].behavior.failureProbability')}=1`,
      `${spec('backoffLimit')}=2`, `${spec('parallelism')}=2`, `${spec('completions')}=4`,
    ],
  }));
  const row = jobRow(r);
  assert.deepEqual([row.jobs_complete, row.jobs_failed, row.job_pods_created], [0, 1, 2]);
  assert.equal(r.metrics['job_controller_jobs_finished_total{completion_mode="NonIndexed",reason="BackoffLimitExceeded",result="failed"}'], 1);
  // Two restarts: each pod's first run (up to ~90 s) and a 10 s CrashLoopBackOff, well within 5 minutes.
  assert.ok(row.job_s > 10 && row.job_s < 300, `${row.job_s} s`);
});
