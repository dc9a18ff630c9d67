import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const daemonSetRollout = fileURLToPath(new URL('../../../scenarios/daemonset-rollout.yaml', import.meta.url));
const hpaLoadStep = fileURLToPath(new URL('../../../scenarios/hpa-load-step.yaml', import.meta.url));
const strategy = 'workload[0].objects[0].spec.updateStrategy.rollingUpdate';

test('daemonset-rollout, maxUnavailable 10 %: 200 agents replaced 20 nodes at a time, the 8 other nodes untouched', async () => {
  const r = runScenario(await loadScenario(daemonSetRollout, { sets: [`${strategy}.maxUnavailable=10%`] }));
  assert.equal(r.completed, true);
  assert.deepEqual(r.warnings, []);
  const m = r.metrics;
  assert.equal(m['kubesim_daemonset_rollouts_total{result="complete"}'], 1);
  assert.equal(m['kubesim_daemonset_rollout_max_unavailable'], 20, '10 % of 200 nodes');
  assert.equal(m['kubesim_daemonset_rollout_max_pods'], 200);
  // 10 rounds, each a 5 s shutdown, a ~2 s start, readiness at the 5 s probe after 3 s, and 10 s minReadySeconds: about 22 s a round.
  const duration = (m['kubesim_daemonset_rollout_duration_seconds'] as Summary).max;
  assert.ok(duration >= 180 && duration <= 300, `rollout ${duration} s`);
  const nodes = new Set(r.pods.map((p) => p.node));
  assert.ok(!nodes.has('') && [...nodes].every((n) => n.startsWith('worker-')), 'no agent on the control-plane or gpu nodes');
  assert.equal(r.pods.length, 400, '200 agents and their 200 replacements');
});

test('daemonset-rollout, maxSurge 1: no node is ever without an available agent, and one node at a time takes over an hour', async () => {
  const r = runScenario(await loadScenario(daemonSetRollout, { sets: [`${strategy}.maxUnavailable=0`, `${strategy}.maxSurge=1`] }));
  assert.equal(r.completed, true);
  assert.deepEqual(r.warnings, []);
  const m = r.metrics;
  assert.equal(m['kubesim_daemonset_rollout_max_unavailable'], 0);
  assert.equal(m['kubesim_daemonset_rollout_max_pods'], 201);
  const duration = (m['kubesim_daemonset_rollout_duration_seconds'] as Summary).max;
  assert.ok(duration >= 200 * 14 && duration <= 200 * 22, `rollout ${duration} s`);
});

test('hpa-load-step: 2 → 6 → 12 → 17 replicas within a minute of the step up; scale-down only after the 300 s window', async () => {
  const r = runScenario(await loadScenario(hpaLoadStep));
  assert.equal(r.completed, true);
  assert.deepEqual(r.warnings, []);
  const m = r.metrics;
  // Step 2 (0.4 cores on 2 pods of 500m: 42 % with their own 20m) stays inside the tolerance: no rescale.
  assert.equal(m['kubesim_load_step_first_rescale_seconds{step="2"}'], undefined);
  // Step 4 (4 cores): (4000 + 20 n) / (500 n) ≤ 55 % needs n ≥ 16; the policies allow +4 or +100 % per sync.
  const upFirst = m['kubesim_load_step_first_rescale_seconds{step="4"}'] as number;
  const upLast = m['kubesim_load_step_last_rescale_seconds{step="4"}'] as number;
  assert.ok(upFirst > 0 && upFirst <= 30, `first scale up after ${upFirst} s (a sync and a metrics scrape at most)`);
  assert.ok(upLast >= 45 && upLast <= 90, `scaled up for ${upLast} s (3 rescales, 15 s apart at least)`);
  const peak = m['kubesim_load_step_replicas{step="4"}'] as number;
  assert.ok(peak >= 16 && peak <= 18, `peak ${peak} replicas`);
  assert.equal(m['kubesim_hpa_rescales_total{direction="up",hpa="default/web"}'], 3);
  // Step 6 (1 core): needs 5 replicas; the window holds the high recommendations for 300 s.
  const downFirst = m['kubesim_load_step_first_rescale_seconds{step="6"}'] as number;
  assert.ok(downFirst >= 285 && downFirst <= 330, `first scale down after ${downFirst} s`);
  assert.equal(m['kubesim_load_step_replicas{step="6"}'], 5);
  assert.equal(m['kubesim_hpa_desired_replicas{hpa="default/web"}'], 5);
});
