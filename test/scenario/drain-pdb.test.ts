import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { drainRow } from '../../src/cli/drain-columns.js';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario, type RunResult } from '../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../scenarios/drain-pdb.yaml', import.meta.url));

async function run(seed: number, concurrency: number): Promise<RunResult> {
  return runScenario(await loadScenario(file, { seed, sets: [`workload[4].concurrency=${concurrency}`] }));
}

test('drain-pdb: 5 of 50 nodes drained through three budgets, none ever below its desiredHealthy', async () => {
  let refused1 = 0;
  let refused5 = 0;
  for (const seed of [1, 2]) {
    for (const concurrency of [1, 5]) {
      const r = await run(seed, concurrency);
      assert.deepEqual(r.warnings, []);
      const m = r.metrics;
      assert.equal(m['kubesim_drain_nodes_total{result="drained"}'], 5, '10 % of 50 nodes');
      const row = drainRow(r);
      assert.ok(row.pdb_min_healthy_margin >= 0, `a budget was breached by ${-row.pdb_min_healthy_margin} pods`);
      // minAvailable 80 % of 150 web pods: desiredHealthy 120; maxUnavailable 1 of 30 api pods: 29; of 10 db pods: 9.
      assert.deepEqual(['web', 'api', 'db'].map((n) => m[`kubesim_pdb_desired_healthy_pods{poddisruptionbudget="default/${n}"}`]), [120, 29, 9]);
      assert.ok(row.evictions_granted >= 10 && row.evictions_granted <= 30, `${row.evictions_granted} evictions granted (about 4 pods per node)`);
      assert.ok(row.drain_s > 3 && row.drain_s < 300, `drained in ${row.drain_s} s`);
      if (concurrency === 1) refused1 += row.evictions_refused;
      else refused5 += row.evictions_refused;
    }
  }
  // Draining 5 nodes at once puts more pods of the maxUnavailable-1 budgets up for eviction at the same time.
  assert.ok(refused5 > refused1, `429s: ${refused5} at concurrency 5, ${refused1} at 1`);
  assert.ok(refused1 > 0, 'the api budget refuses some evictions even one node at a time');
});
