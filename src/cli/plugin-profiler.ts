/** Wall-clock timing of scheduler plugins for `kubesim compare` (sampled; reported apart from the deterministic results). */
import type { PluginProfiler, ProfiledPoint } from '../scheduler/framework/plugin-profiler.js';

/** One plugin's measured cost at one extension point. */
export interface PluginWallTime {
  readonly plugin: string;
  readonly point: ProfiledPoint;
  readonly calls: number;
  readonly wallMs: number;
}

/**
 * Times one Filter call in 16 (Filter calls are too many and too short to time each; the clock's own
 * cost is measured once and subtracted) and every PreFilter, PreScore and Score batch (one per pod,
 * over all its feasible nodes).
 */
export class WallClockProfiler implements PluginProfiler {
  readonly sampleEvery = 16;
  private readonly totals = new Map<string, { plugin: string; point: ProfiledPoint; calls: number; ms: number }>();
  /** Cost of one start/stop pair of the clock itself, subtracted from each sample. */
  private readonly overheadMs: number;

  constructor() {
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) performance.now();
    this.overheadMs = (performance.now() - t0) / n;
  }

  start(): number {
    return performance.now();
  }

  stop(plugin: string, point: ProfiledPoint, mark: number, calls: number): void {
    const key = `${plugin}/${point}`;
    let t = this.totals.get(key);
    if (t === undefined) this.totals.set(key, (t = { plugin, point, calls: 0, ms: 0 }));
    t.calls += calls;
    t.ms += Math.max(0, performance.now() - mark - this.overheadMs) * calls;
  }

  /** Totals per plugin and point, sorted by plugin then point. */
  results(): PluginWallTime[] {
    return [...this.totals.values()]
      .map((t) => ({ plugin: t.plugin, point: t.point, calls: t.calls, wallMs: t.ms }))
      .sort((a, b) => (a.plugin + a.point < b.plugin + b.point ? -1 : 1));
  }
}
