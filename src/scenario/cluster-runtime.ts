/**
 * Assembles a running cluster from a ClusterSpec: object store, etcd clusters, the apiserver
 * replicas behind their load balancer (with the apiserver's etcd compactor), the scheduler and
 * one kubelet with its lease and status heartbeats per node, each model with its own seeded
 * random stream and client.
 */
import { ObjectStore, type NewObject } from '../api/object-store.js';
import type { Node } from '../api/objects.js';
import { ApiserverLoadBalancer } from '../controlplane/apiserver/apiserver-load-balancer.js';
import { EtcdCompactor } from '../controlplane/apiserver/etcd-compactor.js';
import type { ApiResponse } from '../controlplane/apiserver/request.js';
import { EtcdCluster } from '../controlplane/etcd/etcd-cluster.js';
import { RestClient } from '../controlplane/rest-client.js';
import { durationSampler } from '../engine/duration-sampler.js';
import type { RandomStreams } from '../engine/rng.js';
import type { Simulation } from '../engine/simulation.js';
import type { MetricsSink } from '../metrics/sink.js';
import { Kubelet } from '../node/kubelet/kubelet.js';
import { KubeletRuntime } from '../node/kubelet/kubelet-runtime.js';
import { EvictionManager, EvictionRuntime } from '../node/eviction/eviction-manager.js';
import { pressureTaints } from '../node/eviction/pressure-taints.js';
import { defaultNodefsCapacity } from '../node/eviction/eviction-config.js';
import { ImagePullRuntime } from '../node/image-pull/image-pull-runtime.js';
import { HeartbeatRuntime, NodeHeartbeat } from '../node/node-heartbeat.js';
import { KubeScheduler } from '../scheduler/kube-scheduler.js';
import { gpuResourceSlice, type GpuDriverSpec } from '../dra/gpu-driver/gpu-slices.js';
import { GpuUtilizationModel } from '../dra/gpu-utilization.js';
import { DraKubeletPlugin } from '../dra/kubelet-dra-plugin.js';
import { ControllerManager } from '../controllers/controller-manager.js';
import { ResourceClaimController } from '../dra/resource-claim-controller.js';
import { MetricsServer } from '../controlplane/metrics-server/metrics-server.js';
import { ApplicationLoads } from '../node/kubelet/application-load.js';
import type { ClusterSpec, NodePoolSpec } from './spec.js';
import { NodeLifecycleControllers } from '../controllers/node-lifecycle/node-lifecycle-controllers.js';
import { zoneLabel } from '../controllers/node-lifecycle/zone-state.js';

/** The cluster's components wired through the store and the apiserver. */
export class ClusterRuntime {
  readonly store: ObjectStore;
  readonly apiserver: ApiserverLoadBalancer;
  readonly etcd: ReadonlyMap<string, EtcdCluster>;
  readonly scheduler: KubeScheduler;
  private readonly kubeletRuntime: KubeletRuntime;
  private readonly heartbeatRuntime: HeartbeatRuntime;
  private readonly heartbeats: NodeHeartbeat[] = [];
  private readonly kubelets: Kubelet[] = [];
  private readonly evictionRuntime: EvictionRuntime;
  private readonly poolSizes = new Map<string, number>();
  /** The GPU drivers' kubelet plugins and the GPU utilisation model (DRA). */
  readonly dra: DraKubeletPlugin;
  private resourceClaimController: ResourceClaimController | undefined;
  /** Each kubelet node's heartbeat and pool, by node name (for failNodes/recoverNodes). */
  private readonly nodeHeartbeats = new Map<string, { readonly heartbeat: NodeHeartbeat; readonly pool: string }>();
  /** The node lifecycle and taint eviction controllers, when the scenario runs them. */
  readonly nodeLifecycle: NodeLifecycleControllers | undefined;
  /** kube-controller-manager's workload controllers, once the workload has objects they own. */
  controllerManager: ControllerManager | undefined;
  /** The applications' loads (`setLoad`), which the containers' CPU usage models share. */
  readonly loads = new ApplicationLoads();
  /** metrics-server, once the workload has autoscalers. */
  metricsServer: MetricsServer | undefined;

