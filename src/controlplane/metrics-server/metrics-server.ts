/**
 * metrics-server: scrapes every node's kubelet every `metric-resolution` (15 s, its default in
 * v0.6+) and serves the last usage of each pod through metrics.k8s.io. Here a scrape reads the
 * pods' usage models (../../node/kubelet/cpu-usage.ts) at the scrape time; a pod appears from the
 * second scrape that finds it running, as metrics-server needs two cumulative CPU samples for a
 * rate. The aggregated API's own cost on the apiserver is not modelled.
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { LabelSelector, Pod } from '../../api/objects.js';
import { objectKey } from '../../api/objects.js';
import type { ObjectStore } from '../../api/object-store.js';
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { ApplicationLoads } from '../../node/kubelet/application-load.js';
import { loadsOf, podResourceUsage, servesLoad } from '../../node/kubelet/cpu-usage.js';
import type { PodMetric, PodMetricsLister } from './pod-metrics.js';

/** metric-resolution default (µs). */
export const defaultMetricResolution: Micros = 15e6;

/** The scraper and its last results. */
export class MetricsServer implements PodMetricsLister {
  private readonly pods = new Map<string, Pod>();
  private seenRunning = new Set<string>();
  private metrics = new Map<string, PodMetric>();

  constructor(private readonly sim: Simulation, store: ObjectStore, private readonly loads: ApplicationLoads, private readonly resolution: Micros = defaultMetricResolution) {
    store.watch('Pod', (e) => {
      const key = objectKey(e.object.metadata);
      if (e.type === 'DELETED') this.pods.delete(key);
      else this.pods.set(key, e.object);
    }, { list: true });
    const scrape = sim.register<null>(() => {
      this.scrape();
      sim.schedule(this.resolution, scrape, null);
    });
    sim.schedule(this.resolution, scrape, null);
  }

  /** Reads every running pod's usage now. */
  private scrape(): void {
    const now = this.sim.now;
    const servers = new Map<string, number>();
    for (const p of this.pods.values()) {
      if (!servesLoad(p)) continue;
      for (const l of loadsOf(p)) servers.set(l, (servers.get(l) ?? 0) + 1);
    }
    const running = new Set<string>();
    const metrics = new Map<string, PodMetric>();
    for (const [key, p] of this.pods) {
      const u = podResourceUsage(p, now, this.loads, servers);
      if (u === undefined) continue;
      running.add(key);
      if (this.seenRunning.has(key)) metrics.set(key, { timestamp: now, window: this.resolution, cpu: Math.round(u.cpu), memory: Math.round(u.memory) });
    }
    this.seenRunning = running;
    this.metrics = metrics;
  }

  podMetrics(namespace: string, selector: LabelSelector): ReadonlyMap<string, PodMetric> {
    const out = new Map<string, PodMetric>();
    for (const [key, m] of this.metrics) {
      const p = this.pods.get(key);
      if (p === undefined || (p.metadata.namespace ?? 'default') !== namespace || !matchesLabelSelector(selector, p.metadata.labels)) continue;
      out.set(p.metadata.name, m);
    }
    return out;
  }
}
