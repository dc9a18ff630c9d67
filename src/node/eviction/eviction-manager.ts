/**
 * Node-pressure eviction on one node (pkg/kubelet/eviction/eviction_manager.go synchronize),
 * every housekeeping interval while the node has pods or pressure:
 * 1. observe memory.available (capacity minus the pods' working sets), nodefs.available (minus the
 *    pods' ephemeral storage and exited containers' leftovers) and imagefs.available (the image
 *    store; the same as nodefs without the image model);
 * 2. a threshold is met when its signal is below it, and stays met until the signal is back above
 *    it plus `evictionMinimumReclaim`;
 * 3. node conditions (MemoryPressure, DiskPressure) follow the met thresholds, soft ones included,
 *    and are cleared only after `evictionPressureTransitionPeriod` without being observed;
 * 4. a soft threshold acts only once met for its `evictionSoftGracePeriod`;
 * 5. for the first acting threshold (memory first): reclaim node-level resources (exited
 *    containers for nodefs, unused images for imagefs) and stop if that is enough; otherwise
 *    evict the first pod in ranking order (at most one per interval), with a 1 s grace period
 *    for hard thresholds (immediateEvictionGracePeriodSeconds) or min(evictionMaxPodGracePeriod,
 *    the pod's terminationGracePeriodSeconds) for soft ones.
 */
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import type { PodWorker } from '../kubelet/pod-worker.js';
import { podQosClass } from '../kubelet/qos.js';
import { podUsage } from '../kubelet/pod-usage.js';
import { type EvictionConfig, type EvictionSignal, type Threshold, thresholdBytes } from './eviction-config.js';
import { rankForEviction } from './eviction-ranking.js';
import { NodeSignals } from './node-signals.js';

/** Grace period of an eviction for a hard threshold (eviction_manager.go immediateEvictionGracePeriodSeconds, 1 s). */
export const immediateEvictionGracePeriod: Micros = 1_000_000;

/** Node condition of each signal. */
const conditionOf: Readonly<Record<EvictionSignal, string>> = {
  'memory.available': 'MemoryPressure',
  'nodefs.available': 'DiskPressure',
  'imagefs.available': 'DiskPressure',
};

/** Resource whose usage ranks pods for each signal. */
const resourceOf: Readonly<Record<EvictionSignal, 'memory' | 'ephemeral-storage'>> = {
  'memory.available': 'memory',
  'nodefs.available': 'ephemeral-storage',
  'imagefs.available': 'ephemeral-storage',
};

/** Shared tick handler of every node's eviction manager. */
export class EvictionRuntime {
  readonly tick: Handler<EvictionManager>;
  constructor(readonly sim: Simulation) {
    this.tick = sim.register<EvictionManager>((m) => m.synchronize());
  }
}

/** One node's eviction manager. */
export class EvictionManager {
  readonly signals: NodeSignals;
  private met = new Set<Threshold>();
  private readonly firstObserved = new Map<Threshold, Micros>();
  private readonly conditionLastObserved = new Map<string, Micros>();
  private conditions = new Set<string>();
  private ticking = false;
  /** Called with the node's pressure conditions when they change. */
  onConditions: (conditions: ReadonlySet<string>) => void = () => undefined;

  constructor(private readonly rt: EvictionRuntime, private readonly kubelet: Kubelet, private readonly config: EvictionConfig, nodefsCapacity: number) {
    this.signals = new NodeSignals(kubelet, nodefsCapacity);
    // Housekeeping runs while there is something to observe: pods with a usage model, or images on imagefs.
    kubelet.onAdmitted = (w) => {
      if (kubelet.images !== undefined || w.containers.some((r) => r.spec.behavior?.memory !== undefined || r.spec.behavior?.ephemeralStorage !== undefined)) this.ensureTicking();
    };
  }

  /** The node's current pressure conditions. */
  get pressure(): ReadonlySet<string> {
    return this.conditions;
  }

  private ensureTicking(): void {
    if (this.ticking || this.config.thresholds.length === 0) return;
    this.ticking = true;
    const every = this.config.housekeepingInterval;
    const now = this.rt.sim.now;
    this.rt.sim.schedule(every - (now % every), this.rt.tick, this);
  }

