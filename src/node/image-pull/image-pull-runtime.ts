/**
 * State shared by every node's image pulls in a run: the declared images, the registries' egress
 * links, the transfer network, the configuration and the metric handles. A fetch is one HTTP
 * request: the registry's request latency, then the body's bytes through the network.
 */
import type { Handler, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { ImageCatalog, RegistrySpec } from './image-catalog.js';
import type { ContainerdConfig, KubeletImageConfig } from './image-pull-config.js';
import { ImagePullMetrics } from './image-pull-metrics.js';
import { Link, TransferNetwork } from './transfer-network.js';

/** Everything image pulls need from the scenario. */
export interface ImagePullSpec {
  readonly catalog: ImageCatalog;
  readonly kubelet: KubeletImageConfig;
  readonly containerd: ContainerdConfig;
}

interface PendingFetch {
  readonly registry: RegistryLink;
  readonly sink: Link;
  readonly bytes: number;
  readonly onBytes: (bytes: number) => void;
  readonly done: () => void;
}

/** A registry's egress link with its request latency. */
export interface RegistryLink {
  readonly spec: RegistrySpec;
  readonly link: Link;
}

/** Per-run image pull state. */
export class ImagePullRuntime {
  readonly network: TransferNetwork;
  readonly metrics: ImagePullMetrics;
  private readonly registries = new Map<string, RegistryLink>();
  private readonly afterLatency: Handler<PendingFetch>;
  /** A handler calling its argument, for plain delayed callbacks. */
  readonly call: Handler<() => void>;

  constructor(readonly sim: Simulation, sink: MetricsSink, readonly spec: ImagePullSpec) {
    this.network = new TransferNetwork(sim);
    this.metrics = new ImagePullMetrics(sink);
    for (const r of spec.catalog.allRegistries()) this.registries.set(r.name, { spec: r, link: new Link(r.name, r.bandwidth) });
    this.call = sim.register<() => void>((fn) => fn());
    this.afterLatency = sim.register<PendingFetch>((f) => {
      if (f.bytes <= 0) {
        f.done();
        return;
      }
      this.network.start({
        source: f.registry.link,
        sink: f.sink,
        bytes: f.bytes,
        done: () => {
          this.metrics.registryBytes(f.registry.spec.name).inc(f.bytes);
          f.onBytes(f.bytes);
          f.done();
        },
      });
    });
  }

  /** The egress link of a declared registry. */
  registry(name: string): RegistryLink {
    const r = this.registries.get(name);
    if (r === undefined) throw new Error(`image pull: registry ${name} is not declared`);
    return r;
  }

  /**
   * One HTTP request to `registry` whose body of `bytes` flows into `sink`: `onBytes` counts the
   * bytes when they have arrived, then `done` runs.
   */
  fetch(registry: RegistryLink, sink: Link, bytes: number, onBytes: (bytes: number) => void, done: () => void): void {
    this.sim.schedule(registry.spec.requestLatency, this.afterLatency, { registry, sink, bytes, onBytes, done });
  }

  /** Runs `fn` after `delay` µs. */
  after(delay: number, fn: () => void): void {
    this.sim.schedule(Math.max(0, Math.round(delay)), this.call, fn);
  }
}
