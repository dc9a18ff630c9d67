/**
 * Starts the node lifecycle controller and the taint eviction controller of kube-controller-manager
 * over one shared pod informer, each with its own client, plus the outage measurements.
 */
import type { ObjectStore } from '../../api/object-store.js';
import type { RestClient } from '../../controlplane/rest-client.js';
import type { Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { NodeLifecycleConfig } from './node-lifecycle-config.js';
import { NodeLifecycleController } from './node-lifecycle-controller.js';
import { NodeOutageTracker } from './node-outage-tracker.js';
import { PodReplacementTracker } from './pod-replacement-tracker.js';
import { PodsByNode } from './pods-by-node.js';
import { TaintEvictionController } from './taint-eviction-controller.js';

/** The running controllers. */
export class NodeLifecycleControllers {
  readonly pods: PodsByNode;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly tracker: NodeOutageTracker;
  readonly replacements: PodReplacementTracker;

  /** @param client makes a rate-limited client for the named controller. */
  constructor(sim: Simulation, store: ObjectStore, metrics: MetricsSink, config: NodeLifecycleConfig, client: (name: string) => RestClient) {
    this.tracker = new NodeOutageTracker(sim, store, metrics);
    this.replacements = new PodReplacementTracker(sim, store, metrics);
    this.pods = new PodsByNode(store);
    this.nodeLifecycle = new NodeLifecycleController(sim, store, this.pods, client('node-lifecycle-controller'), metrics, config);
    this.taintEviction = new TaintEvictionController(sim, store, this.pods, client('taint-eviction-controller'), metrics);
  }
}
