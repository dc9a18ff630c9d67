import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { renderTerminalTable } from '../../src/metrics/reporters/terminal-table.js';
import { renderResultFiles, runReport } from '../../src/cli/run-command.js';
import { parseRunData } from '../../src/report/run-data.js';
import { draGpuSharing } from '../../src/report/sections/dra-gpu-sharing.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../scenarios/dra-gpu-sharing.yaml', import.meta.url));
const result = runScenario(await loadScenario(file));

/** Within ±10 % of the users' figure (REFERENCE.md, DRA GPU sharing). */
function within10(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 0.1 * expected, `${what}: ${actual} not within 10 % of ${expected}`);
}

test('dra-gpu-sharing: every pod gets its claim allocated, reserved and prepared, and runs', () => {
  assert.equal(result.completed, true);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.pods.length, 32);
  assert.ok(result.pods.every((p) => p.observedRunning !== undefined));
  assert.ok(result.pods.filter((p) => p.name.startsWith('infer-whole-')).every((p) => p.node.startsWith('whole-')));
  assert.ok(result.pods.filter((p) => p.name.startsWith('infer-share-')).every((p) => p.node.startsWith('shared-')));
  const prepare = result.metrics['dra_operations_duration_seconds{is_error="false",operation_name="PrepareResources"}'] as Summary;
  assert.equal(prepare.count, 32);
  const allocation = result.metrics['dra_resource_claim_allocation_duration_seconds'] as Summary;
  assert.equal(allocation.count, 32);
});

test('dra-gpu-sharing: the users\' table within ±10 % — utilisation 63 → 89 %, 1 → 4 pods per GPU, cold start 12 → 6 s', () => {
  within10(result.metrics['dra_gpu_utilization{sharing="Exclusive"}'] as number, 0.63, 'whole-GPU utilisation');
  within10(result.metrics['dra_gpu_utilization{sharing="Shares"}'] as number, 0.89, 'shared utilisation');
  within10(result.metrics['dra_pods_per_gpu{sharing="Exclusive"}'] as number, 1, 'whole-GPU pods per GPU');
  within10(result.metrics['dra_pods_per_gpu{sharing="Shares"}'] as number, 4, 'shared pods per GPU');
  within10((result.metrics['dra_pod_cold_start_seconds{sharing="Exclusive"}'] as Summary).mean, 12, 'whole-GPU cold start');
  within10((result.metrics['dra_pod_cold_start_seconds{sharing="Shares"}'] as Summary).mean, 6, 'shared cold start');
});

test('dra-gpu-sharing: the terminal summary shows the before/after rows', () => {
  const table = renderTerminalTable(runReport(result, 0));
  assert.match(table, /GPU util \/ pods per GPU \/ cold start \(Exclusive\)\s+63\.0 % \/ 1\.00 \/ 1\d\.\d\d s/);
  assert.match(table, /GPU util \/ pods per GPU \/ cold start \(Shares\)\s+89\.0 % \/ 4\.00 \/ [56]\.\d\d s/);
});

test('dra-gpu-sharing: the report has a DRA section with utilisation per strategy over time and the cold starts', () => {
  const files = renderResultFiles(runReport(result, 0), result.explanations);
  const run = parseRunData('r', { 'summary.json': files['summary.json'] as string, 'timeseries.csv': files['timeseries.csv'] as string, 'pods.csv': files['pods.csv'] as string });
  const section = draGpuSharing.render(run);
  assert.ok(section !== undefined);
  assert.deepEqual(section.charts[0]?.datasets.map((d) => d.label).sort(), ['Exclusive', 'Shares']);
  const shares = section.charts[0]?.datasets.find((d) => d.label === 'Shares');
  assert.equal(shares?.data[shares.data.length - 1]?.y, 0.89);
  assert.match(section.html ?? '', /<td>Shares<\/td><td>16<\/td>/);
});
