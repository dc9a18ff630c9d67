import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rolloutRow } from '../../src/cli/rollout-columns.js';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';

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

test('statefulset-mysql: OrderedReady creates one pod after another, Parallel at once; a partition canary rolls in two measured steps', async () => {
  const sweep = await loadSweep(`${dir}statefulset-mysql.yaml`);
  assert.deepEqual(sweep.variants.map((v) => v.id), ['variant=ordered-ready', 'variant=parallel', 'variant=partition-canary', 'variant=parallel-max-unavailable-2']);
  const rows = new Map<string, ReturnType<typeof rolloutRow>[]>();
  for (const v of sweep.variants) {
    for (const seed of [1, 2]) {
      const r = runScenario(await loadScenario(`${dir}statefulset-mysql.yaml`, { sets: v.sets, seed }));
      assert.deepEqual(r.warnings, [], `${v.id} seed ${seed}`);
      rows.set(v.id, [...(rows.get(v.id) ?? []), rolloutRow(r)]);
    }
  }
  const ordered = rows.get('variant=ordered-ready') ?? [];
  const parallel = rows.get('variant=parallel') ?? [];
  const canary = rows.get('variant=partition-canary') ?? [];
  ordered.forEach((o, i) => {
    const p = parallel[i];
    assert.ok(p !== undefined);
    // Each pod is ready 20–40 s after it starts (+ the 5 s probe period): three in a row against the slowest of three.
    assert.ok(o.workload_ready_s > 65 && o.workload_ready_s < 140, `OrderedReady took ${o.workload_ready_s} s`);
    assert.ok(p.workload_ready_s > 20 && p.workload_ready_s < 50, `Parallel took ${p.workload_ready_s} s`);
    assert.ok(o.workload_ready_s > 2 * p.workload_ready_s);
    // Updates go one pod at a time under both policies.
    for (const row of [o, p]) {
      assert.equal(row.rollouts_complete, 1);
      assert.equal(row.rollout_min_ready_pods, 2);
      assert.equal(row.rollout_max_pods, 3);
    }
  });
  for (const c of canary) {
    assert.equal(c.rollouts_complete, 2, 'the canary step, then the rest after the partition is lowered');
    assert.equal(c.rollout_min_ready_pods, 2);
  }
  // maxUnavailable 2 with Parallel: two pods replaced together, so the update is shorter and one pod serves.
  (rows.get('variant=parallel-max-unavailable-2') ?? []).forEach((m, i) => {
    assert.equal(m.rollout_min_ready_pods, 1);
    assert.ok(m.rollout_s < 0.8 * (parallel[i]?.rollout_s ?? 0), `${m.rollout_s} s against ${parallel[i]?.rollout_s} s one at a time`);
  });
});
