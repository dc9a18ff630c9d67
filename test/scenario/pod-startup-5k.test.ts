import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runReport } from '../../src/cli/run-command.js';
import { renderTerminalTable } from '../../src/metrics/reporters/terminal-table.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../scenarios/pod-startup-5k.yaml', import.meta.url));

test('pod-startup-5k: in a quiet 5,000-node cluster the startup SLI (pulls left out) is well under 5 s, and the summary says so', async () => {
  const result = runScenario(await loadScenario(file, { sets: ['pods=400'] }));
  assert.equal(result.completed, true);
  assert.equal(result.pods.filter((p) => p.observedRunning !== undefined).length, 400);
  const slo = runReport(result, 0).slos.find((s) => s.name === 'pod_startup_latency_p99_seconds');
  assert.ok(slo !== undefined && slo.pass, 'the pod startup SLO is checked and met');
  // Lease renewals of 5,000 kubelets keep the API busy but not slow: half the objective is the band.
  assert.ok(slo.value < 2.5, `pod startup SLI p99 ${slo.value}`);
  // The SLI excludes the pull: pod startup with the pull takes longer than the SLI.
  const withPull = result.metrics['pod_startup_latency_seconds'] as Summary;
  assert.ok(withPull.p99 > slo.value, `startup with pull ${withPull.p99} vs SLI ${slo.value}`);
  assert.match(renderTerminalTable(runReport(result, 0)), /pod startup excl\. image pulls p50 \/ p99 \(s\) +[0-9.]+ \/ [0-9.]+ \(under the 5 s SLO\)/);
});
