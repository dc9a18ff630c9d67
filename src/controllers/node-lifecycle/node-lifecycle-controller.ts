/**
 * kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle/
 * node_lifecycle_controller.go). Every `--node-monitor-period` it checks each node's Lease and
 * Ready condition (node-health.ts): past `--node-monitor-grace-period` without a heartbeat it writes
 * Ready=Unknown through the API and marks the node's pods not ready; a node whose Ready condition
 * is Unknown (False) goes into its zone's rate-limited queue and gets the `unreachable`
 * (`not-ready`) NoExecute taint when the queue lets it through; a Ready node loses both. The
 * zones' states (zone-state.ts) set each queue's rate, and when every zone is fully disrupted the
 * controller stops tainting and removes the NoExecute taints. Independently, each node's
 * conditions are mirrored as NoSchedule taints (taint-nodes-by-condition). All writes go through the API.
 */
import { findCondition, setCondition, type Condition, type Lease, type Node, type Taint } from '../../api/objects.js';
import type { ObjectStore, Watch } from '../../api/object-store.js';
import type { RestClient } from '../../controlplane/rest-client.js';
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import { checkNodeHealth, type NodeHealth } from './node-health.js';
import { nodeEvictionPeriod, type NodeLifecycleConfig } from './node-lifecycle-config.js';
import { conditionTaintKeys, hasTaint, nodeControllerUser, notReadyNoExecute, sameTaint, swapNodeTaints, unreachableNoExecute, unschedulableTaintKey } from './node-taints.js';
import type { PodsByNode } from './pods-by-node.js';
import { RateLimitedTimedQueue } from './rate-limited-timed-queue.js';
import { ZoneDisruption } from './zone-disruption.js';
import { zoneKey } from './zone-state.js';

/** Nodes with this label do not count in their zone's state (labelNodeDisruptionExclusion). */
const excludeDisruptionLabel = 'node.kubernetes.io/exclude-disruption';
/** Retry delay of a queued node whose Ready condition is missing (50 ms upstream). */
const missingConditionRetry: Micros = 50_000;

/** Watches nodes and leases, marks silent nodes Unknown and taints them, zone by zone. */
export class NodeLifecycleController {
  /** Nodes as last seen (informer or own write, whichever is newer). */
  private readonly nodes = new Map<string, Node>();
  private readonly leases = new Map<string, Lease>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Set<string>();
  /** Nodes whose status write is in flight (skipped by the monitor until it is answered). */
  private readonly writing = new Set<string>();
  /** NoSchedule passes in flight, and nodes changed meanwhile. */
  private readonly noScheduleBusy = new Set<string>();
  private readonly noScheduleAgain = new Set<string>();
  private readonly zones: ZoneDisruption;
  private readonly watches: Watch[];
  private readonly monitorTick: Handler<null>;
  private readonly taintTick: Handler<null>;
  private taintTickScheduled = false;

  constructor(
    private readonly sim: Simulation,
    store: ObjectStore,
    private readonly pods: PodsByNode,
    private readonly client: RestClient,
    metrics: MetricsSink,
    private readonly config: NodeLifecycleConfig,
  ) {
    this.zones = new ZoneDisruption(config, metrics);
    this.monitorTick = sim.register<null>(() => {
      this.monitorNodeHealth();
      sim.schedule(config.nodeMonitorPeriod, this.monitorTick, null);
    });
    this.taintTick = sim.register<null>(() => {
      this.taintTickScheduled = false;
      this.doNoExecuteTaintingPass();
    });
    this.watches = [
      store.watch('Node', (e) => {
        const name = e.object.metadata.name;
        if (e.type === 'DELETED') {
          this.nodes.delete(name);
          return;
        }
        this.remember(e.object);
        this.doNoScheduleTaintingPass(name);
      }, { list: true }),
      store.watch('Lease', (e) => {
        if (e.object.metadata.namespace !== 'kube-node-lease') return;
        if (e.type === 'DELETED') this.leases.delete(e.object.metadata.name);
        else this.leases.set(e.object.metadata.name, e.object);
      }, { list: true }),
    ];
    sim.schedule(0, this.monitorTick, null);
  }

