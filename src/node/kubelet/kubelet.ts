/**
 * The kubelet of one node: watches the pods bound to it (field selector `spec.nodeName`), admits
 * each against allocatable cpu/memory/pods as the kubelet's admit handlers do (rejecting with
 * `OutOfcpu`, `OutOfmemory`, `OutOfpods`, or `Evicted` under node pressure — BestEffort pods under
 * MemoryPressure, every pod under DiskPressure, as the eviction manager's admit handler), and
 * runs a pod worker per admitted pod. A pod the apiserver marks for graceful deletion is stopped
 * within its grace period, its final status PATCHed, and the object DELETEd with grace 0 (as the
 * status manager confirms a deletion). Evictions come from the node's eviction manager. With DRA,
 * the pod's ResourceClaims are prepared between admission and the sandbox step.
 */
import { objectKey, type Node, type Pod } from '../../api/objects.js';
import type { Watch, WatchEvent } from '../../api/object-store.js';
import type { RestClient } from '../../controlplane/rest-client.js';
import type { EventHandle, Micros } from '../../engine/simulation.js';
import type { NodeImageResources } from '../image-pull/image-pull-config.js';
import { KubeletImageHooks } from '../image-pull/kubelet-image-hooks.js';
import type { ContainerRecord } from './container-record.js';
import { ImageStarter, LatencyStarter, type ContainerStarter } from './container-starter.js';
import { CrashLoopBackOff } from './crash-loop-backoff.js';
import type { KubeletRuntime } from './kubelet-runtime.js';
import { killPod } from './pod-termination.js';
import type { PodWorkerHost } from './pod-worker-host.js';
import { PodWorker } from './pod-worker.js';
import { withForeignConditions } from './pod-status.js';
import { podEffectiveRequest, podQosClass } from './qos.js';
import { usageAt } from './usage-curve.js';

/** Default `terminationGracePeriodSeconds` (v1 PodSpec defaulting, 30 s). */
export const defaultTerminationGracePeriodSeconds = 30;

/** The kubelet of one node. */
export class Kubelet implements PodWorkerHost {
  /** Pod workers by pod key, terminal ones included until the pod object is deleted. */
  readonly workers = new Map<string, PodWorker>();
  readonly starter: ContainerStarter;
  readonly backoff = new CrashLoopBackOff();
  /** The node's image manager and pod starts (with the image model). */
  readonly images: KubeletImageHooks | undefined;
  /** Node conditions the eviction manager reports (MemoryPressure, DiskPressure) that admission honours. */
  pressure: ReadonlySet<string> = new Set();
  /** Called when a pod is admitted (the eviction manager starts its housekeeping). */
  onAdmitted: (w: PodWorker) => void = () => undefined;
  private milliCpu = 0;
  private memory = 0;
  private active = 0;
  private readonly watch: Watch;
  private readonly user: string;

  constructor(readonly runtime: KubeletRuntime, readonly node: Node, private readonly client: RestClient, resources?: NodeImageResources) {
    this.user = `system:node:${node.metadata.name}`;
    if (runtime.images !== undefined && resources !== undefined) {
      this.images = new KubeletImageHooks(runtime.images, node.metadata.name, resources, node.status.images ?? []);
      this.starter = new ImageStarter(this.images);
    } else this.starter = new LatencyStarter((d, fn) => this.after(d, fn));
    this.watch = runtime.store.watch('Pod', (e) => this.onPod(e), { nodeName: node.metadata.name });
  }

  get sim() {
    return this.runtime.sim;
  }
  get probes() {
    return this.runtime.probes;
  }
  get metrics() {
    return this.runtime.metrics;
  }
  get appRng() {
    return this.runtime.appRng;
  }

  /** Stops the kubelet's watch. */
  stop(): void {
    this.watch.stop();
  }

  /** Runs `fn` after `delay` µs. */
  after(delay: Micros, fn: () => void): EventHandle {
    return this.runtime.sim.schedule(Math.max(0, Math.round(delay)), this.runtime.call, fn);
  }

  /** The sandbox step: one `startLatency` draw without the image model (it holds the first container starts), else `sandboxLatency`. */
  sandboxLatency(): Micros {
    return this.images === undefined ? this.runtime.startLatency() : this.runtime.sandboxLatency();
  }

  /** Ephemeral storage a container uses at `now` (its usage model since it started). */
  ephemeralUsage(r: ContainerRecord, now: Micros): number {
    return r.startedAt === undefined ? 0 : usageAt(r.spec.behavior?.ephemeralStorage, now - r.startedAt);
  }

