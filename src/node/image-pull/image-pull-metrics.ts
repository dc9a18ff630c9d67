/**
 * Metrics of image pulls and pod startup: upstream's kubelet names where the kubelet has them
 * (`kubelet_image_pull_duration_seconds`, `kubelet_pod_start_sli_duration_seconds`,
 * `kubelet_pod_start_duration_seconds`, `kubelet_image_garbage_collected_total`), kubesim's for the
 * rest (bytes per registry and node, the startup split into pull / unpack / create / run).
 */
import type { Counter, Histogram, MetricsSink } from '../../metrics/sink.js';
import type { ImageMode } from './image-catalog.js';

/** The phases of a container's startup, after the stargz-snapshotter benchmark's pull / create / run split. */
export type StartupPhase = 'pull' | 'unpack' | 'create' | 'run';

/** Metric handles, created on first use. */
export class ImagePullMetrics {
  /** Pod start excluding image pulls (creation to observed running, minus first pull start to last pull end). */
  readonly podStartSli: Histogram;
  /** Pod start including pulls (creation to observed running, as the kubelet sees it). */
  readonly podStart: Histogram;
  private readonly counters = new Map<string, Counter>();
  private readonly histograms = new Map<string, Histogram>();

  constructor(private readonly sink: MetricsSink) {
    this.podStartSli = sink.histogram('kubelet_pod_start_sli_duration_seconds');
    this.podStart = sink.histogram('kubelet_pod_start_duration_seconds');
  }

  private counter(name: string, labels: Record<string, string>, sampled = false): Counter {
    const key = `${name}${JSON.stringify(labels)}`;
    let c = this.counters.get(key);
    if (c === undefined) this.counters.set(key, (c = this.sink.counter(name, labels, sampled)));
    return c;
  }

  private histogram(name: string, labels: Record<string, string>): Histogram {
    const key = `${name}${JSON.stringify(labels)}`;
    let h = this.histograms.get(key);
    if (h === undefined) this.histograms.set(key, (h = this.sink.histogram(name, labels)));
    return h;
  }

  /** CRI PullImage duration (resolve, fetch and unpack; for eStargz until the layers are mounted and prefetched). */
  pullDuration(image: string, mode: ImageMode): Histogram {
    return this.histogram('kubelet_image_pull_duration_seconds', { image, mode });
  }

  /** Seconds a container spent in one startup phase. */
  phase(mode: ImageMode, phase: StartupPhase): Histogram {
    return this.histogram('kubesim_container_startup_phase_seconds', { mode, phase });
  }

  /** Bytes fetched from the registries while a pod started (pull start to running). */
  podStartupBytes(mode: ImageMode): Histogram {
    return this.histogram('kubesim_pod_startup_image_bytes', { mode });
  }

  /** Bytes sent by a registry (sampled over time). */
  registryBytes(registry: string): Counter {
    return this.counter('kubesim_registry_bytes_transferred_total', { registry }, true);
  }

  /** Bytes received by a node from registries. */
  nodeBytes(node: string): Counter {
    return this.counter('kubesim_node_image_bytes_transferred_total', { node });
  }

  /** Pulls by mode and how they went (`pulled`, `present`, `ErrImageNeverPull`, `PullQPSExceeded`). */
  pulls(mode: ImageMode, result: string): Counter {
    return this.counter('kubesim_image_pulls_total', { mode, result });
  }

  /** Images removed by GC, by reason (`age`, `space`). */
  garbageCollected(reason: 'age' | 'space'): Counter {
    return this.counter('kubelet_image_garbage_collected_total', { reason });
  }

  /** GC passes that could not free enough (upstream's ImageGCFailed event). */
  gcFailures(): Counter {
    return this.counter('kubesim_image_gc_failures_total', {});
  }
}
