/**
 * What each Job cost, measured from the controller manager's informers (no watch of its own):
 * from the Job's creation to its Complete or Failed condition, the pods created for it, the pods
 * that failed (its `status.failed`) and the retries (pods created beyond those a run without
 * failures needs: `completions`, or `parallelism` for a work-queue Job).
 *
 * Per Job (label `job="<namespace>/<name>"`): `kubesim_job_completion_seconds{job,result}`,
 * `kubesim_job_pods_created{job}`, `kubesim_job_pods_failed{job}`, `kubesim_job_pod_retries{job}`.
 * Over all Jobs: `kubesim_job_duration_seconds` (histogram), `kubesim_jobs_total{result="complete|failed"}`,
 * `kubesim_job_pods_created_total`, `kubesim_job_pod_failures_total`.
 */
import { jobCondition, type Job } from '../../api/batch.js';
import { objectKey } from '../../api/objects.js';
import type { MetricsSink } from '../../metrics/sink.js';
import { controllerOf, type SharedInformerFactory } from '../informer.js';

/** Records every Job's outcome and cost. */
export class JobTracker {
  private readonly created = new Map<string, number>();
  private readonly finished = new Set<string>();

  constructor(informers: SharedInformerFactory, private readonly metrics: MetricsSink) {
    informers.informerFor('Pod').addEventHandler({
      onAdd: (pod) => {
        const ref = controllerOf(pod.metadata);
        if (ref?.kind !== 'Job') return;
        this.created.set(ref.uid, (this.created.get(ref.uid) ?? 0) + 1);
        this.metrics.counter('kubesim_job_pods_created_total').inc();
      },
    });
    informers.informerFor('Job').addEventHandler({ onAdd: (job) => this.observed(job), onUpdate: (_old, job) => this.observed(job) });
  }

  /** Records `job`'s outcome the first time it is seen finished (also called by a `waitForJob` op's own watch). */
  observed(job: Job): void {
    const uid = job.metadata.uid;
    if (this.finished.has(uid)) return;
    const complete = jobCondition(job, 'Complete');
    const end = complete ?? jobCondition(job, 'Failed');
    if (end === undefined) return;
    this.finished.add(uid);
    const result = complete === undefined ? 'failed' : 'complete';
    const seconds = (end.lastTransitionTime - job.metadata.creationTimestamp) / 1e6;
    const created = this.created.get(uid) ?? 0;
    const label = { job: objectKey(job.metadata) };
    const needed = job.spec.completions ?? job.spec.parallelism;
    this.metrics.gauge('kubesim_job_completion_seconds', { ...label, result }).set(seconds);
    this.metrics.gauge('kubesim_job_pods_created', label).set(created);
    this.metrics.gauge('kubesim_job_pods_failed', label).set(job.status.failed);
    this.metrics.gauge('kubesim_job_pod_retries', label).set(Math.max(0, created - needed));
    this.metrics.histogram('kubesim_job_duration_seconds').observe(seconds);
    this.metrics.counter('kubesim_jobs_total', { result }).inc();
    this.metrics.counter('kubesim_job_pod_failures_total').inc(job.status.failed);
  }
}
