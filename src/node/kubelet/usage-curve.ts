/**
 * A container's memory or ephemeral-storage usage over its running time (kubesim's usage model):
 * a starting amount plus a steady growth (a leak), or a piecewise-linear profile holding its last
 * value. Time is µs since the container started; amounts are bytes.
 */
import type { UsageModel } from '../../api/objects.js';

/** Usage `model` after `t` µs of running. */
export function usageAt(model: UsageModel | undefined, t: number): number {
  if (model === undefined) return 0;
  const p = model.profile;
  if (p !== undefined && p.length > 0) {
    const first = p[0]!;
    if (t <= first[0]) return first[1];
    for (let i = 1; i < p.length; i++) {
      const [t1, v1] = p[i]!;
      const [t0, v0] = p[i - 1]!;
      if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
    return p[p.length - 1]![1];
  }
  return model.initial + (model.growthPerSecond * t) / 1e6;
}

/** The first time (µs since start) usage reaches `bytes`, or undefined when it never does. */
export function timeToReach(model: UsageModel | undefined, bytes: number): number | undefined {
  if (model === undefined) return undefined;
  const p = model.profile;
  if (p !== undefined && p.length > 0) {
    if (p[0]![1] >= bytes) return 0;
    for (let i = 1; i < p.length; i++) {
      const [t0, v0] = p[i - 1]!;
      const [t1, v1] = p[i]!;
      if (v1 >= bytes) return Math.ceil(t0 + ((bytes - v0) * (t1 - t0)) / (v1 - v0));
    }
    return undefined;
  }
  if (model.initial >= bytes) return 0;
  if (model.growthPerSecond <= 0) return undefined;
  return Math.ceil(((bytes - model.initial) * 1e6) / model.growthPerSecond);
}
