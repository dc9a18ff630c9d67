/**
 * The node side of DRA: the kubelet's DRA manager and the GPU driver's kubelet plugin. Before a
 * pod's containers start, the kubelet reads each of its ResourceClaims through the API and asks
 * the driver to prepare the allocated devices (NodePrepareResources, kubelet metric
 * `dra_operations_duration_seconds{operation_name="PrepareResources"}`); the pod's GPU work then
 * pays the cold-start model (first consumer of a GPU vs one joining an initialised GPU). Running
 * pods are the consumers of the utilisation model; the cold start (creation to Running) of pods
 * with claims is recorded per sharing strategy as `dra_pod_cold_start_seconds`.
 */
import { objectKey, type Pod } from '../api/objects.js';
import type { RestClient } from '../controlplane/rest-client.js';
import type { RandomStream } from '../engine/rng.js';
import type { Micros, Simulation } from '../engine/simulation.js';
import type { MetricsSink } from '../metrics/sink.js';
import { candidatesOf } from './allocation/candidate-devices.js';
import type { CandidateDevice } from './allocation/device-usage.js';
import { gpuDemandAnnotation, type DraParams, type SharingStrategy } from './dra-params.js';
import { GpuMilli } from './gpu/node-gpus.js';
import type { GpuUtilizationModel } from './gpu-utilization.js';
import { gpuIndexOf, resultMilli } from './node-gpu-view.js';
import type { ResourceClaim, ResourceSlice } from './resource-api.js';

interface PodGpu {
  readonly gpu: string;
  readonly strategy: SharingStrategy;
  readonly cap: number;
}

function strategyOf(d: CandidateDevice): SharingStrategy {
  const a = d.view.device.attributes ?? {};
  if (a['type']?.string === 'mig') return 'MIG';
  const s = a['sharingStrategy']?.string;
  return s === 'Shares' || s === 'TimeSlicing' || s === 'MPS' || s === 'MIG' ? s : 'Exclusive';
}

/** Prepares claims for pods on every node and tracks their GPU consumers. */
export class DraKubeletPlugin {
  private readonly devices = new Map<string, Map<string, CandidateDevice>>();
  private readonly podGpus = new Map<string, PodGpu[]>();
  private readonly prepared = new Map<string, Set<string>>();

  constructor(
    private readonly sim: Simulation,
    private readonly params: DraParams,
    private readonly rng: RandomStream,
    private readonly metrics: MetricsSink,
    private readonly utilization: GpuUtilizationModel,
  ) {}

  /** The driver on `node` publishes `slice`: its devices become preparable there. */
  registerSlice(node: string, slice: Pick<ResourceSlice, 'spec'>): void {
    let m = this.devices.get(node);
    if (m === undefined) this.devices.set(node, (m = new Map()));
    for (const d of candidatesOf(slice)) m.set(d.id, d);
  }

  /** Reads the pod's claims through `client`, prepares their devices; `done` gets the extra start delay (µs). */
  prepare(node: string, pod: Pod, client: RestClient, done: (delay: Micros) => void): void {
    const names: string[] = [];
    for (const pc of pod.spec.resourceClaims ?? []) {
      const n = pc.resourceClaimName ?? pod.status.resourceClaimStatuses?.find((s) => s.name === pc.name)?.resourceClaimName;
      if (n !== undefined) names.push(n);
    }
    const namespace = pod.metadata.namespace ?? 'default';
    const claims: ResourceClaim[] = [];
    let left = names.length;
    const start = this.sim.now;
    const finish = (): void => {
      const prepare = this.sample(this.params.prepareLatency);
      this.metrics.histogram('dra_operations_duration_seconds', { operation_name: 'PrepareResources', is_error: 'false' }).observe(prepare / 1e6 + (this.sim.now - start) / 1e6);
      done(prepare + this.coldStart(node, pod, claims));
    };
    if (left === 0) {
      finish();
      return;
    }
    for (const name of names) {
      client.send({ verb: 'GET', kind: 'ResourceClaim', namespace, name, user: `system:node:${node}` }, (r) => {
        if (r.code === 200 && r.object?.kind === 'ResourceClaim') claims.push(r.object);
        if (--left === 0) finish();
      });
    }
  }

  /** The pod started: its GPUs gain a consumer. Returns the pod's sharing strategy when it uses a GPU. */
  started(pod: Pod): SharingStrategy | undefined {
    const gpus = this.podGpus.get(objectKey(pod.metadata));
    if (gpus === undefined || gpus.length === 0) return undefined;
    const raw = Number(pod.metadata.annotations?.[gpuDemandAnnotation]);
    const demand = Number.isFinite(raw) && raw > 0 ? raw : this.params.defaultDemand;
    for (const g of gpus) this.utilization.add(g.gpu, g.strategy, objectKey(pod.metadata), { demand, cap: g.cap });
    const strategy = (gpus[0] as PodGpu).strategy;
    this.metrics.histogram('dra_pod_cold_start_seconds', { sharing: strategy }).observe((this.sim.now - pod.metadata.creationTimestamp) / 1e6);
    return strategy;
  }

  /** The pod is gone: its GPUs lose the consumer and the devices are unprepared. */
  stopped(podKey: string): void {
    for (const g of this.podGpus.get(podKey) ?? []) {
      this.utilization.remove(g.gpu, podKey);
      const p = this.prepared.get(g.gpu);
      p?.delete(podKey);
      if (p?.size === 0) this.prepared.delete(g.gpu);
    }
    this.podGpus.delete(podKey);
  }

  /** Records the pod's GPUs and draws the extra start time of its GPU work. */
  private coldStart(node: string, pod: Pod, claims: readonly ResourceClaim[]): Micros {
    const key = objectKey(pod.metadata);
    const devices = this.devices.get(node);
    const gpus: PodGpu[] = [];
    let first = false;
    for (const claim of claims) {
      for (const r of claim.status.allocation?.devices.results ?? []) {
        const d = devices?.get(`${r.driver}/${r.pool}/${r.device}`);
        if (d === undefined) continue;
        const index = gpuIndexOf(d);
        if (index === undefined) continue;
        const gpu = `${node}/${index}`;
        const strategy = strategyOf(d);
        const cap = strategy === 'TimeSlicing' ? 1 : resultMilli(d, r) / GpuMilli;
        gpus.push({ gpu, strategy, cap });
        let p = this.prepared.get(gpu);
        if (p === undefined) {
          this.prepared.set(gpu, (p = new Set()));
          first = true;
        }
        p.add(key);
      }
    }
    this.podGpus.set(key, gpus);
    if (gpus.length === 0) return 0;
    return this.sample(first ? this.params.coldStartFirst : this.params.coldStartShared);
  }

  private sample(dist: DraParams['prepareLatency']): Micros {
    const v = Math.round(dist.sample(this.rng));
    return v > 0 ? v : 0;
  }
}
