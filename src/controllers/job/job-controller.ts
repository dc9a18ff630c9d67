/**
 * kube-controller-manager's Job controller (pkg/controller/job/job_controller.go): runs each Job's
 * pods to completion. It counts finished pods (each once, in its own memory instead of upstream's
 * tracking finalizers; a pod being deleted that had not succeeded counts as failed, as under the
 * default podReplacementPolicy), keeps min(parallelism, completions left) pods active — created
 * in slow-start batches of at most 500 per sync, the lowest pending indexes of an Indexed Job —
 * and waits out the pod failure backoff (job-backoff.ts) before replacing failed ones. Failures
 * past backoffLimit (with `restartPolicy: OnFailure` the container restarts of running pods) or
 * activeDeadlineSeconds, or a failed pod matching a FailJob rule of the podFailurePolicy
 * (pod-failure-policy.ts; Ignore rules keep a failure from counting), set FailureTarget; completions reached or a successPolicy rule matched
 * set SuccessCriteriaMet; then the active pods are deleted and, once none runs, Failed or
 * Complete follows. `suspend` deletes the active pods. Everything goes through the API.
 */
import { isJobFinished, type Job, type JobCondition } from '../../api/batch.js';
import { canonicalJson } from '../../api/canonical-json.js';
import { formatIndexes } from '../../api/job-indexes.js';
import { objectKey, type Pod } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { ControllerContext } from '../controller-context.js';
import { ControllerExpectations } from '../expectations.js';
import { controllerOf, type Informer } from '../informer.js';
import { isPodActive, isPodReady } from '../pod-readiness.js';
import { slowStartBatch } from '../replicaset/slow-start-batch.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { nextBackoffRecord, noBackoff, remainingBackoff, type BackoffRecord } from './job-backoff.js';
import { backoffLimitExceeded, completionsReached, deadlineExceeded, interimCondition, matchSuccessPolicy, withCondition, type Outcome } from './job-conditions.js';
import { podForJob, podsToRemove } from './job-pod-template.js';
import { completionIndex, firstPendingIndexes, pastBackoffLimitOnFailure, podFinishedTime } from './job-pods.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** MaxPodCreateDeletePerSync (job_controller.go). */
export const maxPodCreateDeletePerSync = 500;
/** The user of its requests. */
export const jobControllerUser = 'system:serviceaccount:kube-system:job-controller';

/** What the controller remembers of one Job: the pods it has counted, the completed indexes, the backoff and the status it last wrote. */
interface Tracking {
  readonly counted: Set<string>;
  readonly completed: Set<number>;
  succeeded: number;
  failed: number;
  backoff: BackoffRecord;
  /** Deleted pods not counted yet (their last known state). */
  gone: Pod[];
  /** The message of the first failed pod a FailJob rule of the pod failure policy matched. */
  failJob: string | undefined;
  status: Job['status'];
}

/** Reconciles Jobs with their pods. */
export class JobController {
  readonly queue: WorkQueue;
  private readonly expectations: ControllerExpectations;
  private readonly jobs: Informer<'Job'>;
  private readonly pods: Informer<'Pod'>;
  private readonly tracking = new Map<string, Tracking>();

