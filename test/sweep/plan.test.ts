import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { planCommand } from '../../src/cli/plan-command.js';
import { writeScenario } from '../scenario/fixtures.js';
import { kubesim } from './fixtures.js';

/** Pod startup grows with `delay` (the kubelet's start latency, ms); the scenario restates the startup SLO as 0.5 s. */
const delayScenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: tiny }
params: { nodes: 3, delay: 100 }
replications: 2
slos:
  - { name: pod_startup_latency_p99_seconds, max: 0.5 }
cluster:
  kubelet:
    startLatency: { uniform: { min: "delay * 0.8 ms", max: "delay * 1 ms" } }
  nodePools:
    - { name: w, count: nodes, capacity: { cpu: "4", memory: 8Gi, pods: 110 } }
workload:
  - opcode: createPods
    count: 5
    podTemplate: { spec: { containers: [{ name: c, image: pause, resources: { requests: { cpu: 100m } } }] } }
  - opcode: barrier
    for: Running
`;

test('plan --maximize gallops then bisects to the largest value whose SLO CI holds, writes the frontier, and reuses probes on a rerun', async () => {
  const file = writeScenario(delayScenario);
  const out = join(dirname(file), 'plan');
  const options = { param: 'delay', direction: 'maximize' as const, from: 0, to: 1000, step: 50, out, workers: 2, quiet: true };
  const r = await planCommand(file, options);
  // galloping: grid indices 0, 1, 3, 7 (0, 50, 150, 350 ms); 350 fails; bisection: 250, 300
  assert.deepEqual(r.probes.map((p) => [p.value, p.holds]), [[0, true], [50, true], [150, true], [350, false], [250, true], [300, true]]);
  assert.equal(r.answer, 300);
  // 300 holds on the CI's upper end (mean + half-width over 2 seeds), not just on the mean
  const at300 = r.probes.find((p) => p.value === 300)?.detail.slos.find((s) => s.name === 'pod_startup_latency_p99_seconds');
  assert.ok(at300 !== undefined && at300.mean + at300.halfWidth <= 0.5 && at300.objective === 0.5);
  const at350 = r.probes.find((p) => p.value === 350)?.detail.slos.find((s) => s.name === 'pod_startup_latency_p99_seconds');
  assert.ok(at350 !== undefined && at350.mean < 0.5 && at350.mean + at350.halfWidth > 0.5, 'the mean alone would pass at 350');
  const frontier = parse(readFileSync(join(out, 'frontier.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(frontier.map((f) => [f['probe'], f['value'], f['holds'], f['runs']]), [['1', '0', '1', '2'], ['2', '50', '1', '2'], ['3', '150', '1', '2'], ['4', '350', '0', '2'], ['5', '250', '1', '2'], ['6', '300', '1', '2']]);
  assert.equal(frontier[5]?.['pod_startup_latency_p99_seconds_objective'], '0.5');

  const row = join(out, 'runs', 'delay=300', 'seed-2', 'sweep-row.json');
  const before = statSync(row).ino;
  const again = await planCommand(file, options);
  assert.equal(again.answer, 300);
  assert.equal(statSync(row).ino, before, 'the rerun reused the stored probe');
});

test('plan exits 1 when no value in the range meets the SLOs', () => {
  const file = writeScenario(delayScenario);
  const r = kubesim(['plan', file, '--param', 'delay', '--maximize', '--from', '600', '--to', '1000', '--step', '200', '--out', join(dirname(file), 'p'), '--workers', '1']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /no delay in \[600, 1000\] meets the SLOs\n  frontier \(1 probe\):\n    delay=600  fails/);
});
