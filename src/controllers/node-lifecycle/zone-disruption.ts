/**
 * The node lifecycle controller's zones: one rate-limited tainting queue per zone and the zone
 * states computed at the end of every monitor pass (handleDisruption in
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go), with upstream's zone metrics
 * `node_collector_zone_size`, `node_collector_zone_health` (% ready),
 * `node_collector_unhealthy_nodes_in_zone` and `node_collector_evictions_total` (NoExecute taints
 * applied), plus `kubesim_zone_disruption_state` (0 Normal, 1 PartialDisruption, 2 FullDisruption).
 */
import type { Condition } from '../../api/objects.js';
import type { Micros } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { NodeLifecycleConfig } from './node-lifecycle-config.js';
import { RateLimitedTimedQueue } from './rate-limited-timed-queue.js';
import { computeZoneState, zoneEvictionRate, zoneStateCode, type ZoneState } from './zone-state.js';

/** What a pass changed beyond the limiters: entering or leaving the all-zones-fully-disrupted mode. */
export type DisruptionEffect = 'none' | 'enteredFullDisruption' | 'exitedFullDisruption';

/** Zone states and tainting queues. */
export class ZoneDisruption {
  private readonly states = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();

  constructor(private readonly config: NodeLifecycleConfig, private readonly metrics: MetricsSink) {}

  /** Adds a zone seen for the first time (state Initial, queue at the normal rate). */
  addZone(zone: string, now: Micros): void {
    if (this.states.has(zone)) return;
    this.states.set(zone, 'Initial');
    if (!this.tainters.has(zone)) this.tainters.set(zone, new RateLimitedTimedQueue(this.config.nodeEvictionRate, now));
    this.metrics.counter('node_collector_evictions_total', { zone }, true);
  }

  /** The zone's tainting queue (created with the zone). */
  queue(zone: string, now: Micros): RateLimitedTimedQueue {
    this.addZone(zone, now);
    return this.tainters.get(zone) as RateLimitedTimedQueue;
  }

  /** The queues by zone, in the order zones appeared. */
  queues(): IterableIterator<[string, RateLimitedTimedQueue]> {
    return this.tainters.entries();
  }

  /** The zone's current state. */
  state(zone: string): ZoneState | undefined {
    return this.states.get(zone);
  }

  /** Counts a NoExecute taint applied in `zone`. */
  countEviction(zone: string): void {
    this.metrics.counter('node_collector_evictions_total', { zone }, true).inc();
  }

  /** Computes the zones' states from their nodes' Ready conditions and sets the queues' rates. */
  handleDisruption(zoneReady: ReadonlyMap<string, readonly (Condition | undefined)[]>, now: Micros): DisruptionEffect {
    const next = new Map<string, ZoneState>();
    let allAreFull = true;
    for (const [zone, conditions] of zoneReady) {
      const ready = conditions.filter((c) => c?.status === 'True').length;
      const notReady = conditions.length - ready;
      const state = computeZoneState(ready, notReady, this.config.unhealthyZoneThreshold);
      this.metrics.gauge('node_collector_zone_size', { zone }, true).set(conditions.length);
      this.metrics.gauge('node_collector_zone_health', { zone }, true).set((100 * ready) / conditions.length);
      this.metrics.gauge('node_collector_unhealthy_nodes_in_zone', { zone }, true).set(notReady);
      if (state !== 'FullDisruption') allAreFull = false;
      next.set(zone, state);
      if (!this.states.has(zone)) this.states.set(zone, 'Initial');
    }
    let allWereFull = true;
    for (const [zone, state] of [...this.states]) {
      if (!zoneReady.has(zone)) {
        this.states.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') allWereFull = false;
    }
    if (allAreFull && allWereFull) return 'none';
    const size = (zone: string): number => zoneReady.get(zone)?.length ?? 0;
    if (allAreFull) {
      // Every zone lost all its nodes: most likely the control plane lost them, so stop tainting.
      for (const zone of this.states.keys()) {
        this.queue(zone, now).swapLimiter(0, now);
        this.setState(zone, 'FullDisruption');
      }
      return 'enteredFullDisruption';
    }
    for (const [zone, state] of [...this.states]) {
      const fresh = next.get(zone) ?? 'Normal';
      if (!allWereFull && state === fresh) continue;
      this.queue(zone, now).swapLimiter(zoneEvictionRate(fresh, size(zone), this.config), now);
      this.setState(zone, fresh);
    }
    return allWereFull ? 'exitedFullDisruption' : 'none';
  }

  private setState(zone: string, state: ZoneState): void {
    this.states.set(zone, state);
    this.metrics.gauge('kubesim_zone_disruption_state', { zone }, true).set(zoneStateCode(state));
  }
}