  constructor(private readonly ctx: ControllerContext, workers: number, private readonly metrics: MetricsSink) {
    this.queue = new WorkQueue(ctx.sim, workers, (key, done) => this.sync(key, done));
    this.expectations = new ControllerExpectations(() => ctx.sim.now);
    this.jobs = ctx.informers.informerFor('Job');
    this.pods = ctx.informers.informerFor('Pod');
    this.jobs.addEventHandler({
      onAdd: (job) => this.queue.add(objectKey(job.metadata)),
      onUpdate: (_old, job) => this.queue.add(objectKey(job.metadata)),
      onDelete: (job) => {
        this.expectations.delete(objectKey(job.metadata));
        this.tracking.delete(job.metadata.uid);
        this.queue.add(objectKey(job.metadata));
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.withOwner(pod, (key) => this.expectations.creationObserved(key)),
      onUpdate: (old, pod) => this.withOwner(pod, (key) => {
        if (old.metadata.deletionTimestamp === undefined && pod.metadata.deletionTimestamp !== undefined) this.expectations.deletionObserved(key);
      }),
      onDelete: (pod) => this.withOwner(pod, (key, uid) => {
        if (pod.metadata.deletionTimestamp === undefined) this.expectations.deletionObserved(key);
        this.tracking.get(uid)?.gone.push(pod);
      }),
    });
  }

  /** Calls `f` with the key and uid of the Job owning `pod`, if any, and queues that Job. */
  private withOwner(pod: Pod, f: (key: string, uid: string) => void): void {
    const ref = controllerOf(pod.metadata);
    if (ref?.kind !== 'Job') return;
    const key = objectKey({ name: ref.name, namespace: pod.metadata.namespace ?? 'default' });
    f(key, ref.uid);
    this.queue.add(key);
  }

  private trackingOf(job: Job): Tracking {
    let t = this.tracking.get(job.metadata.uid);
    if (t === undefined) {
      const s = job.status;
      t = { counted: new Set(), completed: new Set(), succeeded: s.succeeded, failed: s.failed, backoff: noBackoff, gone: [], failJob: undefined, status: s };
      this.tracking.set(job.metadata.uid, t);
    }
    return t;
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const job = this.jobs.get(key);
    if (job === undefined) {
      this.expectations.delete(key);
      done('ok');
      return;
    }
    const t = this.trackingOf(job);
    if (isJobFinished(job) || isJobFinished({ ...job, status: t.status })) {
      t.gone = [];
      done('ok');
      return;
    }
    const now = this.ctx.sim.now;
    const pods = this.pods.ownedBy(job.metadata.uid);
    const successMet = interimCondition({ ...job, status: t.status })?.type === 'SuccessCriteriaMet';
    this.count(job, t, pods, successMet);
    const active = pods.filter(isPodActive);
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp !== undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
    let conditions: readonly JobCondition[] = t.status.conditions;
    let startTime = t.status.startTime;
    const deadline = job.spec.activeDeadlineSeconds;
    if (job.spec.suspend) {
      conditions = withCondition(conditions, 'Suspended', { reason: 'JobSuspended', message: 'Job suspended' }, now);
      startTime = undefined;
    } else {
      if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) conditions = withCondition(conditions, 'Suspended', { reason: 'JobResumed', message: 'Job resumed' }, now, 'False');
      if (startTime === undefined) {
        startTime = now;
        // Look again when the deadline passes (upstream requeues the Job for it).
        if (deadline !== undefined) this.queue.addAfter(key, deadline * 1e6);
      }
    }
    let interim = interimCondition({ ...job, status: { ...t.status, conditions } });
    if (interim === undefined && !job.spec.suspend) {
      const failure = this.failure(job, t, pods, startTime, now);
      const success = failure === undefined ? this.success(job, t, active.length) : undefined;
      if (failure !== undefined) conditions = withCondition(conditions, 'FailureTarget', failure, now);
      else if (success !== undefined) conditions = withCondition(conditions, 'SuccessCriteriaMet', success, now);
      interim = conditions.find((c) => (c.type === 'FailureTarget' || c.type === 'SuccessCriteriaMet') && c.status === 'True');
    }
    const finish = (outcome: SyncOutcome, activeNow: number, extra: Partial<Job['status']> = {}): void => {
      const status: Job['status'] = {
        active: activeNow,
        succeeded: t.succeeded,
        failed: t.failed,
        ready: active.filter(isPodReady).length,
        ...(job.spec.completionMode === 'Indexed' ? { completedIndexes: formatIndexes(t.completed) } : {}),
        ...(startTime === undefined ? {} : { startTime }),
        conditions,
        ...extra,
      };
      this.writeStatus(job, t, status, outcome, done);
    };
    if (interim !== undefined) {
      // The outcome is known: remove the active pods, then the terminal condition once none runs.
      if (active.length === 0 && terminating.length === 0) {
        const failed = interim.type === 'FailureTarget';
        conditions = withCondition(conditions, failed ? 'Failed' : 'Complete', interim, now);
        const mode = job.spec.completionMode;
        this.metrics.counter('job_controller_jobs_finished_total', { completion_mode: mode, result: failed ? 'failed' : 'succeeded', reason: failed ? interim.reason : '' }).inc();
        finish('ok', 0, failed ? {} : { completionTime: now });
      } else if (active.length > 0 && this.expectations.satisfied(key)) this.deletePods(key, active, (outcome) => finish(outcome, 0));
      else finish('ok', active.length);
      return;
    }
    if (!this.expectations.satisfied(key)) {
      finish('ok', active.length);
      return;
    }
    // Under podReplacementPolicy Failed the terminating pods hold their places until they have failed.
    this.manageJob(key, job, t, active, job.spec.podReplacementPolicy === 'Failed' ? terminating : [], now, finish);
  }

