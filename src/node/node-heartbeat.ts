/**
 * The kubelet's two heartbeats through the API: the node Lease in `kube-node-lease`, renewed
 * every `nodeLeaseDurationSeconds` × 0.25 (10 s by default) with 4 % jitter
 * (pkg/kubelet/nodelease and component-helpers/apimachinery/lease/controller.go), and the Node
 * status, computed every `nodeStatusUpdateFrequency` and PATCHed when it changed or every
 * `nodeStatusReportFrequency` (5 min) otherwise (pkg/kubelet/kubelet_node_status.go). Only the
 * node's images (with the image model) and pressure conditions change in this model: a change is PATCHed at the next
 * update tick; otherwise the status is PATCHed at the report frequency. A failed
 * renewal is retried at the next tick (after re-reading the Lease when it conflicted).
 */
import { setCondition, type ContainerImage, type Lease, type Node } from '../api/objects.js';
import type { ApiResponse } from '../controlplane/apiserver/request.js';
import { RequestShape } from '../controlplane/apiserver/request-shape.js';
import type { RestClient } from '../controlplane/rest-client.js';
import type { RandomStream } from '../engine/rng.js';
import type { Handler, Micros, Simulation } from '../engine/simulation.js';

/** KubeletConfiguration fields of the heartbeats (µs). */
export interface HeartbeatConfig {
  readonly nodeLeaseDurationSeconds: number;
  readonly nodeStatusUpdateFrequency: Micros;
  readonly nodeStatusReportFrequency: Micros;
}

/** Defaults: lease 40 s, status update 10 s, status report 5 min (REFERENCE.md kubelet row; KubeletConfiguration defaults). */
export const defaultHeartbeatConfig: HeartbeatConfig = {
  nodeLeaseDurationSeconds: 40,
  nodeStatusUpdateFrequency: 10_000_000,
  nodeStatusReportFrequency: 300_000_000,
};

const leaseNamespace = 'kube-node-lease';
/** Jitter factor of the lease controller's renew loop (wait.JitterUntil with 0.04). */
const jitter = 0.04;

/** Reasons of the pressure conditions when True and when False (kubelet_node_status.go). */
const pressureReasons: Readonly<Record<string, readonly [string, string]>> = {
  MemoryPressure: ['KubeletHasInsufficientMemory', 'KubeletHasSufficientMemory'],
  DiskPressure: ['KubeletHasDiskPressure', 'KubeletHasNoDiskPressure'],
};

/** Shared handlers and parameters of every node's heartbeat. */
export class HeartbeatRuntime {
  readonly renew: Handler<NodeHeartbeat>;
  readonly report: Handler<NodeHeartbeat>;
  readonly update: Handler<NodeHeartbeat>;

  constructor(readonly sim: Simulation, readonly config: HeartbeatConfig, readonly rng: RandomStream) {
    this.renew = sim.register<NodeHeartbeat>((h) => h.renewLease());
    this.report = sim.register<NodeHeartbeat>((h) => h.reportStatus());
    this.update = sim.register<NodeHeartbeat>((h) => h.updateStatus());
  }

  /** The renew interval with jitter, in µs. */
  renewInterval(): Micros {
    const base = this.config.nodeLeaseDurationSeconds * 250_000;
    return Math.round(base * (1 + jitter * this.rng.next()));
  }
}

/** One node's lease renewals and status reports. */
export class NodeHeartbeat {
  private lease: Lease | undefined;
  private stopped = false;
  private readonly user: string;
  private status: Node['status'];
  private statusDue = false;
  /** A renewal or report is scheduled or in flight (a restart must not start a second chain). */
  private renewing = true;
  private reporting = true;
  /** The shapes of the renewal PUT and the status PATCH, sent thousands of times each. */
  private readonly renewShape: RequestShape;
  private readonly statusShape: RequestShape;

  constructor(private readonly runtime: HeartbeatRuntime, private readonly node: Node, private readonly client: RestClient) {
    this.user = `system:node:${node.metadata.name}`;
    this.renewShape = new RequestShape(this.user, 'PUT', 'Lease', leaseNamespace);
    this.statusShape = new RequestShape(this.user, 'PATCH', 'Node', undefined, 'status');
    this.status = node.status;
    const rt = runtime;
    rt.sim.schedule(0, rt.renew, this);
    rt.sim.schedule(Math.round(rt.rng.next() * rt.config.nodeStatusReportFrequency), rt.report, this);
  }

  /** Stops both heartbeats (a failed node: the kubelet is dead or cut off from the apiserver). */
  stop(): void {
    this.stopped = true;
  }