  private onPod(e: WatchEvent<'Pod'>): void {
    const pod = e.object;
    const key = objectKey(pod.metadata);
    const w = this.workers.get(key);
    if (e.type === 'DELETED') {
      if (w !== undefined) this.forget(w);
      return;
    }
    if (pod.status.phase === 'Running') this.images?.observedRunning(key, pod);
    if (w !== undefined) {
      w.pod = { ...pod, status: w.pod.status };
      w.conditions = withForeignConditions(w.conditions, pod.status.conditions);
      if (pod.metadata.deletionTimestamp !== undefined) this.terminate(w);
      return;
    }
    if (pod.status.phase !== 'Pending' || pod.metadata.deletionTimestamp !== undefined) return;
    const reason = this.admit(pod);
    if (reason !== undefined) {
      this.metrics.rejected(reason).inc();
      this.patchStatus(pod, { ...pod.status, phase: 'Failed', reason, ...(reason === 'Evicted' ? { message: `The node had condition: [${[...this.pressure].join(', ')}].` } : {}) });
      return;
    }
    this.milliCpu += podEffectiveRequest(pod, 'cpu');
    this.memory += podEffectiveRequest(pod, 'memory');
    this.active++;
    const worker = new PodWorker(this, pod, key);
    this.workers.set(key, worker);
    this.onAdmitted(worker);
    const dra = this.runtime.dra;
    if (dra !== undefined && (pod.spec.resourceClaims?.length ?? 0) > 0) {
      // The kubelet's DRA manager prepares the pod's claims before its containers start.
      dra.prepare(this.node.metadata.name, pod, this.client, (delay) => this.after(delay, () => worker.begin()));
      return;
    }
    // Containers start here: the pod worker's sandbox step, then init and app containers (pull, create, start).
    worker.begin();
  }

  /** The pod's app containers all started: DRA counts its GPUs' consumers. */
  podStarted(w: PodWorker): void {
    this.runtime.dra?.started(w.pod);
  }

  /** Admission against allocatable and node pressure: the reason of a rejection, or undefined when admitted. */
  private admit(pod: Pod): string | undefined {
    const alloc = this.node.status.allocatable;
    if (this.pressure.has('DiskPressure')) return 'Evicted';
    if (this.pressure.has('MemoryPressure') && podQosClass(pod) === 'BestEffort') return 'Evicted';
    if (this.active + 1 > (alloc['pods'] ?? 0)) return 'OutOfpods';
    if (this.milliCpu + podEffectiveRequest(pod, 'cpu') > (alloc['cpu'] ?? 0)) return 'OutOfcpu';
    if (this.memory + podEffectiveRequest(pod, 'memory') > (alloc['memory'] ?? 0)) return 'OutOfmemory';
    return undefined;
  }

  /** The pod no longer holds node resources (terminal). */
  podTerminated(w: PodWorker): void {
    if (w.released) return;
    w.released = true;
    this.milliCpu -= podEffectiveRequest(w.pod, 'cpu');
    this.memory -= podEffectiveRequest(w.pod, 'memory');
    this.active--;
    for (const r of w.containers) r.start?.cancel();
    this.runtime.dra?.stopped(w.key);
  }

  /** The pod object is gone: stop whatever still runs and forget it. */
  private forget(w: PodWorker): void {
    if (!w.done) {
      w.stage = 'terminated';
      w.cancelPending();
      for (const r of w.containers) {
        w.stopProbes(r);
        for (const h of r.timers) this.sim.cancel(h);
        r.generation++;
      }
    }
    this.podTerminated(w);
    for (const r of w.containers) this.backoff.forget(`${w.key}/${r.spec.name}`);
    this.images?.deleted(w.key);
    this.workers.delete(w.key);
  }

  /** Graceful deletion: stop within the grace period, report the final status, then DELETE with grace 0. */
  private terminate(w: PodWorker): void {
    if (w.stage === 'terminating') return;
    const seen = this.sim.now;
    const m = w.pod.metadata;
    const finalDelete = (): void => {
      const base = { verb: 'DELETE' as const, kind: 'Pod' as const, name: m.name, gracePeriodSeconds: 0, user: this.user };
      this.client.send(m.namespace === undefined ? base : { ...base, namespace: m.namespace }, () => undefined);
    };
    if (w.done) return finalDelete();
    const grace = (m.deletionGracePeriodSeconds ?? w.pod.spec.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds) * 1e6;
    w.stage = 'terminating';
    killPod(w, grace, false, () => {
      this.metrics.termination.observe((this.sim.now - seen) / 1e6);
      const ok = w.apps.every((r) => r.state.exitCode === 0);
      w.finish(ok ? 'Succeeded' : 'Failed');
      finalDelete();
    });
  }

  /**
   * Evicts the pod (eviction manager): stops it with `grace` µs overriding its own, then reports
   * phase Failed, reason Evicted, with `message`; the object stays until someone deletes it.
   */
  evict(w: PodWorker, grace: Micros, message: string): void {
    if (w.done || w.stage === 'terminating') return;
    w.stage = 'terminating';
    w.flush();
    killPod(w, grace, true, () => {
      w.finish('Failed', 'Evicted', message);
    });
  }

  /** PATCHes a worker's pod status. */
  sendStatus(w: PodWorker, status: Pod['status']): void {
    w.pod = { ...w.pod, status };
    this.patchStatus(w.pod, status);
  }

  private patchStatus(pod: Pod, status: Pod['status']): void {
    const m = pod.metadata;
    const base = { verb: 'PATCH' as const, kind: 'Pod' as const, subresource: 'status' as const, name: m.name, body: { status }, user: this.user };
    this.client.send(m.namespace === undefined ? base : { ...base, namespace: m.namespace }, () => undefined);
  }
}
