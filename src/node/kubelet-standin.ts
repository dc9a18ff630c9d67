/**
 * kubelet stand-in, one per node: watches the pods bound to its node (field selector
 * `spec.nodeName`), admits them against allocatable cpu/memory/pods as the kubelet's admit
 * handlers do (rejecting with reason `OutOfcpu`, `OutOfmemory`, `OutOfpods`), and after a start
 * latency drawn from one distribution — or, when the scenario declares registries, after pulling,
 * creating and running each container (image-pull/) — reports the pod Running and Ready through
 * the API. Probes, restarts and the rest of the pod lifecycle are not modelled; the wiring stays.
 */
import { objectKey, podRequest, setCondition, type Condition, type Node, type Pod } from '../api/objects.js';
import type { ObjectStore, Watch, WatchEvent } from '../api/object-store.js';
import type { RestClient } from '../controlplane/rest-client.js';
import type { DurationSampler } from '../engine/duration-sampler.js';
import type { Handler, Simulation } from '../engine/simulation.js';
import { KubeletImageHooks } from './image-pull/kubelet-image-hooks.js';
import type { ImagePullRuntime } from './image-pull/image-pull-runtime.js';
import type { NodeImageResources } from './image-pull/image-pull-config.js';
import type { DraKubeletPlugin } from '../dra/kubelet-dra-plugin.js';

interface Admitted {
  readonly at: number;
  readonly milliCpu: number;
  readonly memory: number;
}

/** Shared per-run state of all kubelet stand-ins: the start handler and the latency sampler. */
export class KubeletRuntime {
  /** Handler that finishes starting a pod on its kubelet. */
  readonly started: Handler<{ kubelet: KubeletStandin; pod: Pod }>;

  /** The image model, when the scenario declares registries: pods then pull, create and run instead of one start latency. */
  images: ImagePullRuntime | undefined;
  /** DRA: prepares pods' ResourceClaims before their containers start. */
  dra: DraKubeletPlugin | undefined;
  /** Handler that starts a pod's containers once its claims are prepared. */
  readonly prepared: Handler<{ kubelet: KubeletStandin; pod: Pod }>;

  constructor(readonly sim: Simulation, readonly store: ObjectStore, readonly startLatency: DurationSampler) {
    this.prepared = sim.register<{ kubelet: KubeletStandin; pod: Pod }>((a) => a.kubelet.startContainers(a.pod));
    this.started = sim.register<{ kubelet: KubeletStandin; pod: Pod }>((a) => a.kubelet.reportRunning(a.pod));
  }
}

/** The kubelet of one node. */
export class KubeletStandin {
  private readonly admitted = new Map<string, Admitted>();
  private milliCpu = 0;
  private memory = 0;
  private readonly watch: Watch;
  /** The node's image manager and pod starts (with the image model). */
  readonly images: KubeletImageHooks | undefined;

  constructor(private readonly runtime: KubeletRuntime, private readonly node: Node, private readonly client: RestClient, resources?: NodeImageResources) {
    this.watch = runtime.store.watch('Pod', (e) => this.onPod(e), { nodeName: node.metadata.name });
    if (runtime.images !== undefined && resources !== undefined) {
      this.images = new KubeletImageHooks(runtime.images, node.metadata.name, resources, node.status.images ?? []);
    }
  }

  /** Stops the kubelet's watch. */
  stop(): void {
    this.watch.stop();
  }

  private onPod(e: WatchEvent<'Pod'>): void {
    const pod = e.object;
    const key = objectKey(pod.metadata);
    if (e.type === 'DELETED') {
      const a = this.admitted.get(key);
      if (a !== undefined) {
        this.milliCpu -= a.milliCpu;
        this.memory -= a.memory;
        this.admitted.delete(key);
        this.runtime.dra?.stopped(key);
      }
      this.images?.deleted(key);
      return;
    }
    if (pod.status.phase === 'Running') this.images?.observedRunning(key, pod);
    if (this.admitted.has(key) || pod.status.phase !== 'Pending') return;
    const reason = this.admit(pod);
    if (reason !== undefined) {
      this.sendStatus(pod, { ...pod.status, phase: 'Failed', reason });
      return;
    }
    const req = { at: this.runtime.sim.now, milliCpu: podRequest(pod, 'cpu'), memory: podRequest(pod, 'memory') };
    this.admitted.set(key, req);
    this.milliCpu += req.milliCpu;
    this.memory += req.memory;
    const dra = this.runtime.dra;
    if (dra !== undefined && (pod.spec.resourceClaims?.length ?? 0) > 0) {
      // The kubelet's DRA manager prepares the pod's claims before its containers start.
      dra.prepare(this.node.metadata.name, pod, this.client, (delay) => this.runtime.sim.schedule(delay, this.runtime.prepared, { kubelet: this, pod }));
      return;
    }
    this.startContainers(pod);
  }

  /** Starts the pod's containers: through the image model when there is one, else after the stand-in start latency. */
  startContainers(pod: Pod): void {
    const key = objectKey(pod.metadata);
    if (!this.admitted.has(key)) return;
    if (this.images !== undefined) this.images.start(key, pod, () => this.reportRunning(pod), () => undefined);
    else this.runtime.sim.schedule(this.runtime.startLatency(), this.runtime.started, { kubelet: this, pod });
  }

  /** Admission against allocatable: the reason of a rejection, or undefined when admitted. */
  private admit(pod: Pod): string | undefined {
    const alloc = this.node.status.allocatable;
    if (this.admitted.size + 1 > (alloc['pods'] ?? 0)) return 'OutOfpods';
    if (this.milliCpu + podRequest(pod, 'cpu') > (alloc['cpu'] ?? 0)) return 'OutOfcpu';
    if (this.memory + podRequest(pod, 'memory') > (alloc['memory'] ?? 0)) return 'OutOfmemory';
    return undefined;
  }

  /** Reports the pod Running with Initialized, ContainersReady and Ready conditions. */
  reportRunning(pod: Pod): void {
    const admitted = this.admitted.get(objectKey(pod.metadata));
    if (admitted === undefined) return;
    this.runtime.dra?.started(pod);
    const now = this.runtime.sim.now;
    let conditions: Condition[] = [...pod.status.conditions];
    for (const type of ['Initialized', 'ContainersReady', 'Ready']) {
      conditions = setCondition(conditions, { type, status: 'True', lastTransitionTime: now });
    }
    this.sendStatus(pod, { ...pod.status, phase: 'Running', conditions, startTime: admitted.at });
  }

  private sendStatus(pod: Pod, status: Pod['status']): void {
    const m = pod.metadata;
    const base = { verb: 'PATCH' as const, kind: 'Pod' as const, subresource: 'status' as const, name: m.name, body: { status }, user: `system:node:${this.node.metadata.name}` };
    this.client.send(m.namespace === undefined ? base : { ...base, namespace: m.namespace }, () => undefined);
  }
}

/**
 * Default start latency (µs) from admission to containers started, image pull excluded: median
 * 1.5 s, p99 4 s, inside the SIG-scalability SLO of 5 s p99 for stateless pod startup excluding
 * image pulls (REFERENCE.md, kube-apiserver SLOs); stand-in until the kubelet model lands.
 */
export const defaultStartLatency = { lognormal: { median: 1_500_000, p99: 4_000_000 } } as const;

/** kubelet client limits `kubeAPIQPS` 50 and `kubeAPIBurst` 100 (KubeletConfiguration defaults since v1.27). */
export const defaultKubeletClient = { qps: 50, burst: 100 } as const;
