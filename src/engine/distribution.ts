// Probability distributions for service times, delays and sizes. Values are
// plain numbers in whatever unit the caller uses. Every sample consumes a
// fixed number of draws from the given stream (0 for constant, 2 for normal
// and lognormal, 1 otherwise), so runs are reproducible per seed.

import type { RandomStream } from './rng.js';

/** Declarative description of a distribution, as written in scenario files. */
export type DistributionSpec =
  | { constant: number }
  | { uniform: { min: number; max: number } }
  | { exponential: { mean: number } }
  | { normal: { mean: number; stddev: number } }
  | { lognormal: { median: number; p99: number } }
  | { empirical: Array<[quantile: number, value: number]> };

/** A sampler with known mean and inverse CDF. */
export interface Distribution {
  /** Draws one value using rng. */
  sample(rng: RandomStream): number;
  /** Expected value. */
  readonly mean: number;
  /** Inverse CDF at q in [0, 1]. */
  quantile(q: number): number;
}

/** z such that P(Z <= z) = 0.99 for a standard normal Z. */
export const Z99 = 2.3263478740408408;

// Coefficients of P. J. Acklam's rational approximation of the normal inverse CDF (relative error < 1.2e-9).
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Standard normal inverse CDF: returns z with P(Z <= z) = p; -Infinity at 0 and Infinity at 1. */
export function normalQuantile(p: number): number {
  if (p <= 0) return p === 0 ? -Infinity : NaN;
  if (p >= 1) return p === 1 ? Infinity : NaN;
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const z = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
    return p < P_LOW ? z : -z;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** One standard normal draw by the Box–Muller transform; always consumes exactly two draws. */
export function standardNormal(rng: RandomStream): number {
  const u1 = 1 - rng.next(); // (0, 1]
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function fail(kind: string, why: string): never {
  throw new RangeError(`invalid ${kind} distribution: ${why}`);
}

function finite(kind: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(kind, `${name} must be a finite number, got ${String(v)}`);
  return v;
}

function checkQ(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
}

class Constant implements Distribution {
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
  quantile(q: number): number {
    checkQ(q);
    return this.mean;
  }
}

class Uniform implements Distribution {
  readonly mean: number;
  constructor(private readonly min: number, private readonly max: number) {
    this.mean = (min + max) / 2;
  }
  sample(rng: RandomStream): number {
    return this.min + (this.max - this.min) * rng.next();
  }
  quantile(q: number): number {
    checkQ(q);
    return this.min + (this.max - this.min) * q;
  }
}

class Exponential implements Distribution {
  constructor(readonly mean: number) {}
  sample(rng: RandomStream): number {
    return -this.mean * Math.log(1 - rng.next());
  }
  quantile(q: number): number {
    checkQ(q);
    return -this.mean * Math.log(1 - q);
  }
}

class Normal implements Distribution {
  constructor(readonly mean: number, private readonly stddev: number) {}
  sample(rng: RandomStream): number {
    return this.mean + this.stddev * standardNormal(rng);
  }
  quantile(q: number): number {
    checkQ(q);
    return this.stddev === 0 ? this.mean : this.mean + this.stddev * normalQuantile(q);
  }
}

class LogNormal implements Distribution {
  readonly mean: number;
  private readonly mu: number;
  private readonly sigma: number;
  constructor(median: number, p99: number) {
    this.mu = Math.log(median);
    this.sigma = Math.log(p99 / median) / Z99;
    this.mean = Math.exp(this.mu + (this.sigma * this.sigma) / 2);
  }
  sample(rng: RandomStream): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
  quantile(q: number): number {
    checkQ(q);
    return this.sigma === 0 ? Math.exp(this.mu) : Math.exp(this.mu + this.sigma * normalQuantile(q));
  }
}

class Empirical implements Distribution {
  readonly mean: number;
  constructor(private readonly qs: Float64Array, private readonly vs: Float64Array) {
    let m = 0;
    for (let i = 1; i < qs.length; i++) m += ((qs[i]! - qs[i - 1]!) * (vs[i]! + vs[i - 1]!)) / 2;
    this.mean = m;
  }
  sample(rng: RandomStream): number {
    return this.at(rng.next());
  }
  quantile(q: number): number {
    checkQ(q);
    return this.at(q);
  }
  private at(q: number): number {
    const qs = this.qs;
    let lo = 0;
    let hi = qs.length - 1; // invariant: qs[lo] <= q <= qs[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (qs[mid]! <= q) lo = mid;
      else hi = mid;
    }
    const q0 = qs[lo]!;
    const v0 = this.vs[lo]!;
    return v0 + ((q - q0) / (qs[hi]! - q0)) * (this.vs[hi]! - v0);
  }
}

function empirical(table: unknown): Distribution {
  const kind = 'empirical';
  if (!Array.isArray(table) || table.length < 2) fail(kind, 'table needs at least two [quantile, value] rows');
  const qs = new Float64Array(table.length);
  const vs = new Float64Array(table.length);
  table.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== 2) fail(kind, `row ${i} must be [quantile, value]`);
    qs[i] = finite(kind, `quantile of row ${i}`, row[0]);
    vs[i] = finite(kind, `value of row ${i}`, row[1]);
    if (i > 0 && !(qs[i]! > qs[i - 1]!)) fail(kind, `quantiles must be strictly increasing (row ${i})`);
    if (i > 0 && vs[i]! < vs[i - 1]!) fail(kind, `values must be non-decreasing (row ${i})`);
  });
  if (qs[0] !== 0 || qs[qs.length - 1] !== 1) fail(kind, 'quantiles must start at 0 and end at 1');
  return new Empirical(qs, vs);
}

/** Builds a distribution from its spec; throws RangeError with a clear message on invalid parameters. */
export function createDistribution(spec: DistributionSpec): Distribution {
  if (spec === null || typeof spec !== 'object') throw new RangeError('distribution spec must be an object');
  const keys = Object.keys(spec);
  if (keys.length !== 1) throw new RangeError(`distribution spec must have exactly one key, got [${keys.join(', ')}]`);
  const s = spec as Record<string, unknown>;
  const kind = keys[0]!;
  const p = (s[kind] ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'constant':
      return new Constant(finite(kind, 'value', s[kind]));
    case 'uniform': {
      const min = finite(kind, 'min', p['min']);
      const max = finite(kind, 'max', p['max']);
      if (max < min) fail(kind, `max (${max}) < min (${min})`);
      return new Uniform(min, max);
    }
    case 'exponential': {
      const mean = finite(kind, 'mean', p['mean']);
      if (mean < 0) fail(kind, `mean must be >= 0, got ${mean}`);
      return new Exponential(mean);
    }
    case 'normal': {
      const mean = finite(kind, 'mean', p['mean']);
      const stddev = finite(kind, 'stddev', p['stddev']);
      if (stddev < 0) fail(kind, `stddev must be >= 0, got ${stddev}`);
      return new Normal(mean, stddev);
    }
    case 'lognormal': {
      const median = finite(kind, 'median', p['median']);
      const p99 = finite(kind, 'p99', p['p99']);
      if (median <= 0) fail(kind, `median must be > 0, got ${median}`);
      if (p99 < median) fail(kind, `p99 (${p99}) must be >= median (${median})`);
      return new LogNormal(median, p99);
    }
    case 'empirical':
      return empirical(s[kind]);
    default:
      throw new RangeError(`unknown distribution kind '${kind}'`);
  }
}
