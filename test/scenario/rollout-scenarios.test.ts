import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rolloutRow } from '../../src/cli/rollout-columns.js';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';

const dir = fileURLToPath(new URL('../../../scenarios/rollouts/', import.meta.url));

test("the users' 4-replica rollout: at most 5 pods, at least 3 ready, complete in seconds", async () => {
  for (const seed of [1, 2, 3]) {
    const r = runScenario(await loadScenario(`${dir}rollout-4-replicas.yaml`, { seed }));
    const row = rolloutRow(r);
    assert.equal(row.rollouts_complete, 1);
    assert.equal(row.rollouts_failed, 0);
    assert.equal(row.rollout_max_pods, 5, 'replicas + maxSurge (25 % of 4 rounded up)');
    assert.equal(row.rollout_min_ready_pods, 3, 'replicas − maxUnavailable (25 % of 4 rounded down)');
    assert.ok(row.rollout_s > 1 && row.rollout_s < 10, `rollout took ${row.rollout_s} s`);
  }
});

test('Recreate never needs a fifth pod but serves nothing for a while', async () => {
  const r = runScenario(await loadScenario(`${dir}rollout-4-replicas-recreate.yaml`));
  const row = rolloutRow(r);
  assert.equal(row.rollouts_complete, 1);
  assert.equal(row.rollout_max_pods, 4);
  assert.equal(row.rollout_min_ready_pods, 0);
  assert.ok(row.rollout_below_desired_s > 0.5);
});

test('a rollout run is byte-identical for the same seed', async () => {
  const spec = await loadScenario(`${dir}rollout-4-replicas.yaml`);
  const a = runScenario(spec);
  const b = runScenario(spec);
  assert.equal(JSON.stringify(a.metrics), JSON.stringify(b.metrics));
  assert.equal(JSON.stringify(a.pods), JSON.stringify(b.pods));
  assert.equal(a.events, b.events);
});
