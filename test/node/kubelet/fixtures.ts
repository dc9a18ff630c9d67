/**
 * A one-node kubelet harness: a simulation, an object store with instant watches, a client that
 * applies requests to the store at once, and helpers to create, bind and delete pods and to read
 * the history of each pod's status as the API saw it.
 */
import type { Container, ContainerBehavior, Pod, Probe } from '../../../src/api/objects.js';
import { ObjectStore } from '../../../src/api/object-store.js';
import { applyRequest } from '../../../src/controlplane/apiserver/storage-operation.js';
import type { ApiRequest, ApiResponse } from '../../../src/controlplane/apiserver/request.js';
import type { RestClient } from '../../../src/controlplane/rest-client.js';
import { createDistribution, type Distribution } from '../../../src/engine/distribution.js';
import { RandomStreams } from '../../../src/engine/rng.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';
import { defaultEvictionPressureTransitionPeriod, defaultHousekeepingInterval, type EvictionConfig } from '../../../src/node/eviction/eviction-config.js';
import { EvictionManager, EvictionRuntime } from '../../../src/node/eviction/eviction-manager.js';
import { Kubelet } from '../../../src/node/kubelet/kubelet.js';
import { KubeletRuntime } from '../../../src/node/kubelet/kubelet-runtime.js';
import { defaultProbe } from '../../../src/node/kubelet/probe-worker.js';

/** Seconds to µs. */
export const s = (seconds: number): number => Math.round(seconds * 1e6);

/** One observed status of a pod. */
export interface Snapshot {
  readonly t: number;
  readonly pod: Pod;
}

/** A node with its kubelet (and eviction manager when `eviction` is given). */
export class Harness {
  readonly sim = new Simulation();
  readonly store = new ObjectStore(this.sim, () => 0);
  readonly sink = new MetricsSink(this.sim);
  readonly kubelet: Kubelet;
  readonly eviction: EvictionManager | undefined;
  readonly history = new Map<string, Snapshot[]>();
  readonly requests: ApiRequest[] = [];
  /** Pressure conditions reported, with their times (s). */
  readonly pressure: { t: number; conditions: string[] }[] = [];

  constructor(opts: { startLatency?: number; memory?: string; eviction?: Partial<EvictionConfig>; nodefs?: number } = {}) {
    const memory = opts.memory === undefined ? 16 * 2 ** 30 : Number(opts.memory);
    const evictionConfig: EvictionConfig = {
      thresholds: [],
      evictionMaxPodGracePeriod: 0,
      evictionPressureTransitionPeriod: defaultEvictionPressureTransitionPeriod,
      housekeepingInterval: defaultHousekeepingInterval,
      ...opts.eviction,
    };
    const startLatency = opts.startLatency ?? 0;
    const rt = new KubeletRuntime(this.sim, this.store, this.sink, () => startLatency, () => 0, new RandomStreams(1).stream('apps'), evictionConfig);
    const node = this.store.create<'Node'>({
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: {},
      status: { capacity: { cpu: 8000, memory, pods: 110 }, allocatable: { cpu: 8000, memory, pods: 110 }, conditions: [] },
    });
    const client = { send: (req: ApiRequest, done: (r: ApiResponse) => void) => {
      this.requests.push(req);
      done(applyRequest(this.store, req));
    } } as unknown as RestClient;
    this.kubelet = new Kubelet(rt, node, client);
    if (opts.eviction !== undefined) {
      this.eviction = new EvictionManager(new EvictionRuntime(this.sim), this.kubelet, evictionConfig, opts.nodefs ?? 100 * 2 ** 30);
      this.eviction.onConditions = (c) => this.pressure.push({ t: this.sim.now / 1e6, conditions: [...c] });
    }
    this.store.watch('Pod', (e) => {
      const list = this.history.get(e.object.metadata.name) ?? [];
      this.history.set(e.object.metadata.name, list);
      list.push({ t: this.sim.now / 1e6, pod: e.object });
    });
  }

  /** Creates `pod` bound to the node at the current time. */
  create(name: string, spec: Partial<Pod['spec']> & { containers: Container[] }): void {
    this.store.create<'Pod'>({ kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { schedulerName: 'default-scheduler', priority: 0, nodeName: 'n1', ...spec }, status: { phase: 'Pending', conditions: [] } });
  }

  /** Deletes pod `name` through the API (graceful unless `gracePeriodSeconds` 0). */
  delete(name: string, gracePeriodSeconds?: number): ApiResponse {
    return applyRequest(this.store, { verb: 'DELETE', kind: 'Pod', namespace: 'default', name, user: 'test', ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }) });
  }

  /** Runs the simulation until `seconds`. */
  runUntil(seconds: number): void {
    this.sim.run({ until: s(seconds) });
  }

  /** The pod's last status seen. */
  last(name: string): Pod | undefined {
    const h = this.history.get(name);
    return h?.[h.length - 1]?.pod;
  }

  /** First time (s) the pod was seen satisfying `p`. */
  firstTime(name: string, p: (pod: Pod) => boolean): number | undefined {
    return this.history.get(name)?.find((snap) => p(snap.pod))?.t;
  }

  /** Times (s) the pod's Ready condition changed to `status`. */
  readyTransitions(name: string): { t: number; ready: boolean }[] {
    const out: { t: number; ready: boolean }[] = [];
    let last: boolean | undefined;
    for (const snap of this.history.get(name) ?? []) {
      const cond = snap.pod.status.conditions.find((c) => c.type === 'Ready');
      if (cond === undefined) continue;
      const ready = cond.status === 'True';
      if (ready !== last) out.push({ t: snap.t, ready });
      last = ready;
    }
    return out;
  }

  /** The value of counter `name` (0 when absent). */
  counter(id: string): number {
    for (const [key, c] of this.sink.counters) if (key === id) return c.value;
    return 0;
  }
}

/** A container named `name` with `extra` fields. */
export function container(name: string, extra: Partial<Container> = {}, behavior?: ContainerBehavior): Container {
  return { name, image: 'app:1', resources: { requests: {}, limits: {} }, ...extra, ...(behavior === undefined ? {} : { behavior }) };
}

/** A probe with upstream defaults and `extra` overrides. */
export function probe(extra: Partial<Probe> = {}): Probe {
  return { ...defaultProbe, ...extra };
}

/** A constant ready time of `seconds`. */
export function readyAfter(seconds: number): Distribution {
  return createDistribution({ constant: s(seconds) });
}
