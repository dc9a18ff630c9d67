import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../scenarios/etcd-disks.yaml', import.meta.url));

/**
 * 6 virtual hours (~2.5 s here) instead of the default 4 h: at SATA's ~5.25 changes an hour that
 * is ~31 leader changes, enough for the observed rate to sit within ±1 per hour (one Poisson
 * standard deviation, √31.5 / 6 ≈ 0.94) of the model's rate.
 */
const hours = 6;
const result = runScenario(await loadScenario(file, { sets: [`hours=${hours}`] }));
const m = result.metrics;

const writes = (cluster: string): Summary => {
  const s = m[`etcd_request_duration_seconds{cluster="${cluster}",operation="update",type="puts"}`] as Summary | undefined;
  assert.ok(s !== undefined, `no write latency for cluster ${cluster}`);
  return s;
};
const gauge = (name: string): number => {
  const v = m[name];
  assert.equal(typeof v, 'number', `${name} missing from the summary`);
  return v as number;
};

test('etcd-disks: both clusters took the whole write load', () => {
  assert.equal(result.completed, true);
  // 20 puts/s (the `writes` default) for 6 h on each cluster.
  for (const cluster of ['sata', 'nvme']) assert.ok(writes(cluster).count >= 0.999 * 20 * 3600 * hours, `${cluster} writes ${writes(cluster).count}`);
  // Only SATA may lose writes (those caught in an election past etcd's 7 s request timeout); NVMe never.
  for (const w of result.warnings) assert.doesNotMatch(w, /workload\[2\]/, 'a put to the nvme cluster failed');
});

test('etcd-disks, SATA SSD with heartbeat 100 ms / election 1000 ms: write p99 > 500 ms', () => {
  // REFERENCE.md users' scenarios: "write p99 > 500 ms". Measured 0.669 s (0.649–0.677 over seeds 1–20).
  const p99 = writes('sata').p99;
  assert.ok(p99 > 0.5, `sata write p99 ${p99} s`);
});

test('etcd-disks, SATA SSD: ~5 leader changes per hour', () => {
  // REFERENCE.md users' scenarios: "~5 leader changes per hour".
  // The model's closed-form rate (5.25/h) is held to 4–6.5: "~5" read as 5 ± 1 with room for calibration.
  const expected = gauge('kubesim_etcd_expected_leader_changes_per_hour{cluster="sata"}');
  assert.ok(expected >= 4 && expected <= 6.5, `expected rate ${expected}/h`);
  // The rate seen in the run is a Poisson count over `hours`: at 5.25/h × 6 h = 31.5 changes
  // (σ ≈ 5.6, i.e. 0.94/h), 2.5–8.5 per hour is about ±3σ around 5.25, so it holds for any seed
  // yet fails for a model off by a factor of two. Measured 5.5 (2.67–7.67 over seeds 1–20).
  const observed = gauge('kubesim_etcd_leader_changes_per_hour{cluster="sata"}');
  assert.ok(observed >= 2.5 && observed <= 8.5, `observed ${observed} leader changes per hour`);
  // The simulated elections agree with the closed form: counts within 3 Poisson σ.
  const n = observed * hours;
  const mean = expected * hours;
  assert.ok(Math.abs(n - mean) <= 3 * Math.sqrt(mean), `${n} changes in ${hours} h vs ${mean} expected`);
});

test('etcd-disks, NVMe with heartbeat 500 ms / election 5000 ms: write p99 < 50 ms', () => {
  // REFERENCE.md users' scenarios: "write p99 < 50 ms". Measured 1.9 ms.
  const p99 = writes('nvme').p99;
  assert.ok(p99 < 0.05, `nvme write p99 ${p99} s`);
});

test('etcd-disks, NVMe: ~1 leader change per week', () => {
  // REFERENCE.md users' scenarios: "~1 leader change per week"; too rare to observe in 6 h, so
  // the model's closed-form rate is held to 0.5–2 per week (a factor of two either way).
  // Measured 0.00582/h × 168 h = 0.98 per week.
  const perWeek = gauge('kubesim_etcd_expected_leader_changes_per_hour{cluster="nvme"}') * 168;
  assert.ok(perWeek >= 0.5 && perWeek <= 2, `nvme ${perWeek} leader changes per week`);
  // At ~0.006/h, 6 h should show none, at most one (P(≥ 2) ≈ 0.06 %). Measured 0.
  const observed = gauge('kubesim_etcd_leader_changes_per_hour{cluster="nvme"}') * hours;
  assert.ok(observed <= 1, `nvme ${observed} leader changes in ${hours} h`);
});
