/** What workload ops can use while they run: the cluster, a workload client, counts and warnings. */
import type { RestClient } from '../controlplane/rest-client.js';
import type { Micros, Simulation } from '../engine/simulation.js';
import type { PodLifecycleTracker } from '../metrics/pod-lifecycle.js';
import type { MetricsSink } from '../metrics/sink.js';
import type { ClusterRuntime } from './cluster-runtime.js';

/** Shared state of one run, handed to every op. */
export class RunContext {
  /** Pods the workload created successfully (201 responses). */
  podsCreated = 0;
  /** Start and end of the metrics collection window (µs); undefined means the run's start or end. */
  collectStart: Micros | undefined;
  collectStop: Micros | undefined;
  readonly warnings: string[] = [];
  /** Extra result files ops produce (e.g. gpu-placement.csv), by file name. */
  readonly outputFiles = new Map<string, string>();
  private readonly indices = new Map<string, number>();

  constructor(
    readonly sim: Simulation,
    readonly cluster: ClusterRuntime,
    readonly metrics: MetricsSink,
    readonly tracker: PodLifecycleTracker,
    readonly workloadClient: RestClient,
  ) {}

  /** The next free index for objects named `<base><index>`. */
  nextIndex(base: string): number {
    const i = this.indices.get(base) ?? 0;
    this.indices.set(base, i + 1);
    return i;
  }

  /** Records a warning shown after the run and stored in summary.json. */
  warn(message: string): void {
    this.warnings.push(`t=${(this.sim.now / 1e6).toFixed(3)}s: ${message}`);
  }
}