  /** True while the heartbeats are stopped. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Restarts stopped heartbeats (the node recovered): the Lease is renewed at once and the status,
   * Ready since now, is PATCHed at the next `nodeStatusUpdateFrequency` tick, as the kubelet
   * posts a status that differs from the apiserver's (the node lifecycle controller's Unknown).
   */
  restart(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const rt = this.runtime;
    if (!this.renewing) rt.sim.schedule(0, rt.renew, this);
    if (!this.reporting) rt.sim.schedule(rt.config.nodeStatusReportFrequency, rt.report, this);
    const now = rt.sim.now;
    this.status = { ...this.status, conditions: setCondition(this.status.conditions, { type: 'Ready', status: 'True', lastTransitionTime: now }) };
    this.markStatusDue();
  }

  /** Creates the Lease on the first tick, then renews it (PUT with the last resourceVersion). */
  renewLease(): void {
    if (this.stopped) {
      this.renewing = false;
      return;
    }
    const name = this.node.metadata.name;
    const now = this.runtime.sim.now;
    const spec = { holderIdentity: name, leaseDurationSeconds: this.runtime.config.nodeLeaseDurationSeconds, renewTime: now };
    const done = (r: ApiResponse): void => {
      if (r.code < 300 && r.object?.kind === 'Lease') this.lease = r.object;
      else if (r.code === 409 || r.code === 404) this.lease = undefined; // re-read (or re-create) at the next tick
      if (!this.stopped) this.runtime.sim.schedule(this.runtime.renewInterval(), this.runtime.renew, this);
      else this.renewing = false;
    };
    if (this.lease === undefined) {
      // First tick, or after a conflict: GET the lease; create it when it does not exist (nodelease controller's ensureLease).
      this.client.send({ verb: 'GET', kind: 'Lease', namespace: leaseNamespace, name, user: this.user }, (r) => {
        if (r.code !== 404) return done(r);
        const fresh = { kind: 'Lease' as const, metadata: { name, namespace: leaseNamespace }, spec };
        this.client.send({ verb: 'POST', kind: 'Lease', namespace: leaseNamespace, name, body: fresh, user: this.user }, done);
      });
      return;
    }
    this.client.send({ verb: 'PUT', kind: 'Lease', namespace: leaseNamespace, name, body: { ...this.lease, spec }, user: this.user, shape: this.renewShape }, done);
  }

  /** PATCHes the node status at the report frequency. */
  reportStatus(): void {
    if (this.stopped) {
      this.reporting = false;
      return;
    }
    this.patchStatus();
    this.runtime.sim.schedule(this.runtime.config.nodeStatusReportFrequency, this.runtime.report, this);
  }

  /** The node's images changed: the status is PATCHed at the next `nodeStatusUpdateFrequency` tick. */
  imagesChanged(images: ContainerImage[]): void {
    this.status = { ...this.status, images };
    this.markStatusDue();
  }

  /**
   * The eviction manager's pressure conditions changed: MemoryPressure and DiskPressure are
   * reported True or False (kubelet_node_status.go setters) at the next update tick.
   */
  pressureChanged(pressure: ReadonlySet<string>): void {
    let conditions = [...this.status.conditions];
    for (const type of ['MemoryPressure', 'DiskPressure']) {
      const status = pressure.has(type) ? 'True' : 'False';
      const old = conditions.find((c) => c.type === type);
      if (old?.status === status || (old === undefined && status === 'False')) continue;
      const reason = pressureReasons[type]![status === 'True' ? 0 : 1];
      conditions = [...conditions.filter((c) => c.type !== type), { type, status, lastTransitionTime: this.runtime.sim.now, reason }];
    }
    this.status = { ...this.status, conditions };
    this.markStatusDue();
  }

  /** PATCHes the status at the next update tick (once however many changes come before it; none while stopped). */
  private markStatusDue(): void {
    if (this.statusDue || this.stopped) return;
    this.statusDue = true;
    const every = this.runtime.config.nodeStatusUpdateFrequency;
    const now = this.runtime.sim.now;
    this.runtime.sim.schedule(every - (now % every), this.runtime.update, this);
  }

  /** The update tick after a change. */
  updateStatus(): void {
    this.statusDue = false;
    if (!this.stopped) this.patchStatus();
  }

  private patchStatus(): void {
    const name = this.node.metadata.name;
    this.client.send({ verb: 'PATCH', kind: 'Node', subresource: 'status', name, body: { status: this.status }, user: this.user, shape: this.statusShape }, () => undefined);
  }
}
