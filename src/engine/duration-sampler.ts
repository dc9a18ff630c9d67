/** Adapts a distribution over µs to a sampler of non-negative integer durations. */
import type { Distribution } from './distribution.js';
import type { RandomStream } from './rng.js';
import type { Micros } from './simulation.js';

/** Draws integer µs >= 0 from `dist` using `rng` (negative draws clamp to 0). */
export type DurationSampler = () => Micros;

/** A sampler rounding each draw of `dist` (in µs) to an integer, clamped at 0. */
export function durationSampler(dist: Distribution, rng: RandomStream): DurationSampler {
  return () => {
    const v = Math.round(dist.sample(rng));
    return v > 0 ? v : 0;
  };
}
