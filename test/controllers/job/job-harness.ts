/**
 * A small cluster for Job controller tests: the controller harness (store, apiserver stand-in,
 * controller manager) with a kubelet stand-in that runs each new pod: Running and Ready at
 * once, then after `runFor(pod)` µs Succeeded, or Failed when `fails(pod)` says so (the pod's
 * container terminated with exit code 0, or the failure's code, at that time).
 */
import type { Job } from '../../../src/api/batch.js';
import type { NewObject } from '../../../src/api/object-store.js';
import { objectKey, setCondition, type Pod } from '../../../src/api/objects.js';
import { Harness, type HarnessOptions } from '../controller-harness.js';

/** Options of the Job harness. */
export interface JobHarnessOptions extends Omit<HarnessOptions, 'readyAfter'> {
  /** µs a pod runs before it finishes (default 10 s). */
  readonly runFor?: (pod: Pod) => number;
  /** Whether a pod fails (default never), or the non-zero exit code it fails with (true: 1). */
  readonly fails?: (pod: Pod) => boolean | number;
}

/** The harness with its pod runner. */
export class JobHarness extends Harness {
  constructor(options: JobHarnessOptions = {}) {
    super({ ...options, readyAfter: () => undefined });
    const runFor = options.runFor ?? (() => 10_000_000);
    const fails = options.fails ?? (() => false);
    const finish = this.sim.register<string>((key) => {
      const pod = this.store.get('Pod', key);
      if (pod === undefined || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return;
      const verdict = fails(pod);
      const failed = verdict !== false && verdict !== 0;
      const code = verdict === true ? 1 : verdict === false ? 0 : verdict;
      const now = this.sim.now;
      const conditions = setCondition(pod.status.conditions, { type: 'Ready', status: 'False', lastTransitionTime: now });
      const containerStatuses = pod.spec.containers.map((c) => ({
        name: c.name, ready: false, started: false, restartCount: 0,
        state: { state: 'terminated' as const, exitCode: code, reason: failed ? 'Error' : 'Completed', startedAt: pod.metadata.creationTimestamp, finishedAt: now },
      }));
      this.store.update({ ...pod, status: { ...pod.status, phase: failed ? 'Failed' : 'Succeeded', conditions, containerStatuses } });
    });
    const start = this.sim.register<string>((key) => {
      const pod = this.store.get('Pod', key);
      if (pod === undefined) return;
      const conditions = setCondition(pod.status.conditions, { type: 'Ready', status: 'True', lastTransitionTime: this.sim.now });
      this.store.update({ ...pod, status: { ...pod.status, phase: 'Running', startTime: this.sim.now, conditions } });
      this.sim.schedule(runFor(pod), finish, key);
    });
    this.store.watch('Pod', (e) => {
      if (e.type === 'ADDED') this.sim.schedule(0, start, objectKey(e.object.metadata));
    });
  }

  /** The Job `default/name`. */
  job(name: string): Job {
    const j = this.store.get('Job', `default/${name}`);
    if (j === undefined) throw new Error(`no job ${name}`);
    return j;
  }

  /** Pods of the Job `name` in the store. */
  podsOf(name: string): Pod[] {
    const uid = this.job(name).metadata.uid;
    return this.store.list('Pod').filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === uid));
  }

  /** Creates a Job directly in the store (as if applied; the generated selector is not needed here). */
  createJob(job: NewObject<'Job'>): void {
    this.store.create(job);
  }
}

/** A Job `name` of `completions` pods at `parallelism` (Never restarts), with `spec` overrides. */
export function jobObject(name: string, completions: number | undefined, parallelism: number, spec: Partial<Job['spec']> = {}): NewObject<'Job'> {
  return {
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      parallelism,
      ...(completions === undefined ? {} : { completions }),
      completionMode: 'NonIndexed',
      backoffLimit: 6,
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      template: { metadata: { labels: { app: name } }, spec: { schedulerName: 'default-scheduler', priority: 0, restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox', resources: { requests: {}, limits: {} } }] } },
      ...spec,
    },
    status: { active: 0, succeeded: 0, failed: 0, conditions: [] },
  };
}

/** The pods that count as active (neither finished nor being deleted). */
export function activePods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed' && p.metadata.deletionTimestamp === undefined);
}
