/**
 * The Job columns of a comparison or sweep row (see controllers/job/job-tracker.ts): mean time
 * from a Job's creation to its Complete or Failed condition, Jobs complete and failed, pods
 * created for Jobs and pods that failed. 0 in runs without Jobs.
 */
import type { RunResult } from '../scenario/runner.js';

/** The columns, in order. */
export const jobColumns = ['job_s', 'jobs_complete', 'jobs_failed', 'job_pods_created', 'job_pod_failures'] as const;

/** The Job columns of one run. */
export function jobRow(r: RunResult): Record<(typeof jobColumns)[number], number> {
  const m = r.metrics;
  const num = (name: string): number => (typeof m[name] === 'number' ? (m[name] as number) : 0);
  const duration = m['kubesim_job_duration_seconds'];
  return {
    job_s: typeof duration === 'object' && duration.count > 0 ? duration.mean : 0,
    jobs_complete: num('kubesim_jobs_total{result="complete"}'),
    jobs_failed: num('kubesim_jobs_total{result="failed"}'),
    job_pods_created: num('kubesim_job_pods_created_total'),
    job_pod_failures: num('kubesim_job_pod_failures_total'),
  };
}
