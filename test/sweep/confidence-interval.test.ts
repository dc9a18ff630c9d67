import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { meanWithInterval } from '../../src/metrics/confidence-interval.js';
import { probeVerdict } from '../../src/plan/probe-verdict.js';
import { sweepRuns, type SweepLayout } from '../../src/sweep/load-sweep.js';
import { sweepMetricColumns, type SweepRow } from '../../src/sweep/sweep-row.js';
import { renderSweepTables } from '../../src/sweep/sweep-tables.js';
import { makeVariant } from '../../src/sweep/variant.js';

// Hand computations (Student's t, two-sided 95 %: t(0.975, n-1) · s / sqrt(n)):
//   [1, 2, 3, 4]:   mean 2.5, s = sqrt(5/3) = 1.2909944, t(3) = 3.182 → 3.182 · 1.2909944 / 2 = 2.0539721
//   [10, 12]:       mean 11,  s = sqrt(2) = 1.4142136,   t(1) = 12.706 → 12.706 · 1.4142136 / 1.4142136 = 12.706
//   [0.8, 0.9, 1.0]: mean 0.9, s = 0.1, t(2) = 4.303 → 4.303 · 0.1 / sqrt(3) = 0.2484339
//   [5]:            mean 5, no interval (0)
const near = (a: number, b: number, eps = 1e-6): void => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('mean and 95 % CI half-width against hand-computed values', () => {
  const a = meanWithInterval([1, 2, 3, 4]);
  near(a.mean, 2.5);
  near(a.halfWidth, 2.0539721);
  const b = meanWithInterval([10, 12]);
  near(b.mean, 11);
  near(b.halfWidth, 12.706);
  const c = meanWithInterval([0.8, 0.9, 1.0]);
  near(c.mean, 0.9);
  near(c.halfWidth, 0.2484339);
  assert.deepEqual(meanWithInterval([5]), { n: 1, mean: 5, halfWidth: 0 });
});

function row(mutating: number, extra: Partial<Record<(typeof sweepMetricColumns)[number], number>> = {}): SweepRow {
  const metrics = Object.fromEntries(sweepMetricColumns.map((c) => [c, 0])) as Record<(typeof sweepMetricColumns)[number], number>;
  Object.assign(metrics, { completed: 1, ...extra });
  return { metrics, slos: { mutating_api_call_latency_p99_seconds: mutating }, slosPassed: { mutating_api_call_latency_p99_seconds: mutating <= 1 } };
}

test('variants.csv holds per variant the mean and CI of each column, computed from the per-run rows of sweep.csv', () => {
  const variants = [makeVariant([{ key: 'replicas', value: 1 }]), makeVariant([{ key: 'replicas', value: 3 }])];
  const layout: SweepLayout = {
    name: 'fixed', identity: 'x', axes: [{ key: 'replicas', values: [1, 3] }], variants, seeds: [1, 2, 3, 4],
    runs: sweepRuns(variants, [1, 2, 3, 4]), sloNames: ['mutating_api_call_latency_p99_seconds', 'pod_startup_latency_p99_seconds'],
  };
  const rows = [row(1, { api_429: 10 }), row(2, { api_429: 12 }), row(3, { api_429: 10 }), row(4, { api_429: 12 }), row(0.8), row(0.9), row(1.0), row(0.9)];
  const tables = renderSweepTables(layout, rows);
  const runs = parse(tables['sweep.csv'], { columns: true }) as Record<string, string>[];
  assert.equal(runs.length, 8);
  assert.deepEqual(runs.map((r) => [r['run'], r['variant'], r['seed'], r['replicas']]).slice(3, 5), [['3', 'replicas=1', '4', '1'], ['4', 'replicas=3', '1', '3']]);
  assert.equal(runs[4]?.['pod_startup_latency_p99_seconds'], '', 'an SLO without observations is an empty cell');
  const v = parse(tables['variants.csv'], { columns: true }) as Record<string, string>[];
  assert.deepEqual(v.map((x) => [x['variant'], x['replicas'], x['runs']]), [['replicas=1', '1', '4'], ['replicas=3', '3', '4']]);
  near(Number(v[0]?.['mutating_api_call_latency_p99_seconds']), 2.5);
  near(Number(v[0]?.['mutating_api_call_latency_p99_seconds_ci95']), 2.05, 0.005); // 3 significant digits
  near(Number(v[0]?.['api_429']), 11);
  // [10, 12, 10, 12]: s = sqrt(4/3) = 1.1547005, 3.182 · 1.1547005 / 2 = 1.8371286
  near(Number(v[0]?.['api_429_ci95']), 1.84, 0.005);
  // [0.8, 0.9, 1.0, 0.9]: mean 0.9, s = sqrt(0.02/3) = 0.0816497, 3.182 · 0.0816497 / 2 = 0.1299046
  near(Number(v[1]?.['mutating_api_call_latency_p99_seconds']), 0.9);
  near(Number(v[1]?.['mutating_api_call_latency_p99_seconds_ci95']), 0.13, 0.0005);
  assert.equal(v[1]?.['pod_startup_latency_p99_seconds'], '');
});

test("a probe holds when the CI's upper end is within the objective, not just the mean", () => {
  const bounds = [{ name: 'mutating_api_call_latency_p99_seconds', objective: 1, bound: 'max' as const }];
  // mean 0.9 + 0.2484339 = 1.148 > 1: every run passes, but the interval does not
  const wide = probeVerdict([row(0.8), row(0.9), row(1.0)], bounds);
  assert.equal(wide.holds, false);
  near(wide.slos[0]?.halfWidth ?? 0, 0.2484339);
  // mean 0.9 + 4.303 · 0.01 / sqrt(3) = 0.9248 <= 1
  assert.equal(probeVerdict([row(0.89), row(0.9), row(0.91)], bounds).holds, true);
  // one replication: the value itself
  assert.equal(probeVerdict([row(0.99)], bounds).holds, true);
  // a run that did not complete fails the probe
  assert.equal(probeVerdict([row(0.5), row(0.5, { completed: 0 })], bounds).holds, false);
});