  /** Counts pods that finished since the last sync (each once) and updates the backoff record. */
  private count(job: Job, t: Tracking, pods: readonly Pod[], successMet: boolean): void {
    const mode = job.spec.completionMode;
    const onlyFailed = job.spec.podReplacementPolicy === 'Failed';
    const policy = job.spec.podFailurePolicy;
    const succeededAt: Micros[] = [];
    const failedAt: Micros[] = [];
    const consider = (p: Pod, gone: boolean): void => {
      const uid = p.metadata.uid;
      if (t.counted.has(uid)) return;
      if (p.status.phase === 'Succeeded') {
        t.counted.add(uid);
        const ix = mode === 'Indexed' ? completionIndex(p, job.spec.completions) : undefined;
        if (mode === 'Indexed' && (ix === undefined || t.completed.has(ix))) return;
        if (ix !== undefined) t.completed.add(ix);
        t.succeeded++;
        succeededAt.push(podFinishedTime(p));
        this.metrics.counter('job_controller_job_pods_finished_total', { completion_mode: mode, result: 'succeeded' }).inc();
        return;
      }
      // Under podReplacementPolicy Failed a terminating pod is a failure only once it has failed (or is gone).
      if (p.status.phase !== 'Failed' && !gone && (onlyFailed || p.metadata.deletionTimestamp === undefined)) return;
      t.counted.add(uid);
      // Pods removed once the success criteria are met are not failures.
      if (successMet && p.status.phase !== 'Failed') return;
      failedAt.push(podFinishedTime(p));
      const verdict = policy === undefined || p.status.phase !== 'Failed' ? undefined : matchPodFailurePolicy(policy.rules, p);
      if (verdict !== undefined) this.metrics.counter('job_controller_pod_failures_handled_by_failure_policy_total', { action: verdict.action }).inc();
      if (verdict?.action === 'Ignore') return;
      if (verdict?.action === 'FailJob') t.failJob ??= verdict.message;
      t.failed++;
      this.metrics.counter('job_controller_job_pods_finished_total', { completion_mode: mode, result: 'failed' }).inc();
    };
    for (const p of pods) consider(p, false);
    for (const p of t.gone) consider(p, true);
    t.gone = [];
    t.backoff = nextBackoffRecord(t.backoff, succeededAt, failedAt);
  }

  /** PodFailurePolicy, BackoffLimitExceeded or DeadlineExceeded, when the Job has failed. */
  private failure(job: Job, t: Tracking, pods: readonly Pod[], startTime: Micros | undefined, now: Micros): Outcome | undefined {
    if (t.failJob !== undefined) return { reason: 'PodFailurePolicy', message: t.failJob };
    if (t.failed > job.spec.backoffLimit || pastBackoffLimitOnFailure(job, pods)) return backoffLimitExceeded;
    const deadline = job.spec.activeDeadlineSeconds;
    if (deadline !== undefined && startTime !== undefined && now - startTime >= deadline * 1e6) return deadlineExceeded;
    return undefined;
  }

  /** SuccessPolicy or CompletionsReached, when the Job has succeeded. */
  private success(job: Job, t: Tracking, active: number): Outcome | undefined {
    const completions = job.spec.completions;
    if (completions === undefined) return t.succeeded > 0 && active === 0 ? completionsReached : undefined;
    if (job.spec.completionMode === 'Indexed') {
      const rules = job.spec.successPolicy?.rules;
      const matched = rules === undefined ? undefined : matchSuccessPolicy(rules, completions, t.completed);
      if (matched !== undefined) return matched;
      return t.completed.size >= completions ? completionsReached : undefined;
    }
    return t.succeeded >= completions ? completionsReached : undefined;
  }