  /** Builds the store, registers the node pools' nodes (the cluster exists before time 0), then starts the components, whose informers list them. */
  constructor(private readonly sim: Simulation, private readonly metrics: MetricsSink, readonly streams: RandomStreams, readonly spec: ClusterSpec) {
    this.store = new ObjectStore(sim, durationSampler(spec.watchDelay, streams.stream('watch')));
    const bootNodes: { node: Node; pool: NodePoolSpec }[] = [];
    for (const pool of spec.nodePools) {
      for (let i = 0; i < pool.count; i++) {
        const node = this.store.create(this.nodeObject(pool));
        if (pool.kubelet) bootNodes.push({ node, pool });
      }
    }
    const etcd = new Map<string, EtcdCluster>();
    for (const [name, config] of spec.etcd) {
      const cluster = new EtcdCluster(sim, metrics, streams, config, name);
      etcd.set(name, cluster);
      new EtcdCompactor(sim, cluster, spec.apiserver.etcdCompactionInterval);
    }
    this.etcd = etcd;
    this.apiserver = new ApiserverLoadBalancer(sim, this.store, metrics, spec.apiserver, etcd);
    const schedulerClient = new RestClient(sim, this.apiserver, metrics, 'kube-scheduler', spec.scheduler.clientConnection);
    this.scheduler = new KubeScheduler(sim, this.store, schedulerClient, metrics, streams, spec.scheduler, spec.registry);
    this.dra = new DraKubeletPlugin(sim, spec.dra, streams.stream('dra-kubelet-plugin'), metrics, new GpuUtilizationModel(metrics, spec.dra.overhead));
    this.kubeletRuntime = new KubeletRuntime(
      sim,
      this.store,
      metrics,
      durationSampler(spec.kubelet.startLatency, streams.stream('kubelet')),
      durationSampler(spec.kubelet.sandboxLatency, streams.stream('kubelet-sandbox')),
      streams.stream('kubelet-applications'),
      spec.kubelet.eviction,
    );
    this.evictionRuntime = new EvictionRuntime(sim);
    if (spec.images !== undefined) this.kubeletRuntime.images = new ImagePullRuntime(sim, metrics, spec.images);
    this.kubeletRuntime.dra = this.dra;
    this.heartbeatRuntime = new HeartbeatRuntime(sim, spec.kubelet.heartbeat, streams.stream('node-heartbeat'));
    for (const { node, pool } of bootNodes) this.startKubelet(node, pool);
    if (spec.nodeLifecycle.enabled) {
      // kube-controller-manager's clients: --kube-api-qps 20, --kube-api-burst 30 (its flag defaults), one per controller.
      const kcm = (name: string): RestClient => new RestClient(sim, this.apiserver, metrics, `kube-controller-manager/${name}`, { qps: 20, burst: 30 });
      this.nodeLifecycle = new NodeLifecycleControllers(sim, this.store, metrics, spec.nodeLifecycle, kcm);
    }
  }

  /** The nodes with a kubelet: name, pool, zone and whether they are failed. */
  kubeletNodes(): { name: string; pool: string; zone: string; failed: boolean }[] {
    const out: { name: string; pool: string; zone: string; failed: boolean }[] = [];
    for (const [name, n] of this.nodeHeartbeats) {
      const node = this.store.get('Node', name);
      if (node === undefined) continue;
      out.push({ name, pool: n.pool, zone: node.metadata.labels?.[zoneLabel] ?? '', failed: n.heartbeat.isStopped });
    }
    return out;
  }

  /** The node's kubelet stops heartbeating (dead or partitioned); false for an unknown node. */
  failNode(name: string): boolean {
    const n = this.nodeHeartbeats.get(name);
    n?.heartbeat.stop();
    return n !== undefined;
  }

  /** The failed node's kubelet heartbeats again; false for an unknown node. */
  recoverNode(name: string): boolean {
    const n = this.nodeHeartbeats.get(name);
    n?.heartbeat.restart();
    return n !== undefined;
  }

  /**
   * Starts kube-controller-manager's resourceclaim controller (once): the workload uses DRA. Runs
   * without DRA objects do without it, so its pod watch costs them nothing.
   */
  startResourceClaimController(): void {
    if (this.resourceClaimController !== undefined) return;
    // kube-controller-manager's client: --kube-api-qps / --kube-api-burst of `cluster.controllerManager` (defaults 20 / 30).
    const flags = this.spec.controllerManager;
    this.resourceClaimController = new ResourceClaimController(this.store, new RestClient(this.sim, this.apiserver, this.metrics, 'kube-controller-manager', { qps: flags.kubeApiQps, burst: flags.kubeApiBurst }));
  }

  /** Starts kube-controller-manager's ReplicaSet and Deployment controllers (once): the workload applies apps/v1 objects. */
  startControllerManager(): ControllerManager {
    this.controllerManager ??= new ControllerManager(this.sim, this.store, this.apiserver, this.metrics, this.streams, this.spec.controllerManager);
    return this.controllerManager;
  }

  /** Starts metrics-server and the horizontal pod autoscaler (once): the workload applies HorizontalPodAutoscalers. */
  startHorizontalPodAutoscaler(): void {
    this.metricsServer ??= new MetricsServer(this.sim, this.store, this.loads);
    this.startControllerManager().startHorizontalPodAutoscaler(this.metricsServer);
  }

