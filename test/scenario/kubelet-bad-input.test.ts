import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadProblems } from './fixtures.js';
import { formatPath, type InputProblem } from '../../src/scenario/input-error.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubesim-kubelet-bad-'));

interface Parts {
  kubelet?: string;
  container?: string;
}

/** A valid scenario with one part replaced. Lines: 7 the first kubelet field, 18 the first extra container field. */
function scenario(p: Parts = {}): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: kubelet-bad }
duration: 1h
cluster:
  kubelet:
${p.kubelet ?? '    evictionHard: { memory.available: 500Mi }'}
  nodePools:
    - name: w
      count: 1
      capacity: { cpu: "4", memory: 8Gi, pods: 110 }
workload:
  - opcode: createPods
    count: 1
    podTemplate:
      spec:
        containers:
          - name: c
${p.container ?? '            readinessProbe: { periodSeconds: 5 }'}
            image: pause
`;
}

let written = 0;
function write(text: string): string {
  const file = join(dir, `case-${++written}.yaml`);
  writeFileSync(file, text);
  return file;
}

const problemsOf = loadProblems;

const containerPath = 'workload[0].podTemplate.spec.containers[0]';
const cases: ReadonlyArray<{ name: string; parts: Parts; line: number; path: string; message: RegExp }> = [
  {
    name: 'a probe with periodSeconds 0',
    parts: { container: '            readinessProbe: { periodSeconds: 0 }' },
    line: 19,
    path: `${containerPath}.readinessProbe.periodSeconds`,
    message: /must be greater than or equal to 1, got 0/,
  },
  {
    name: 'a liveness probe with successThreshold 2',
    parts: { container: '            livenessProbe: { successThreshold: 2 }' },
    line: 19,
    path: `${containerPath}.livenessProbe.successThreshold`,
    message: /must be 1 for a liveness probe/,
  },
  {
    name: 'a malformed eviction percentage',
    parts: { kubelet: '    evictionHard: { nodefs.available: "10%%" }' },
    line: 7,
    path: 'cluster.kubelet.evictionHard["nodefs.available"]',
    message: /invalid percentage "10%%"/,
  },
  {
    name: 'an eviction percentage above 100',
    parts: { kubelet: '    evictionHard: { nodefs.available: "120%" }' },
    line: 7,
    path: 'cluster.kubelet.evictionHard["nodefs.available"]',
    message: /between 0% and 100%/,
  },
  {
    name: 'a malformed eviction quantity',
    parts: { kubelet: '    evictionHard: { memory.available: 500MiB }' },
    line: 7,
    path: 'cluster.kubelet.evictionHard["memory.available"]',
    message: /invalid quantity "500MiB"/,
  },
  {
    name: 'an unknown eviction signal',
    parts: { kubelet: '    evictionHard: { memory.free: 500Mi }' },
    line: 7,
    path: 'cluster.kubelet.evictionHard["memory.free"]',
    message: /unknown eviction signal/,
  },
  {
    name: 'a soft threshold without its grace period',
    parts: { kubelet: '    evictionSoft: { memory.available: 1Gi }' },
    line: 7,
    path: 'cluster.kubelet.evictionSoft["memory.available"]',
    message: /needs evictionSoftGracePeriod/,
  },
  {
    name: 'a usage profile longer than the run',
    parts: { container: '            behavior: { memory: { profile: [[0s, 100Mi], [2h, 1Gi]] } }' },
    line: 19,
    path: `${containerPath}.behavior.memory.profile[1][0]`,
    message: /the profile \(7200 s\) is longer than the scenario's duration \(3600 s\)/,
  },
  {
    name: 'restartPolicy on an app container',
    parts: { container: '            restartPolicy: Always' },
    line: 19,
    path: `${containerPath}.restartPolicy`,
    message: /only init containers may set restartPolicy/,
  },
];

test('the kubelet base scenario is valid (so each case below fails for its one change)', async () => {
  assert.deepEqual(await problemsOf(write(scenario())), []);
});

for (const c of cases) {
  test(`kubelet bad input: ${c.name} → one problem naming file, line, field path and reason`, async () => {
    const file = write(scenario(c.parts));
    const problems = await problemsOf(file);
    assert.equal(problems.length, 1, `expected one problem, got: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join(' | ')}`);
    const p = problems[0] as InputProblem;
    assert.equal(p.file, file);
    assert.equal(formatPath(p.path), c.path);
    assert.equal(p.line, c.line, `line of ${formatPath(p.path)}: ${p.message}`);
    assert.match(p.message, c.message);
  });
}

test('kubelet bad input through the CLI: periodSeconds 0 exits with status 2 and the located message', () => {
  const file = write(scenario({ container: '            readinessProbe: { periodSeconds: 0 }' }));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /:19:\d+: workload\[0\]\.podTemplate\.spec\.containers\[0\]\.readinessProbe\.periodSeconds: must be greater than or equal to 1/);
});
