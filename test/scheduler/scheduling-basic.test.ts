import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';
import { numFeasibleNodesToFind } from '../../src/scheduler/schedule-one.js';

const basic = fileURLToPath(new URL('../../../scenarios/scheduler/scheduling-basic.yaml', import.meta.url));

test('numFeasibleNodesToFind follows the adaptive formula (REFERENCE.md)', () => {
  assert.equal(numFeasibleNodesToFind(0, 50), 50);
  assert.equal(numFeasibleNodesToFind(0, 150), 100);
  assert.equal(numFeasibleNodesToFind(0, 500), 230);
  assert.equal(numFeasibleNodesToFind(0, 1000), 420);
  assert.equal(numFeasibleNodesToFind(0, 5000), 500);
  assert.equal(numFeasibleNodesToFind(0, 10000), 500);
  assert.equal(numFeasibleNodesToFind(0, 100000), 5000);
  assert.equal(numFeasibleNodesToFind(30, 1000), 300);
  assert.equal(numFeasibleNodesToFind(1, 1000), 100);
  assert.equal(numFeasibleNodesToFind(100, 5000), 5000);
});

test('on an empty cluster the scheduler evaluates exactly the adaptive number of nodes per pod', async () => {
  for (const [nodes, expected] of [[500, 230], [5000, 500]] as const) {
    const result = runScenario(await loadScenario(basic, { sets: [`nodes=${nodes}`, 'initPods=0', 'measurePods=20'] }));
    const evaluated = new Set(result.explanations.map((e) => e.evaluated));
    assert.deepEqual([...evaluated], [expected], `${nodes} nodes`);
    assert.ok(result.explanations.every((e) => e.feasible === expected));
  }
});

test('SchedulingBasic 5,000 nodes / 10,000 pods runs at 680–1,100 pods/s of virtual time (REFERENCE.md)', async () => {
  const result = runScenario(await loadScenario(basic, { sets: ['nodes=5000', 'initPods=1000', 'measurePods=10000'] }));
  assert.equal(result.completed, true);
  assert.deepEqual(result.warnings, []);
  const throughput = result.metrics['scheduler_throughput_pods_per_second'] as number;
  assert.ok(throughput >= 680 && throughput <= 1100, `throughput ${throughput} pods/s`);
  const attempts = result.metrics['scheduler_scheduling_attempt_duration_seconds{profile="default-scheduler",result="scheduled"}'] as Summary;
  assert.equal(attempts.count, 10_000);
  assert.equal(result.pods.filter((p) => p.scheduled !== undefined).length, 11_000);
});