  /** A client for the workload (the scenario's user), unlimited unless `qps` is given. */
  client(userAgent: string, qps = 0, burst = 1): RestClient {
    return new RestClient(this.sim, this.apiserver, this.metrics, userAgent, { qps, burst });
  }

  /**
   * A kubelet registers a new node of `pool` through the API (POST nodes) and starts; with
   * `devices`, the node's DRA driver then publishes its ResourceSlice. `done` gets the node's
   * response (or the slice's when that fails).
   */
  registerNode(pool: NodePoolSpec, done: (response: ApiResponse) => void, devices?: GpuDriverSpec): void {
    const node = this.nodeObject(pool);
    const name = node.metadata.name;
    const client = this.client(`kubelet/${name}`, this.spec.kubelet.clientConnection.qps, this.spec.kubelet.clientConnection.burst);
    client.send({ verb: 'POST', kind: 'Node', body: node, user: `system:node:${name}` }, (resp) => {
      if (resp.code === 201 && resp.object?.kind === 'Node' && pool.kubelet) this.startKubelet(resp.object, pool, client);
      if (resp.code !== 201 || devices === undefined) {
        done(resp);
        return;
      }
      this.startResourceClaimController();
      const slice = gpuResourceSlice(devices, name);
      this.dra.registerSlice(name, slice);
      client.send({ verb: 'POST', kind: 'ResourceSlice', name: slice.metadata.name, body: slice, user: `system:serviceaccount:dra-driver:${devices.driver}` }, (r) => done(r.code === 201 ? resp : r));
    });
  }

  /** A kubelet registers `node` (built by the workload, e.g. from a trace) through the API and starts; `done` gets the response. */
  registerNodeObject(node: NewObject<'Node'>, done: (response: ApiResponse) => void): void {
    const c = this.spec.kubelet.clientConnection;
    const client = this.client(`kubelet/${node.metadata.name}`, c.qps, c.burst);
    client.send({ verb: 'POST', kind: 'Node', body: node, user: `system:node:${node.metadata.name}` }, (resp) => {
      if (resp.code === 201 && resp.object?.kind === 'Node') this.startKubelet(resp.object, {}, client);
      done(resp);
    });
  }

  /** The pool named `name`, if declared. */
  pool(name: string): NodePoolSpec | undefined {
    return this.spec.nodePools.find((p) => p.name === name);
  }

  private startKubelet(node: Node, pool: Partial<Pick<NodePoolSpec, 'imageResources' | 'nodefsCapacity'>> & { readonly name?: string }, client?: RestClient): void {
    const c = this.spec.kubelet.clientConnection;
    const kubeletClient = client ?? this.client(`kubelet/${node.metadata.name}`, c.qps, c.burst);
    const kubelet = new Kubelet(this.kubeletRuntime, node, kubeletClient, pool.imageResources);
    const heartbeat = new NodeHeartbeat(this.heartbeatRuntime, node, kubeletClient);
    if (kubelet.images !== undefined) kubelet.images.manager.onImagesChanged = (images) => heartbeat.imagesChanged(images);
    const eviction = new EvictionManager(this.evictionRuntime, kubelet, this.spec.kubelet.eviction, pool.nodefsCapacity ?? defaultNodefsCapacity);
    const name = node.metadata.name;
    eviction.onConditions = (pressure) => {
      heartbeat.pressureChanged(pressure);
      const taints = pressureTaints(node.spec.taints ?? [], pressure);
      kubeletClient.send({ verb: 'PATCH', kind: 'Node', name, body: { spec: { taints } }, user: `system:node:${name}` }, () => undefined);
    };
    this.kubelets.push(kubelet);
    this.heartbeats.push(heartbeat);
    this.nodeHeartbeats.set(node.metadata.name, { heartbeat, pool: pool.name ?? '' });
  }

  private nodeObject(pool: NodePoolSpec): NewObject<'Node'> {
    const index = this.poolSizes.get(pool.name) ?? 0;
    this.poolSizes.set(pool.name, index + 1);
    const name = `${pool.name}-${index}`;
    const zone = pool.zones.length > 0 ? { [zoneLabel]: pool.zones[index % pool.zones.length] as string } : {};
    return {
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, ...pool.labels, ...zone } },
      spec: pool.taints.length > 0 ? { taints: pool.taints } : {},
      status: {
        capacity: pool.capacity,
        allocatable: pool.allocatable,
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: this.sim.now }],
        ...(pool.images.length > 0 ? { images: pool.images } : {}),
      },
    };
  }
}
