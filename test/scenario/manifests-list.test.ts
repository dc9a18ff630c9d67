import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { rolloutRow } from '../../src/cli/rollout-columns.js';
import { formatProblem } from '../../src/scenario/input-error.js';
import { runScenario } from '../../src/scenario/runner.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { loadProblems, writeScenario } from './fixtures.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: nginx, image: "nginx:1.26", resources: { requests: { cpu: 100m } } }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web } }
`;

/** A scenario whose `manifests:` block is `block` (lines 5 on), followed by a rollout of web. */
function scenario(block: string): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: manifests-list }
cluster: { nodePools: [{ name: w, count: 2, capacity: { cpu: "4", memory: 8Gi, pods: 110 } }] }
${block}
workload:
  - { opcode: rolloutStatus, resource: deployment/web }
  - { opcode: setImage, resource: deployment/web, images: { nginx: "nginx:1.27" } }
  - { opcode: rolloutStatus, resource: deployment/web }
`;
}

/** Writes the scenario with web.yaml beside it. */
function withWebFile(block: string, manifest = deployment): string {
  const file = writeScenario(scenario(block));
  writeFileSync(join(dirname(file), 'web.yaml'), manifest);
  return file;
}

test('manifests: files are applied before the first workload op; kinds not modelled are listed once', async () => {
  const r = runScenario(await loadScenario(withWebFile('manifests:\n  - file: web.yaml')));
  const row = rolloutRow(r);
  assert.equal(row.rollouts_complete, 1);
  assert.equal(row.rollout_max_pods, 5);
  assert.ok(row.workload_ready_s > 0);
  assert.deepEqual(r.warnings.map((w) => w.replace(/^t=[\d.]+s: /, '')), ['apply manifests[0]: kinds not modelled yet, ignored: v1 Service (1)']);
});

test('manifests: inline objects and a namespace, as an apply op takes them', async () => {
  const block = `manifests:
  - namespace: default
    objects:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          replicas: 2
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec: { containers: [{ name: nginx, image: "nginx:1.26" }] }`;
  const r = runScenario(await loadScenario(writeScenario(scenario(block))));
  assert.equal(rolloutRow(r).rollouts_complete, 1);
  assert.equal(rolloutRow(r).rollout_max_pods, 3);
});

test('a sweep can vary a field of an inline manifests: object', async () => {
  const block = `manifests:
  - objects:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          replicas: 2
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec: { containers: [{ name: nginx, image: "nginx:1.26" }] }
sweep:
  manifests[0].objects[0].spec.replicas: [2, 4]`;
  const sweep = await loadSweep(writeScenario(scenario(block)));
  assert.deepEqual(sweep.variants.map((v) => v.sets), [['manifests[0].objects[0].spec.replicas=2'], ['manifests[0].objects[0].spec.replicas=4']]);
});

const bad: [string, () => string, RegExp][] = [
  ['a manifest file that does not exist', () => writeScenario(scenario('manifests:\n  - file: missing.yaml')), /scenario\.yaml:6:5: manifests\[0\]\.file: cannot read manifest file/],
  ['an unknown field of an entry', () => writeScenario(scenario('manifests:\n  - files: web.yaml')), /scenario\.yaml:6:5: manifests\[0\]\.files: /],
  ['an entry with neither file nor objects', () => writeScenario(scenario('manifests:\n  - namespace: x')), /scenario\.yaml:6:5: manifests\[0\]: apply takes exactly one of file or objects/],
  ['an invalid field inside the manifest file', () => withWebFile('manifests:\n  - file: web.yaml', deployment.replace('replicas: 4', 'replicas: -1')), /web\.yaml:5:3: document 1 \(Deployment "web"\): spec\.replicas: must be greater than or equal to 0/],
];

for (const [name, make, pattern] of bad) {
  test(`manifests: with ${name} is a located error`, async () => {
    const problems = (await loadProblems(make())).map(formatProblem);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', pattern);
  });
}