  /** Stops the watches (the periodic passes keep their schedule but find nothing new). */
  stop(): void {
    for (const w of this.watches) w.stop();
  }

  private remember(node: Node): void {
    const had = this.nodes.get(node.metadata.name);
    if (had === undefined || had.metadata.resourceVersion < node.metadata.resourceVersion) this.nodes.set(node.metadata.name, node);
  }

  /** One monitor pass (monitorNodeHealth). */
  private monitorNodeHealth(): void {
    const now = this.sim.now;
    const nodes = [...this.nodes.values()];
    for (const node of nodes) {
      const name = node.metadata.name;
      if (this.known.has(name)) continue;
      this.known.add(name);
      this.zones.addZone(zoneKey(node), now);
      this.markNodeAsReachable(node);
    }
    for (const name of [...this.known]) if (!this.nodes.has(name)) this.known.delete(name);
    const zoneReady = new Map<string, (Condition | undefined)[]>();
    const countInZone = (node: Node, ready: Condition | undefined): void => {
      if (node.metadata.labels?.[excludeDisruptionLabel] !== undefined) return;
      const zone = zoneKey(node);
      let list = zoneReady.get(zone);
      if (list === undefined) zoneReady.set(zone, (list = []));
      list.push(ready);
    };
    for (const node of nodes) {
      const name = node.metadata.name;
      if (this.writing.has(name)) {
        // Its status write is in flight: it counts in its zone as the controller wrote it.
        countInZone(node, this.health.get(name)?.ready);
        continue;
      }
      const check = checkNodeHealth(node, this.leases.get(name), this.health.get(name), now, this.config.nodeMonitorGracePeriod, this.config.nodeStartupGracePeriod);
      this.health.set(name, check.health);
      if (check.statusToWrite !== undefined) this.writeStatus(node, check.statusToWrite);
      countInZone(node, check.currentReady);
      if (check.currentReady === undefined || check.observedReady === undefined) continue;
      this.processTaintBaseEviction(node, check.observedReady);
      if (check.currentReady.status !== 'True' && check.observedReady.status === 'True') this.markPodsNotReady(name);
    }
    const effect = this.zones.handleDisruption(zoneReady, now);
    if (effect === 'enteredFullDisruption') for (const node of nodes) this.markNodeAsReachable(node);
    if (effect === 'exitedFullDisruption') {
      for (const [name, h] of this.health) this.health.set(name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
  }

  private writeStatus(node: Node, status: Node['status']): void {
    const name = node.metadata.name;
    this.writing.add(name);
    this.client.send({ verb: 'PUT', kind: 'Node', subresource: 'status', name, body: { ...node, status }, user: nodeControllerUser }, (r) => {
      this.writing.delete(name);
      if (r.code < 300 && r.object?.kind === 'Node') this.remember(r.object);
      else this.health.delete(name); // re-observed from the informer at the next pass
    });
  }

  /** NoExecute tainting decisions of one node from the Ready condition seen before this pass (processTaintBaseEviction). */
  private processTaintBaseEviction(node: Node, observed: Condition): void {
    const now = this.sim.now;
    if (observed.status === 'False' || observed.status === 'Unknown') {
      const [taint, opposite] = observed.status === 'False' ? [notReadyNoExecute, unreachableNoExecute] : [unreachableNoExecute, notReadyNoExecute];
      if (hasTaint(node, opposite)) {
        // Already tainted for the other status: swap at once.
        swapNodeTaints(this.client, node, [taint], [opposite], () => undefined);
        return;
      }
      const queue = this.zones.queue(zoneKey(node), now);
      if (!hasTaint(node, taint)) queue.remove(node.metadata.name);
      if (queue.add(node.metadata.name, now)) this.scheduleTaintTick();
      return;
    }
    this.markNodeAsReachable(node);
  }

  /** Removes both NoExecute taints and takes the node out of its zone's queue. */
  private markNodeAsReachable(node: Node): void {
    swapNodeTaints(this.client, node, [], [unreachableNoExecute, notReadyNoExecute], () => undefined);
    this.zones.queue(zoneKey(node), this.sim.now).remove(node.metadata.name);
  }

  /** Sets the Ready condition of the node's pods to False through the API (MarkPodsNotReady). */
  private markPodsNotReady(nodeName: string): void {
    for (const pod of this.pods.onNode(nodeName)) {
      const ready = findCondition(pod.status.conditions, 'Ready');
      if (ready === undefined || ready.status !== 'True') continue;
      const conditions = setCondition(pod.status.conditions, { type: 'Ready', status: 'False', lastTransitionTime: this.sim.now });
      const m = pod.metadata;
      const body = { status: { ...pod.status, conditions } };
      const base = { verb: 'PATCH' as const, kind: 'Pod' as const, subresource: 'status' as const, name: m.name, body, user: nodeControllerUser };
      this.client.send(m.namespace === undefined ? base : { ...base, namespace: m.namespace }, () => undefined);
    }
  }

  private scheduleTaintTick(): void {
    if (this.taintTickScheduled) return;
    this.taintTickScheduled = true;
    const now = this.sim.now;
    this.sim.schedule(nodeEvictionPeriod - (now % nodeEvictionPeriod), this.taintTick, null);
  }

  /** Lets each zone's queue taint the nodes its limiter allows (doNoExecuteTaintingPass, every 100 ms while any node waits). */
  private doNoExecuteTaintingPass(): void {
    const now = this.sim.now;
    let waiting = false;
    for (const [zone, queue] of this.zones.queues()) {
      queue.tryAll(now, (name) => this.taintQueued(zone, queue, name));
      if (queue.length > 0) waiting = true;
    }
    if (waiting) this.scheduleTaintTick();
  }

  private taintQueued(zone: string, queue: RateLimitedTimedQueue, name: string): [boolean, Micros] {
    const node = this.nodes.get(name);
    if (node === undefined) return [true, 0];
    const ready = findCondition(node.status.conditions, 'Ready');
    if (ready === undefined) return [false, missingConditionRetry];
    if (ready.status === 'True') return [true, 0];
    const [taint, opposite] = ready.status === 'False' ? [notReadyNoExecute, unreachableNoExecute] : [unreachableNoExecute, notReadyNoExecute];
    swapNodeTaints(this.client, node, [taint], [opposite], (ok) => {
      if (ok) this.zones.countEviction(zone);
      else queue.remove(name); // queued again by the next monitor pass
    });
    return [true, 0];
  }

  /** Mirrors the node's conditions and `spec.unschedulable` as NoSchedule taints (doNoScheduleTaintingPass). */
  private doNoScheduleTaintingPass(name: string): void {
    if (this.noScheduleBusy.has(name)) {
      this.noScheduleAgain.add(name);
      return;
    }
    const node = this.nodes.get(name);
    if (node === undefined) return;
    const want: Taint[] = [];
    for (const c of node.status.conditions) {
      const key = conditionTaintKeys[c.type]?.[c.status];
      if (key !== undefined) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec.unschedulable === true) want.push({ key: unschedulableTaintKey, effect: 'NoSchedule' });
    const managed = (t: Taint): boolean => t.effect === 'NoSchedule' && (t.key === unschedulableTaintKey || Object.values(conditionTaintKeys).some((m) => Object.values(m).includes(t.key)));
    const have = (node.spec.taints ?? []).filter(managed);
    const add = want.filter((w) => !have.some((h) => sameTaint(h, w)));
    const remove = have.filter((h) => !want.some((w) => sameTaint(h, w)));
    if (add.length === 0 && remove.length === 0) return;
    this.noScheduleBusy.add(name);
    swapNodeTaints(this.client, node, add, remove, () => {
      this.noScheduleBusy.delete(name);
      if (this.noScheduleAgain.delete(name)) this.doNoScheduleTaintingPass(name);
    });
  }
}
