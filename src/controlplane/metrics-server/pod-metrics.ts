/** What the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics) tells its clients, summed over a pod's containers. */
import type { LabelSelector } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';

/** One pod's usage as last scraped: cpu in millicores, memory in bytes, at `timestamp` over `window` (µs). */
export interface PodMetric {
  readonly timestamp: Micros;
  readonly window: Micros;
  readonly cpu: number;
  readonly memory: number;
}

/** A reader of pod metrics (the horizontal pod autoscaler's resource metrics client). */
export interface PodMetricsLister {
  /** Metrics of the pods in `namespace` whose labels match `selector`, by pod name; pods not scraped yet are absent. */
  podMetrics(namespace: string, selector: LabelSelector): ReadonlyMap<string, PodMetric>;
}
