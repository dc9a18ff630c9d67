/**
 * The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go): watches the
 * NoExecute taints of nodes and the pods bound to them. A pod that does not tolerate every
 * NoExecute taint of its node is deleted at once; a pod whose matching tolerations all carry
 * `tolerationSeconds` is deleted when the smallest of them has passed since the controller saw the
 * taint; a toleration without `tolerationSeconds` keeps the pod forever. Removing the taints
 * cancels the pending deletions. A deletion first PATCHes the pod status with the
 * DisruptionTarget condition (reason DeletionByTaintManager), then DELETEs the pod, retried up to
 * 5 times. Metrics: `taint_eviction_controller_pod_deletions_total` and
 * `taint_eviction_controller_pod_deletion_duration_seconds` (from the deletion's due time).
 */
import { objectKey, setCondition, type Node, type Pod, type Taint, type Toleration } from '../../api/objects.js';
import type { ObjectStore, Watch } from '../../api/object-store.js';
import { matchingTolerations } from '../../api/toleration.js';
import type { RestClient } from '../../controlplane/rest-client.js';
import type { EventHandle, Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { Counter, Histogram, MetricsSink } from '../../metrics/sink.js';
import type { PodsByNode } from './pods-by-node.js';

/** The user the controller's requests run as. */
export const taintEvictionControllerUser = 'system:serviceaccount:kube-system:taint-eviction-controller';
/** Reason of the DisruptionTarget condition the controller sets before deleting. */
export const deletionByTaintManager = 'DeletionByTaintManager';
/** Attempts of one deletion (`retries` upstream). */
const deleteAttempts = 5;

interface Work {
  readonly pod: string;
  readonly createdAt: Micros;
  readonly fireAt: Micros;
  readonly handle: EventHandle;
}

/** The smallest `tolerationSeconds` of the used tolerations in µs (0 for none or a limit <= 0); -1 (forever) when none has a limit (getMinTolerationTime). */
export function minTolerationTime(used: readonly Toleration[]): Micros {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : Math.round(min * 1e6);
}

function noExecute(node: Node | undefined): Taint[] {
  return (node?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');
}

function sameTolerations(a: Pod | undefined, b: Pod): boolean {
  return JSON.stringify(a?.spec.tolerations ?? []) === JSON.stringify(b.spec.tolerations ?? []);
}

/** Deletes pods from NoExecute-tainted nodes once their tolerations run out. */
export class TaintEvictionController {
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly work = new Map<string, Work>();
  private readonly fire: Handler<string>;
  private readonly watch: Watch;
  private readonly deletions: Counter;
  private readonly latency: Histogram;

  constructor(private readonly sim: Simulation, store: ObjectStore, private readonly pods: PodsByNode, private readonly client: RestClient, metrics: MetricsSink) {
    this.deletions = metrics.counter('taint_eviction_controller_pod_deletions_total', undefined, true);
    this.latency = metrics.histogram('taint_eviction_controller_pod_deletion_duration_seconds');
    this.fire = sim.register<string>((key) => this.deletePod(key));
    this.watch = store.watch('Node', (e) => {
      const name = e.object.metadata.name;
      const before = this.taintedNodes.get(name) ?? [];
      const after = e.type === 'DELETED' ? [] : noExecute(e.object);
      if (e.type !== 'ADDED' && JSON.stringify(before) === JSON.stringify(after)) return;
      this.handleNodeUpdate(name, after);
    }, { list: true });
    pods.subscribe((type, pod, old) => {
      const key = objectKey(pod.metadata);
      if (type === 'DELETED') {
        this.cancel(key);
        return;
      }
      if (old !== undefined && old.spec.nodeName === pod.spec.nodeName && sameTolerations(old, pod)) return;
      const node = pod.spec.nodeName;
      if (node === undefined) return;
      const taints = this.taintedNodes.get(node);
      if (taints !== undefined) this.processPodOnNode(key, pod.spec.tolerations, taints);
    });
  }

  /** Stops watching nodes. */
  stop(): void {
    this.watch.stop();
  }

  /** Deletions scheduled and not yet done. */
  get pending(): number {
    return this.work.size;
  }

  private handleNodeUpdate(name: string, taints: Taint[]): void {
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    for (const pod of this.pods.onNode(name)) {
      const key = objectKey(pod.metadata);
      if (taints.length === 0) this.cancel(key);
      else this.processPodOnNode(key, pod.spec.tolerations, taints);
    }
  }

  private processPodOnNode(key: string, tolerations: readonly Toleration[] | undefined, taints: readonly Taint[]): void {
    const now = this.sim.now;
    if (taints.length === 0) {
      this.cancel(key);
      return;
    }
    const used = matchingTolerations(taints, tolerations);
    if (used === undefined) {
      this.cancel(key);
      this.add(key, now, now);
      return;
    }
    const min = minTolerationTime(used);
    if (min < 0) {
      this.cancel(key);
      return;
    }
    const scheduled = this.work.get(key);
    if (scheduled !== undefined) {
      // An earlier countdown that ends sooner stays.
      if (scheduled.createdAt + min < now + min) return;
      this.cancel(key);
    }
    this.add(key, now, now + min);
  }

  private add(key: string, createdAt: Micros, fireAt: Micros): void {
    const handle = this.sim.at(fireAt, this.fire, key);
    this.work.set(key, { pod: key, createdAt, fireAt, handle });
  }

  private cancel(key: string): void {
    const w = this.work.get(key);
    if (w === undefined) return;
    this.sim.cancel(w.handle);
    this.work.delete(key);
  }

  /** Sets DisruptionTarget on the pod, then deletes it (addConditionAndDeletePod). */
  private deletePod(key: string, attempt = 0): void {
    const w = this.work.get(key);
    const pod = this.pods.get(key);
    if (pod === undefined) {
      this.work.delete(key);
      return;
    }
    const m = pod.metadata;
    const ns = m.namespace === undefined ? {} : { namespace: m.namespace };
    const conditions = setCondition(pod.status.conditions, { type: 'DisruptionTarget', status: 'True', reason: deletionByTaintManager, lastTransitionTime: this.sim.now });
    const user = taintEvictionControllerUser;
    const retry = (): void => {
      if (attempt + 1 < deleteAttempts) this.deletePod(key, attempt + 1);
      else this.work.delete(key);
    };
    this.client.send({ verb: 'PATCH', kind: 'Pod', subresource: 'status', name: m.name, ...ns, body: { status: { ...pod.status, conditions } }, user }, (r) => {
      if (r.code === 404) return void this.work.delete(key);
      if (r.code >= 300) return retry();
      this.client.send({ verb: 'DELETE', kind: 'Pod', name: m.name, ...ns, user }, (d) => {
        if (d.code >= 300 && d.code !== 404) return retry();
        this.work.delete(key);
        if (d.code === 404) return;
        this.deletions.inc();
        if (w !== undefined) this.latency.observe((this.sim.now - w.fireAt) / 1e6);
      });
    });
  }
}
