/**
 * Seat demand of a priority level over one borrowing period: a time integrator of
 * (seats in use + seats waiting) and the smoothed statistics the borrowing adjustment reads.
 * After upstream staging/src/k8s.io/apiserver/pkg/util/flowcontrol/fairqueuing/integrator.go
 * and apf_controller.go (seatDemandStats.update, seatDemandSmoothingCoefficient).
 */
import type { Micros } from '../../../engine/simulation.js';

/** Upstream `seatDemandSmoothingCoefficient`: a 5-minute half-life at one update per 10 s. */
export const seatDemandSmoothingCoefficient = 0.977;

/** Upstream `IntegratorResults` (duration in µs instead of seconds; the moments do not depend on the unit). */
export interface IntegratorResults {
  readonly duration: Micros;
  /** Time-weighted mean; NaN over an empty interval. */
  readonly average: number;
  /** Time-weighted standard deviation; NaN over an empty interval or when rounding makes the variance negative. */
  readonly deviation: number;
  readonly min: number;
  readonly max: number;
}

/** Integrates a piecewise-constant value over virtual time (its 0th, 1st and 2nd moments, min and max). */
export class SeatDemandIntegrator {
  private x = 0;
  private lastTime: Micros;
  private elapsed = 0;
  private integralX = 0;
  private integralXX = 0;
  // Upstream starts min and max at the zero value and resets them to the current value.
  private min = 0;
  private max = 0;

  constructor(now: Micros) {
    this.lastTime = now;
  }

  /** The current value. */
  get value(): number {
    return this.x;
  }

  /** The value becomes `x` at time `now` (≥ the previous call's time). */
  set(x: number, now: Micros): void {
    this.advance(now);
    this.x = x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** The results from the last reset to `now`; integration restarts at `now`. */
  reset(now: Micros): IntegratorResults {
    this.advance(now);
    const duration = this.elapsed;
    let average = NaN;
    let deviation = NaN;
    if (duration > 0) {
      average = this.integralX / duration;
      const variance = this.integralXX / duration - average * average;
      if (variance >= 0) deviation = Math.sqrt(variance);
    }
    const results = { duration, average, deviation, min: this.min, max: this.max };
    this.elapsed = 0;
    this.integralX = 0;
    this.integralXX = 0;
    this.min = this.x;
    this.max = this.x;
    return results;
  }

  private advance(now: Micros): void {
    const dt = now - this.lastTime;
    if (dt <= 0) return;
    this.lastTime = now;
    this.elapsed += dt;
    this.integralX += this.x * dt;
    this.integralXX += this.x * this.x * dt;
  }
}

/** Upstream `seatDemandStats`: the last period's high watermark, mean and deviation, and the smoothed envelope. */
export interface SeatDemandStats {
  highWatermark: number;
  avg: number;
  stdDev: number;
  smoothed: number;
}

/** A fresh `SeatDemandStats` (all zero). */
export function newSeatDemandStats(): SeatDemandStats {
  return { highWatermark: 0, avg: 0, stdDev: 0, smoothed: 0 };
}

/** Folds one period's integration into `stats`: smoothed ← max(envelope, A·smoothed + (1−A)·envelope), envelope = mean + deviation. */
export function updateSeatDemandStats(stats: SeatDemandStats, obs: IntegratorResults): void {
  stats.highWatermark = Math.round(obs.max);
  if (obs.duration <= 0) return;
  const deviation = Number.isNaN(obs.deviation) ? 0 : obs.deviation;
  stats.avg = obs.average;
  stats.stdDev = deviation;
  const envelope = obs.average + deviation;
  const a = seatDemandSmoothingCoefficient;
  stats.smoothed = Math.max(envelope, a * stats.smoothed + (1 - a) * envelope);
}
