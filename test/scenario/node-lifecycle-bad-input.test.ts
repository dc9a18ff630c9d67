/** Bad node-failure input: a zone, pool or node no declared pool has, a fraction outside 0–1, and controller flags; file, line and field path, exit status 2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatPath, type InputProblem } from '../../src/scenario/input-error.js';
import { loadProblems, writeScenario } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A valid scenario; line 11 holds the failNodes op's selection, line 7 the controller section. */
function scenario(selection: string, controller = '{}'): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: node-bad }
cluster:
  nodePools:
    - { name: w, count: 4, zones: [a, b], capacity: { cpu: "4", memory: 8Gi, pods: 110 } }
  nodeLifecycleController: ${controller}
workload:
  - opcode: sleep
    duration: 1s
  - { opcode: failNodes, ${selection} }
`;
}

function problemsOf(text: string): Promise<readonly InputProblem[]> {
  return loadProblems(writeScenario(text));
}

async function only(text: string): Promise<InputProblem> {
  const problems = await problemsOf(text);
  assert.equal(problems.length, 1, problems.map((p) => `${p.line} ${formatPath(p.path)}: ${p.message}`).join('\n'));
  return problems[0] as InputProblem;
}

test('failNodes: a valid zone, pool, node and fraction compile', async () => {
  assert.deepEqual(await problemsOf(scenario('zone: a, pool: w, fraction: 0.5')), []);
  assert.deepEqual(await problemsOf(scenario('node: w-3')), []);
  assert.deepEqual(await problemsOf(scenario('fraction: "25%"')), []);
});

test('failNodes: a zone no pool has is reported at its field', async () => {
  const p = await only(scenario('zone: z'));
  assert.equal(formatPath(p.path), 'workload[1].zone');
  assert.equal(p.line, 11);
  assert.match(p.message, /no node pool has nodes in zone "z" \(zones: a, b;/);
});

test('failNodes: a pool that does not exist is reported at its field', async () => {
  const p = await only(scenario('pool: gpu'));
  assert.equal(formatPath(p.path), 'workload[1].pool');
  assert.match(p.message, /no node pool named "gpu" in cluster\.nodePools \(declared: w\)/);
});

test('failNodes: a node name of no declared pool is reported', async () => {
  const p = await only(scenario('node: gpu-0'));
  assert.equal(formatPath(p.path), 'workload[1].node');
});

test('failNodes: a fraction outside 0–1 is reported', async () => {
  const p = await only(scenario('fraction: 1.5'));
  assert.equal(formatPath(p.path), 'workload[1].fraction');
  assert.match(p.message, /must be between 0 and 1/);
  assert.equal(formatPath((await only(scenario('fraction: -0.1'))).path), 'workload[1].fraction');
});

test('nodeLifecycleController: an unhealthy zone threshold above 1 and a negative rate are reported', async () => {
  const problems = await problemsOf(scenario('zone: a', '{ unhealthyZoneThreshold: 2, nodeEvictionRate: -1 }'));
  assert.deepEqual(problems.map((p) => formatPath(p.path)).sort(), ['cluster.nodeLifecycleController.nodeEvictionRate', 'cluster.nodeLifecycleController.unhealthyZoneThreshold']);
  assert.ok(problems.every((p) => p.line === 7));
});

test('bad node-failure input exits with status 2 and prints file:line: path: message', () => {
  const file = writeScenario(scenario('zone: z'));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /scenario\.yaml:11:\d+: workload\[1\]\.zone: no node pool has nodes in zone "z"/);
});
