import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { formatPath } from '../../src/scenario/input-error.js';
import { onlyProblem, writeWithManifests } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A Deployment, its PodDisruptionBudget and a PriorityClass; line numbers below are relied on. */
const manifests = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: web-critical }
value: 1000
globalDefault: true
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      priorityClassName: web-critical
      containers: [{ name: app, image: nginx }]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web }
spec:
  minAvailable: 75%
  selector: { matchLabels: { app: web } }
`;

const scenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: policy-bad }
cluster:
  nodePools:
    - { name: w, count: 4, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload:
  - opcode: apply
    file: manifests.yaml
  - { opcode: drain, count: 2 }
`;

/** The scenario with its manifests.yaml beside it. */
const write = (manifestText: string, scenarioText = scenario): string => writeWithManifests(manifestText, scenarioText);

const only = onlyProblem;

test('the valid manifests and drain compile', async () => {
  assert.equal((await loadScenario(write(manifests))).workload.length, 2);
});

test('a PodDisruptionBudget with both minAvailable and maxUnavailable: upstream message at spec', async () => {
  const p = await only(write(manifests.replace('  minAvailable: 75%\n', '  minAvailable: 75%\n  maxUnavailable: 1\n')));
  assert.deepEqual([p.file, p.line, formatPath(p.path), p.message], ['manifests.yaml', 22, 'spec', 'minAvailable and maxUnavailable cannot be both set']);
});

test('an invalid percentage: over 100 % and not a number', async () => {
  const over = await only(write(manifests.replace('minAvailable: 75%', 'minAvailable: 120%')));
  assert.deepEqual([over.file, over.line, formatPath(over.path), over.message], ['manifests.yaml', 23, 'spec.minAvailable', 'Invalid value: "120%": must not be greater than 100%']);
  const bad = await only(write(manifests.replace('minAvailable: 75%', 'minAvailable: "seventy%"')));
  assert.deepEqual([bad.line, formatPath(bad.path)], [23, 'spec.minAvailable']);
  assert.match(bad.message, /a valid percent string must be a numeric string followed by an ending '%'/);
});

test('an unknown field of a PodDisruptionBudget', async () => {
  const p = await only(write(manifests.replace('  minAvailable: 75%\n', '  minAvailable: 75%\n  maxUnavaliable: 1\n')));
  assert.deepEqual([p.file, formatPath(p.path)], ['manifests.yaml', 'spec.maxUnavaliable']);
  assert.ok(p.line === 22 || p.line === 24, `line ${p.line}`);
});

test('policy/v1beta1 is no longer served', async () => {
  const p = await only(write(manifests.replace('apiVersion: policy/v1\n', 'apiVersion: policy/v1beta1\n')));
  assert.deepEqual([p.line, formatPath(p.path)], [19, 'apiVersion']);
  assert.match(p.message, /no matches for kind "PodDisruptionBudget" in version "policy\/v1beta1"/);
});

test('a drain selecting more nodes than the pools declare, or nodes no pool labels match', async () => {
  const p = await only(write(manifests, scenario.replace('count: 2', 'count: 9')));
  assert.deepEqual([basename(p.file), p.line, formatPath(p.path), p.message], ['scenario.yaml', 10, 'workload[1].count', 'cannot select 9 nodes: the node pools declare 4']);
  const q = await only(write(manifests, scenario.replace('count: 2', 'labelSelector: { matchLabels: { pool: gpu } }')));
  assert.deepEqual([q.line, formatPath(q.path)], [10, 'workload[1].labelSelector']);
  assert.match(q.message, /no node of any node pool has labels matching this selector/);
});

test('a pod template naming a PriorityClass no apply creates', async () => {
  const p = await only(write(manifests.replace('priorityClassName: web-critical', 'priorityClassName: web-crtical')));
  assert.deepEqual([p.file, p.line, formatPath(p.path)], ['manifests.yaml', 16, 'spec.template.spec.priorityClassName']);
  assert.match(p.message, /no PriorityClass with name web-crtical was found/);
});

test('two PriorityClasses marked globalDefault: the second is refused at its globalDefault', async () => {
  const second = `---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: batch }
value: 10
globalDefault: true
`;
  const p = await only(write(manifests + second));
  assert.deepEqual([p.file, p.line, formatPath(p.path), p.message], ['manifests.yaml', 30, 'globalDefault', 'PriorityClass web-critical is already marked as default. Only one default can exist']);
});

test("a user's PriorityClass above 1000000000 or with the reserved system- prefix", async () => {
  const p = await only(write(manifests.replace('value: 1000', 'value: 2000000000')));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [4, 'value', 'maximum allowed value of a user defined priority is 1000000000']);
  const q = await only(write(manifests.replace('name: web-critical }', 'name: system-web }').replace('priorityClassName: web-critical', 'priorityClassName: system-web')));
  assert.deepEqual([q.line, formatPath(q.path)], [3, 'metadata.name']);
  assert.match(q.message, /priority class names with 'system-' prefix are reserved for system use only/);
});

test('bad policy input exits with status 2 and prints file:line:column: path: message', () => {
  const file = write(manifests.replace('  minAvailable: 75%\n', '  minAvailable: 75%\n  maxUnavailable: 1\n'));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /manifests\.yaml:22:\d+: document 3 \(PodDisruptionBudget "web"\): spec: minAvailable and maxUnavailable cannot be both set/);
});
