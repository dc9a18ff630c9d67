/** State shared by every kubelet of a run: latencies, the image model, probe handlers, metrics, random streams. */
import type { ObjectStore } from '../../api/object-store.js';
import type { DurationSampler } from '../../engine/duration-sampler.js';
import type { RandomStream } from '../../engine/rng.js';
import type { Handler, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { DraKubeletPlugin } from '../../dra/kubelet-dra-plugin.js';
import type { ImagePullRuntime } from '../image-pull/image-pull-runtime.js';
import type { EvictionConfig } from '../eviction/eviction-config.js';
import { KubeletMetrics } from './kubelet-metrics.js';
import { ProbeRuntime } from './probe-worker.js';

/** Per-run kubelet state. */
export class KubeletRuntime {
  /** A handler calling its argument, for plain delayed callbacks. */
  readonly call: Handler<() => void>;
  readonly probes: ProbeRuntime;
  readonly metrics: KubeletMetrics;
  /** The image model, when the scenario declares registries. */
  images: ImagePullRuntime | undefined;
  /** DRA: prepares pods' ResourceClaims before their containers start. */
  dra: DraKubeletPlugin | undefined;

  constructor(
    readonly sim: Simulation,
    readonly store: ObjectStore,
    sink: MetricsSink,
    /** The pod's first start without the image model (sandbox and first container starts together). */
    readonly startLatency: DurationSampler,
    /** The sandbox step with the image model. */
    readonly sandboxLatency: DurationSampler,
    /** Draws of the modelled applications' ready times. */
    readonly appRng: RandomStream,
    readonly eviction: EvictionConfig,
  ) {
    this.call = sim.register<() => void>((fn) => fn());
    this.probes = new ProbeRuntime(sim);
    this.metrics = new KubeletMetrics(sink);
  }
}
