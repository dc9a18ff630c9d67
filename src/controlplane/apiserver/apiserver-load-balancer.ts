/**
 * The kube-apiserver replicas behind a load balancer. Clients hold one long-lived HTTP/2
 * connection, so every request of a user goes to the same replica (chosen by a hash of the user
 * name); writes are stored in the etcd cluster `--etcd-servers-overrides` names for their
 * resource; a committed change's watch fan-out costs CPU on every replica, since each serves its
 * own share of the watchers.
 */
import type { ObjectStore } from '../../api/object-store.js';
import type { Kind } from '../../api/objects.js';
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { EtcdBackend } from '../etcd/etcd-backend.js';
import { ApfController } from './flowcontrol/apf-controller.js';
import type { FlowControl } from './flowcontrol/request-digest.js';
import type { KubeApiserverConfig } from './kube-apiserver-config.js';
import { KubeApiserver, type ReplicaContext } from './kube-apiserver.js';
import { MaxInflightLimit } from './max-inflight-limit.js';
import { apiGroupOf, resourceName, type ApiRequest, type ApiResponse, type ApiServerEndpoint } from './request.js';

/** FNV-1a 32-bit hash of a string (stable replica choice per user). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** All replicas as one endpoint, with storage routing by resource. */
export class ApiserverLoadBalancer implements ApiServerEndpoint, ReplicaContext {
  readonly replicas: KubeApiserver[] = [];
  private readonly replicaOfUser = new Map<string, KubeApiserver>();
  private readonly etcdByKind = new Map<Kind, EtcdBackend>();

  /** @param etcdClusters the etcd clusters by name; `default` stores every resource not overridden. */
  constructor(
    readonly sim: Simulation,
    readonly store: ObjectStore,
    readonly metrics: MetricsSink,
    readonly config: KubeApiserverConfig,
    private readonly etcdClusters: ReadonlyMap<string, EtcdBackend>,
  ) {
    metrics.quantilesOverTime.add('apiserver_request_duration_seconds');
    for (let i = 0; i < config.replicas; i++) this.replicas.push(new KubeApiserver(this, this.flowControl(i), i));
  }

  private flowControl(replica: number): FlowControl {
    const c = this.config;
    if (!c.enablePriorityAndFairness) return new MaxInflightLimit(c.maxRequestsInflight, c.maxMutatingRequestsInflight, this.metrics);
    return new ApfController(this.sim, this.metrics, {
      flowSchemas: c.flowSchemas,
      priorityLevels: c.priorityLevelConfigurations,
      serverConcurrencyLimit: c.maxRequestsInflight + c.maxMutatingRequestsInflight,
      // A quarter of the request timeout, as the APF filter sets it (15 s for the default 60 s).
      queueWaitLimit: Math.round(c.requestTimeout / 4),
      labels: { apiserver: String(replica) },
    });
  }

  /** Sends `request` to its user's replica. */
  handle(request: ApiRequest, respond: (response: ApiResponse) => void): void {
    const shape = request.shape;
    if (shape !== undefined && shape.replica !== undefined && shape.fits(request)) {
      shape.replica.handle(request, respond);
      return;
    }
    let r = this.replicaOfUser.get(request.user);
    if (r === undefined) this.replicaOfUser.set(request.user, (r = this.replicas[fnv1a(request.user) % this.replicas.length] as KubeApiserver));
    if (shape !== undefined && shape.fits(request)) shape.replica = r;
    r.handle(request, respond);
  }

  /** The etcd cluster storing `kind`: the override naming its group/resource, else `default`. */
  etcdFor(kind: Kind): EtcdBackend {
    let e = this.etcdByKind.get(kind);
    if (e === undefined) {
      const group = apiGroupOf(kind);
      const resource = resourceName(kind);
      const o = this.config.etcdServersOverrides.find((x) => x.group === group && x.resource === resource);
      e = this.etcdClusters.get(o?.cluster ?? 'default');
      if (e === undefined) throw new Error(`no etcd cluster "${o?.cluster ?? 'default'}" for ${resource}`);
      this.etcdByKind.set(kind, e);
    }
    return e;
  }

  /** Charges `work` µs of watch fan-out, split evenly over the replicas. */
  fanOut(work: Micros): void {
    const share = work / this.replicas.length;
    for (const r of this.replicas) r.cpu.addBackground(share);
  }
}