  /** manageJob: creates or removes pods so min(parallelism, completions left) are active (`held`: terminating pods not to replace yet); `finish` gets the active count after. */
  private manageJob(key: string, job: Job, t: Tracking, active: readonly Pod[], held: readonly Pod[], now: Micros, finish: (outcome: SyncOutcome, activeNow: number) => void): void {
    const { completions, parallelism } = job.spec;
    const indexed = job.spec.completionMode === 'Indexed';
    let want: number;
    if (job.spec.suspend) want = 0;
    else if (completions === undefined) want = t.succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    else want = Math.min(parallelism, Math.max(0, completions - (indexed ? t.completed.size : t.succeeded)));
    const victims = podsToRemove(job, active, want, t.completed).slice(0, maxPodCreateDeletePerSync);
    if (victims.length > 0) {
      this.deletePods(key, victims, (outcome) => finish(outcome, active.length - victims.length));
      return;
    }
    if (want <= active.length + held.length) {
      finish('ok', active.length);
      return;
    }
    const wait = remainingBackoff(t.backoff, now);
    if (wait > 0) {
      this.queue.addAfter(key, wait);
      finish('ok', active.length);
      return;
    }
    let n = Math.min(want - active.length - held.length, maxPodCreateDeletePerSync);
    let indexes: number[] | undefined;
    if (indexed) {
      const taken = new Set([...active, ...held].flatMap((p) => {
        const ix = completionIndex(p, completions);
        return ix === undefined ? [] : [ix];
      }));
      indexes = firstPendingIndexes(completions ?? 0, t.completed, taken, n);
      n = indexes.length;
    }
    this.expectations.expect(key, n, 0);
    const namespace = job.metadata.namespace ?? 'default';
    let sent = 0;
    slowStartBatch(n, 1, (callDone) => {
      const pod = podForJob(job, indexes?.[sent], this.ctx.random);
      sent++;
      this.ctx.client.send({ verb: 'POST', kind: 'Pod', namespace, name: pod.metadata.name, body: pod, user: this.ctx.user }, (r) => {
        if (r.code !== 201) this.expectations.creationObserved(key);
        callDone(r.code === 201);
      });
    }, (successes) => {
      for (let i = sent; i < n; i++) this.expectations.creationObserved(key);
      finish(successes < n ? 'error' : 'ok', active.length + successes);
    });
  }

  /** Deletes `victims` (expecting their deletions); `after` once every answer is in. */
  private deletePods(key: string, victims: readonly Pod[], after: (outcome: SyncOutcome) => void): void {
    this.expectations.expect(key, 0, victims.length);
    let left = victims.length;
    let failed = false;
    for (const pod of victims) {
      this.ctx.client.send({ verb: 'DELETE', kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, user: this.ctx.user }, (r) => {
        if (r.code >= 300) {
          if (r.code !== 404) failed = true;
          this.expectations.deletionObserved(key);
        }
        if (--left === 0) after(failed ? 'error' : 'ok');
      });
    }
  }

  /** Writes `status` when it differs from the last one written, then finishes the sync. */
  private writeStatus(job: Job, t: Tracking, status: Job['status'], outcome: SyncOutcome, done: (outcome: SyncOutcome) => void): void {
    if (canonicalJson(status) === canonicalJson(t.status)) {
      done(outcome);
      return;
    }
    // Remembered at once, so a sync on a cache that has not seen the write yet builds on it.
    const before = t.status;
    t.status = status;
    const namespace = job.metadata.namespace ?? 'default';
    this.ctx.client.send({ verb: 'PUT', kind: 'Job', subresource: 'status', namespace, name: job.metadata.name, body: { ...job, status }, user: this.ctx.user }, (r) => {
      if (r.code >= 300 && t.status === status) t.status = before;
      done(r.code < 300 ? outcome : 'error');
    });
  }
}
