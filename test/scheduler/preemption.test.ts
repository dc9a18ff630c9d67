import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const scenario = fileURLToPath(new URL('../../../scenarios/scheduler/preemption-basic.yaml', import.meta.url));

test('PreemptionBasic: each high-priority pod preempts exactly three low-priority pods once, and keeps the room it freed', async () => {
  const result = runScenario(await loadScenario(scenario, { sets: ['nodes=100', 'initPods=400', 'measurePods=100'] }));
  assert.equal(result.completed, true);
  assert.equal(result.metrics['scheduler_preemption_attempts_total'], 100);
  const victims = result.metrics['scheduler_preemption_victims'] as Summary;
  assert.equal(victims.count, 100);
  assert.equal(victims.mean, 3);
  const high = result.pods.filter((p) => p.name.startsWith('high-priority'));
  assert.equal(high.filter((p) => p.scheduled !== undefined).length, 100);
  assert.equal(new Set(high.map((p) => p.node)).size, 100, 'one high-priority pod per node');
  const notFound = Object.entries(result.metrics).filter(([k]) => k.startsWith('apiserver_request_total') && k.includes('verb="DELETE"') && k.includes('code="404"'));
  assert.deepEqual(notFound, [], 'no victim is deleted twice');
});
