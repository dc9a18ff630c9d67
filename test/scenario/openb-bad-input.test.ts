import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadProblems } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const goodNodes = 'sn,cpu_milli,memory_mib,gpu,model\nn0,32000,65536,2,T4\nn1,32000,65536,0,\n';
const goodPods = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli\np0,1000,1024,1,500\np1,2000,2048,0,0\n';

/** A directory with a scenario replaying `nodes` and `pods` (CSV texts); returns the scenario's path. */
function traceScenario(nodes: string, pods: string, mode = 'placement'): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-openb-'));
  writeFileSync(join(dir, 'nodes.csv'), nodes);
  writeFileSync(join(dir, 'pods.csv'), pods);
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: openb-bad }
cluster:
  nodePools: []
workload:
  - opcode: replayTrace
    mode: ${mode}
    nodes: nodes.csv
    pods: pods.csv
`);
  return { file, dir };
}

const problemsOf = loadProblems;

const cases: { name: string; nodes?: string; pods?: string; mode?: string; count?: number; file: 'nodes.csv' | 'pods.csv'; line: number; column: number; message: RegExp }[] = [
  { name: 'a missing column', pods: 'name,cpu_milli,memory_mib,num_gpu\np0,1000,1024,1\n', file: 'pods.csv', line: 1, column: 1, message: /missing column "gpu_milli"/ },
  { name: 'gpu_milli above 1000', pods: `${goodPods}p2,1000,1024,1,1200\n`, file: 'pods.csv', line: 4, column: 5, message: /must be <= 1000, got 1200/ },
  { name: 'a negative GPU count', nodes: `${goodNodes}n2,32000,65536,-1,T4\n`, file: 'nodes.csv', line: 4, column: 4, message: /must be >= 0, got -1/ },
  { name: 'a non-numeric value', pods: `${goodPods}p2,lots,1024,0,0\n`, file: 'pods.csv', line: 4, column: 2, message: /not a number: "lots"/ },
  { name: 'no creation times in a timed replay', mode: 'timed', count: 2, file: 'pods.csv', line: 1, column: 1, message: /missing column "creation_time"/ },
];

for (const c of cases) {
  test(`replayTrace bad input: ${c.name} is reported with file, line and column, exit status 2`, async () => {
    const { file, dir } = traceScenario(c.nodes ?? goodNodes, c.pods ?? goodPods, c.mode);
    const problems = await problemsOf(file);
    assert.equal(problems.length, c.count ?? 1, JSON.stringify(problems));
    const p = problems[0]!;
    assert.equal(p.file, join(dir, c.file));
    assert.equal(p.line, c.line);
    assert.equal(p.column, c.column);
    assert.match(p.message, c.message);
    const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(`${join(dir, c.file)}:${c.line}:${c.column}:`), r.stderr);
  });
}

test('replayTrace: a trace file that does not exist is reported at the op field', async () => {
  const { file } = traceScenario(goodNodes, goodPods);
  writeFileSync(file, `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: openb-bad }
cluster:
  nodePools: []
workload:
  - opcode: replayTrace
    nodes: nodes.csv
    pods: missing.csv
`);
  const problems = await problemsOf(file);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 9);
  assert.match(problems[0]!.message, /cannot read trace file/);
});

test('a well-formed small trace validates and runs the placement protocol', async () => {
  const { file } = traceScenario(goodNodes, goodPods);
  assert.deepEqual(await problemsOf(file), []);
});