  /** One housekeeping pass. */
  synchronize(): void {
    const now = this.rt.sim.now;
    const observed = this.signals.observe(now);
    const metNow = new Set<Threshold>();
    for (const t of this.config.thresholds) {
      const capacity = observed[t.signal].capacity;
      const limit = thresholdBytes(t.value, capacity);
      const available = observed[t.signal].available;
      // Met below the threshold; a threshold already met stays met until minimum reclaim is reached.
      const extra = this.met.has(t) && t.minReclaim !== undefined ? thresholdBytes(t.minReclaim, capacity) : 0;
      if (available < limit + extra) metNow.add(t);
    }
    for (const t of this.config.thresholds) {
      if (metNow.has(t)) {
        if (!this.firstObserved.has(t)) this.firstObserved.set(t, now);
      } else this.firstObserved.delete(t);
    }
    for (const t of metNow) this.conditionLastObserved.set(conditionOf[t.signal], now);
    const conditions = new Set<string>();
    for (const [c, at] of this.conditionLastObserved) if (now - at < this.config.evictionPressureTransitionPeriod) conditions.add(c);
    if (conditions.size !== this.conditions.size || [...conditions].some((c) => !this.conditions.has(c))) {
      this.conditions = new Set([...conditions].sort());
      this.kubelet.pressure = this.conditions;
      this.onConditions(this.conditions);
    }
    this.met = metNow;
    const acting = this.config.thresholds.filter((t) => metNow.has(t) && now - (this.firstObserved.get(t) ?? now) >= t.gracePeriod);
    this.evictOne(acting);
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const busy = [...this.kubelet.workers.values()].some((w) => !w.done) || this.conditions.size > 0 || this.met.size > 0;
    if (!busy) {
      this.ticking = false;
      return;
    }
    this.rt.sim.schedule(this.config.housekeepingInterval, this.rt.tick, this);
  }

  private evictOne(acting: Threshold[]): void {
    if (acting.length === 0) return;
    // Memory first, then nodefs, then imagefs; among equals, hard before soft.
    const order: EvictionSignal[] = ['memory.available', 'nodefs.available', 'imagefs.available'];
    acting.sort((a, b) => order.indexOf(a.signal) - order.indexOf(b.signal) || Number(b.hard) - Number(a.hard));
    const t = acting[0]!;
    const now = this.rt.sim.now;
    if (t.signal !== 'memory.available' && this.signals.reclaim(t.signal, now)) {
      const after = this.signals.observe(now)[t.signal];
      const extra = t.minReclaim === undefined ? 0 : thresholdBytes(t.minReclaim, after.capacity);
      if (after.available >= thresholdBytes(t.value, after.capacity) + extra) return;
    }
    const resource = resourceOf[t.signal];
    const candidates = [...this.kubelet.workers.values()]
      .filter((w) => !w.done && w.stage !== 'terminating')
      .map((w) => ({ key: w.key, priority: w.pod.spec.priority, usage: podUsage(w, resource, now), request: podRequestOf(w, resource), worker: w }));
    const victim = rankForEviction(candidates)[0];
    if (victim === undefined) return;
    const w = victim.worker;
    const grace = t.hard
      ? immediateEvictionGracePeriod
      : Math.min(this.config.evictionMaxPodGracePeriod, w.pod.spec.terminationGracePeriodSeconds ?? 30) * 1e6;
    const what = resource === 'memory' ? 'memory' : 'ephemeral-storage';
    this.kubelet.metrics.eviction(t.signal, podQosClass(w.pod)).inc();
    const o = this.signals.observe(now)[t.signal];
    this.kubelet.evict(w, grace, `The node was low on resource: ${what}. Threshold quantity: ${Math.round(thresholdBytes(t.value, o.capacity))}, available: ${Math.round(o.available)}.`);
  }
}

function podRequestOf(w: PodWorker, resource: string): number {
  let total = 0;
  for (const c of w.pod.spec.containers) total += c.resources.requests[resource] ?? 0;
  return total;
}
