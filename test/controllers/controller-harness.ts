/**
 * A small cluster for controller tests: the object store, an apiserver stand-in that applies each
 * request to the store after a fixed latency (in order), the controller manager, and a kubelet
 * stand-in that makes each new pod ready after `readyAfter(pod)` µs (or never, when it returns
 * undefined). `step()` runs one event, so a test can check invariants after every event.
 */
import type { Deployment } from '../../src/api/apps.js';
import { ObjectStore, type NewObject } from '../../src/api/object-store.js';
import { objectKey, setCondition, type Pod } from '../../src/api/objects.js';
import { applyRequest } from '../../src/controlplane/apiserver/storage-operation.js';
import type { ApiRequest, ApiResponse, ApiServerEndpoint } from '../../src/controlplane/apiserver/request.js';
import { defaultControllerManagerConfig, type ControllerManagerConfig } from '../../src/controllers/controller-manager-config.js';
import { ControllerManager } from '../../src/controllers/controller-manager.js';
import { RandomStreams } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { MetricsSink } from '../../src/metrics/sink.js';

/** Options of the harness. */
export interface HarnessOptions {
  readonly seed?: number;
  /** µs until a new pod is ready, or undefined for a pod that never becomes ready. */
  readonly readyAfter?: (pod: Pod) => number | undefined;
  /** Answer for a request instead of applying it (e.g. a quota rejection), or undefined to apply it. */
  readonly reject?: (req: ApiRequest) => ApiResponse | undefined;
  readonly config?: Partial<ControllerManagerConfig>;
  /** apiserver latency (µs). */
  readonly latency?: number;
}

/** The running harness. */
export class Harness {
  readonly sim = new Simulation();
  readonly store: ObjectStore;
  readonly requests: { time: number; req: ApiRequest }[] = [];
  readonly manager: ControllerManager;
  readonly metrics: MetricsSink;
  /** The apiserver stand-in, for other clients (a drain's). */
  readonly endpoint: ApiServerEndpoint;

  constructor(options: HarnessOptions = {}) {
    const streams = new RandomStreams(options.seed ?? 1);
    const watch = streams.stream('watch');
    this.store = new ObjectStore(this.sim, () => 500 + watch.int(1_000));
    const latency = options.latency ?? 2_000;
    const sim = this.sim;
    const answer = sim.register<{ req: ApiRequest; respond: (r: ApiResponse) => void }>(({ req, respond }) => respond(options.reject?.(req) ?? applyRequest(this.store, req)));
    const endpoint: ApiServerEndpoint = {
      handle: (req, respond) => {
        this.requests.push({ time: sim.now, req });
        sim.schedule(latency, answer, { req, respond });
      },
    };
    this.endpoint = endpoint;
    this.metrics = new MetricsSink(sim);
    this.manager = new ControllerManager(sim, this.store, endpoint, this.metrics, streams, { ...defaultControllerManagerConfig, ...options.config });
    const readyAfter = options.readyAfter ?? (() => 1_000_000);
    const ready = sim.register<string>((key) => {
      const pod = this.store.get('Pod', key);
      if (pod === undefined) return;
      const conditions = setCondition(pod.status.conditions, { type: 'Ready', status: 'True', lastTransitionTime: sim.now });
      this.store.update({ ...pod, status: { ...pod.status, phase: 'Running', conditions } });
    });
    this.store.watch('Pod', (e) => {
      if (e.type !== 'ADDED') return;
      const delay = readyAfter(e.object);
      if (delay !== undefined) sim.schedule(delay, ready, objectKey(e.object.metadata));
    });
  }

  /** Runs one event; false when nothing is left. */
  step(): boolean {
    const before = this.sim.eventsProcessed;
    this.sim.run({ maxEvents: 1 });
    return this.sim.eventsProcessed > before;
  }

  /** Runs until virtual time `until` (µs), calling `check` after every event. */
  runUntil(until: number, check?: () => void): void {
    for (let next = this.sim.peek(); next !== undefined && next <= until; next = this.sim.peek()) {
      this.step();
      check?.();
    }
  }

  /** The Deployment `default/name`. */
  deployment(name: string): Deployment {
    const d = this.store.get('Deployment', `default/${name}`);
    if (d === undefined) throw new Error(`no deployment ${name}`);
    return d;
  }

  /** Creates an object directly in the store (as if applied). */
  create(obj: NewObject<'Deployment'> | NewObject<'ReplicaSet'> | NewObject<'StatefulSet'>): void {
    this.store.create({ ...obj, metadata: { ...obj.metadata, generation: 1 } } as NewObject<'Deployment'>);
  }
}

/** A RollingUpdate Deployment `name` with `replicas` pods of image `image`. */
export function deploymentObject(name: string, replicas: number, image: string, strategy: Deployment['spec']['strategy'] = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, minReadySeconds = 0): NewObject<'Deployment'> {
  return {
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'app', image, resources: { requests: {}, limits: {} } }] } },
      strategy,
      minReadySeconds,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      paused: false,
    },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [] },
  };
}

/** Sends a merge patch of the Deployment's spec straight to the store (as an applied `kubectl patch`). */
export function patchSpec(h: Harness, name: string, spec: unknown): void {
  const r = applyRequest(h.store, { verb: 'PATCH', kind: 'Deployment', namespace: 'default', name, body: { spec }, user: 'admin' });
  if (r.code !== 200) throw new Error(`patch failed: ${r.code} ${r.message ?? ''}`);
}
