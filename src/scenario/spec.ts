/** The validated, compiled form of a scenario: everything evaluated, nothing left to check. */
import type { ContainerImage, ResourceList, Taint } from '../api/objects.js';
import type { KubeApiserverConfig } from '../controlplane/apiserver/kube-apiserver-config.js';
import type { EtcdClusterConfig } from '../controlplane/etcd/etcd-config.js';
import type { ClientConnection } from '../controlplane/rest-client.js';
import type { NodeLifecycleConfig } from '../controllers/node-lifecycle/node-lifecycle-config.js';
import type { SloObjective } from '../metrics/stated-slos.js';
import type { HeartbeatConfig } from '../node/node-heartbeat.js';
import type { EvictionConfig } from '../node/eviction/eviction-config.js';
import type { NodeImageResources } from '../node/image-pull/image-pull-config.js';
import type { ImagePullSpec } from '../node/image-pull/image-pull-runtime.js';
import type { Distribution } from '../engine/distribution.js';
import type { Wait } from '../engine/process.js';
import type { Micros } from '../engine/simulation.js';
import type { ControllerManagerConfig } from '../controllers/controller-manager-config.js';
import type { SchedulerConfiguration } from '../scheduler/config/scheduler-configuration.js';
import type { Registry } from '../scheduler/framework/registry.js';
import type { SweepSpec } from './compile-sweep.js';
import type { DraParams } from '../dra/dra-params.js';
import type { RunContext } from './run-context.js';

/** A pool of identical nodes. */
export interface NodePoolSpec {
  readonly name: string;
  readonly count: number;
  readonly capacity: ResourceList;
  readonly allocatable: ResourceList;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** False for API-only nodes without a kubelet (scheduler_perf's fake nodes): pods bound there never start. */
  readonly kubelet: boolean;
  /** Images already on each node of the pool (`status.images`). */
  readonly images: readonly ContainerImage[];
  /** Bytes of the nodes' root filesystem (nodefs): capacity `ephemeral-storage`, 100 GiB unless set. */
  readonly nodefsCapacity: number;
  /** The nodes' imagefs capacity and network bandwidth (used by the image model). */
  readonly imageResources?: NodeImageResources;
  /** Zones the pool's nodes are spread over, round-robin (label `topology.kubernetes.io/zone`); empty when not given. */
  readonly zones: readonly string[];
}

/** The control plane and node parameters of the cluster. */
export interface ClusterSpec {
  readonly apiserver: KubeApiserverConfig;
  /** etcd clusters by name; `default` stores every resource `--etcd-servers-overrides` does not send elsewhere. */
  readonly etcd: ReadonlyMap<string, EtcdClusterConfig>;
  readonly watchDelay: Distribution;
  readonly scheduler: SchedulerConfiguration;
  /** In-tree plus user scheduler plugins. */
  readonly registry: Registry;
  readonly kubelet: {
    readonly startLatency: Distribution;
    /** The pod sandbox step with the image model. */
    readonly sandboxLatency: Distribution;
    readonly clientConnection: ClientConnection;
    readonly heartbeat: HeartbeatConfig;
    readonly eviction: EvictionConfig;
  };
  readonly nodePools: readonly NodePoolSpec[];
  /** The image model (registries, kubelet image fields, containerd); absent when no registry is declared. */
  readonly images?: ImagePullSpec;
  /** Node-side DRA: prepare latency, GPU cold start and utilisation models (`cluster.dra`). */
  readonly dra: DraParams;
  /** The node lifecycle and taint eviction controllers (`cluster.nodeLifecycleController`; enabled when the workload fails nodes). */
  readonly nodeLifecycle: NodeLifecycleConfig;
  /** kube-controller-manager's flags for the workload controllers (`cluster.controllerManager`). */
  readonly controllerManager: ControllerManagerConfig;
}

/** One compiled workload op: runs as a process in virtual time. */
export interface OpSpec {
  readonly opcode: string;
  readonly index: number;
  run(ctx: RunContext): Generator<Wait, void, unknown>;
}

/** A compiled scenario. */
export interface ScenarioSpec {
  readonly name: string;
  readonly description: string;
  readonly file: string;
  readonly seed: number | string;
  readonly params: Readonly<Record<string, number>>;
  /** Virtual time limit of the run. */
  readonly duration: Micros;
  /** Interval of the sampled time series. */
  readonly sampleInterval: Micros;
  readonly cluster: ClusterSpec;
  readonly workload: readonly OpSpec[];
  /** SLOs the scenario states (`slos:`), checked with the default ones. */
  readonly slos: readonly SloObjective[];
  /** The `sweep:` axes and `replications:` seeds (used by `kubesim sweep` and `plan`; a run ignores them). */
  readonly sweep: SweepSpec;
}
