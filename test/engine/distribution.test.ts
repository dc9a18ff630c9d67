import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDistribution, normalQuantile, Z99, type DistributionSpec } from '../../src/engine/distribution.js';
import { RandomStreams } from '../../src/engine/rng.js';

const N = 20_000;

function samples(spec: DistributionSpec, name: string): Float64Array {
  const d = createDistribution(spec);
  const rng = new RandomStreams(2024).stream(name);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = d.sample(rng);
  return out.sort();
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function q(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function near(actual: number, expected: number, relTol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relTol * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

test('normalQuantile matches reference values', () => {
  near(normalQuantile(0.99), Z99, 1e-8, 'z99');
  near(normalQuantile(0.975), 1.959963984540054, 1e-8, 'z975');
  near(normalQuantile(0.001), -3.090232306167813, 1e-8, 'z001');
  assert.equal(normalQuantile(0.5), 0);
});

test('constant and uniform', () => {
  const c = createDistribution({ constant: 12 });
  assert.equal(c.sample(new RandomStreams(1).stream('c')), 12);
  assert.equal(c.mean, 12);
  const xs = samples({ uniform: { min: 100, max: 300 } }, 'uniform');
  near(mean(xs), 200, 0.01, 'uniform mean');
  near(q(xs, 0.25), 150, 0.02, 'uniform p25');
  assert.ok(xs[0]! >= 100 && xs[N - 1]! < 300);
  assert.equal(createDistribution({ uniform: { min: 100, max: 300 } }).quantile(0.75), 250);
});

test('exponential mean and median', () => {
  const xs = samples({ exponential: { mean: 1000 } }, 'exp');
  near(mean(xs), 1000, 0.03, 'exponential mean');
  near(q(xs, 0.5), 1000 * Math.LN2, 0.04, 'exponential median');
  near(createDistribution({ exponential: { mean: 1000 } }).quantile(0.5), 1000 * Math.LN2, 1e-12, 'quantile');
});

test('normal mean, spread and quantiles', () => {
  const xs = samples({ normal: { mean: 50, stddev: 10 } }, 'normal');
  near(mean(xs), 50, 0.01, 'normal mean');
  near(q(xs, 0.841344746), 60, 0.02, 'normal mean + 1 sd');
  near(q(xs, 0.99), 50 + 10 * Z99, 0.03, 'normal p99');
  near(createDistribution({ normal: { mean: 50, stddev: 10 } }).quantile(0.99), 50 + 10 * Z99, 1e-8, 'quantile');
});

test('lognormal hits the requested median and p99', () => {
  const spec = { lognormal: { median: 2000, p99: 20000 } };
  const xs = samples(spec, 'lognormal');
  near(q(xs, 0.5), 2000, 0.03, 'lognormal median');
  near(q(xs, 0.99), 20000, 0.08, 'lognormal p99');
  const d = createDistribution(spec);
  near(d.quantile(0.5), 2000, 1e-9, 'quantile(0.5)');
  near(d.quantile(0.99), 20000, 1e-8, 'quantile(0.99)');
  const sigma = Math.log(10) / Z99;
  near(d.mean, 2000 * Math.exp((sigma * sigma) / 2), 1e-12, 'analytic mean');
  near(mean(xs), d.mean, 0.05, 'sample mean');
});

test('empirical table: interpolated quantiles and mean', () => {
  const spec: DistributionSpec = { empirical: [[0, 10], [0.5, 20], [0.9, 100], [1, 200]] };
  const d = createDistribution(spec);
  assert.equal(d.quantile(0), 10);
  assert.equal(d.quantile(0.25), 15);
  assert.equal(d.quantile(0.9), 100);
  near(d.quantile(0.95), 150, 1e-12, 'quantile(0.95)');
  assert.equal(d.quantile(1), 200);
  near(d.mean, 0.5 * 15 + 0.4 * 60 + 0.1 * 150, 1e-12, 'mean');
  const xs = samples(spec, 'empirical');
  near(q(xs, 0.5), 20, 0.03, 'sample median');
  near(q(xs, 0.95), 150, 0.04, 'sample p95');
  near(mean(xs), d.mean, 0.03, 'sample mean');
});

test('sampling is deterministic per stream', () => {
  const d = createDistribution({ lognormal: { median: 5, p99: 50 } });
  const a = new RandomStreams(9).stream('x');
  const b = new RandomStreams(9).stream('x');
  for (let i = 0; i < 100; i++) assert.equal(d.sample(a), d.sample(b));
});

test('invalid specs throw RangeError', () => {
  const bad: unknown[] = [
    { exponential: { mean: -1 } },
    { exponential: {} },
    { uniform: { min: 5, max: 1 } },
    { normal: { mean: 0, stddev: -1 } },
    { lognormal: { median: 100, p99: 50 } },
    { lognormal: { median: 0, p99: 50 } },
    { constant: NaN },
    { empirical: [[0, 1]] },
    { empirical: [[0, 1], [0.5, 2], [0.5, 3], [1, 4]] },
    { empirical: [[0.1, 1], [1, 2]] },
    { empirical: [[0, 1], [0.9, 2]] },
    { empirical: [[0, 5], [1, 2]] },
    { gamma: { shape: 2 } },
    { constant: 1, exponential: { mean: 1 } },
    {},
  ];
  for (const spec of bad) {
    assert.throws(() => createDistribution(spec as DistributionSpec), RangeError, JSON.stringify(spec));
  }
  assert.throws(() => createDistribution({ constant: 1 }).quantile(1.5), RangeError);
});
