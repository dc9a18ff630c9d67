import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { formatPath } from '../../src/scenario/input-error.js';
import { onlyProblem, writeWithManifests } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A valid Deployment (second document); line numbers below are relied on. */
const manifests = `apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  strategy:
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% }
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: nginx }] }
`;

const scenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: apps-bad }
cluster:
  nodePools:
    - { name: w, count: 1, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload:
  - opcode: apply
    file: manifests.yaml
  - { opcode: rolloutStatus, resource: deployment/web }
`;

/** The scenario with its manifests.yaml beside it. */
const write = (manifestText: string, scenarioText = scenario): string => writeWithManifests(manifestText, scenarioText);

const only = onlyProblem;

test('the valid Deployment compiles with the apiserver defaults', async () => {
  const spec = await loadScenario(write(manifests));
  assert.equal(spec.workload.length, 2);
});

test('maxSurge and maxUnavailable both 0: upstream message at maxUnavailable', async () => {
  const p = await only(write(manifests.replace('maxSurge: 25%, maxUnavailable: 25%', 'maxSurge: 0, maxUnavailable: 0%')));
  assert.deepEqual([p.file, p.line, formatPath(p.path)], ['manifests.yaml', 11, 'spec.strategy.rollingUpdate.maxUnavailable']);
  assert.equal(p.message, 'Invalid value: "0%": may not be 0 when `maxSurge` is 0');
});

test('a selector that does not match the template labels', async () => {
  const p = await only(write(manifests.replace('labels: { app: web }', 'labels: { app: api }')));
  assert.deepEqual([p.file, p.line, formatPath(p.path)], ['manifests.yaml', 14, 'spec.template.metadata.labels']);
  assert.match(p.message, /`selector` does not match template `labels`/);
});

test('a negative replica count', async () => {
  const p = await only(write(manifests.replace('replicas: 4', 'replicas: -1')));
  assert.deepEqual([p.file, p.document, p.line, formatPath(p.path), p.message], ['manifests.yaml', 'document 2 (Deployment "web")', 9, 'spec.replicas', 'must be greater than or equal to 0']);
});

test('an apiVersion the server does not serve', async () => {
  const p = await only(write(manifests.replace('apiVersion: apps/v1', 'apiVersion: apps/v1beta1')));
  assert.deepEqual([p.file, p.line, formatPath(p.path)], ['manifests.yaml', 5, 'apiVersion']);
  assert.match(p.message, /no matches for kind "Deployment" in version "apps\/v1beta1"/);
});

test('a percentage over 100 % and a malformed one', async () => {
  const over = await only(write(manifests.replace('maxSurge: 25%', 'maxSurge: 120%')));
  assert.deepEqual([formatPath(over.path), over.message], ['spec.strategy.rollingUpdate.maxSurge', 'must not be greater than 100%']);
  const bad = await only(write(manifests.replace('maxSurge: 25%', 'maxSurge: 25 percent')));
  assert.equal(formatPath(bad.path), 'spec.strategy.rollingUpdate.maxSurge');
});

test('a rollout op naming something other than TYPE/NAME', async () => {
  const p = await only(write(manifests, scenario.replace('deployment/web', 'pods/web')));
  assert.deepEqual([p.line, formatPath(p.path)], [10, 'workload[1].resource']);
});

test('bad apps input exits with status 2 and prints file:line:column: document: path: message', () => {
  const file = write(manifests.replace('maxSurge: 25%, maxUnavailable: 25%', 'maxSurge: 0, maxUnavailable: 0'));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /manifests\.yaml:11:\d+: document 2 \(Deployment "web"\): spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0/);
});

test('a StatefulSet: valid with defaults; a negative partition, a maxUnavailable of 0 and OnDelete with rollingUpdate are errors', async () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  replicas: 3
  updateStrategy:
    rollingUpdate: { partition: 1 }
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres }] }
`;
  const ops = scenario.replace('  - { opcode: rolloutStatus, resource: deployment/web }\n', '  - { opcode: setImage, resource: statefulset/db, images: { db: "postgres:17" } }\n');
  assert.equal((await loadScenario(write(sts, ops))).workload.length, 2);
  const p = await only(write(sts.replace('partition: 1', 'partition: -1'), ops));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [7, 'spec.updateStrategy.rollingUpdate.partition', 'must be greater than or equal to 0']);
  const z = await only(write(sts.replace('partition: 1', 'partition: 1, maxUnavailable: 0'), ops));
  assert.deepEqual([z.line, formatPath(z.path), z.message], [7, 'spec.updateStrategy.rollingUpdate.maxUnavailable', 'cannot be 0']);
  const q = await only(write(sts.replace('  updateStrategy:\n', '  updateStrategy:\n    type: OnDelete\n'), ops));
  assert.deepEqual([formatPath(q.path), q.message], ['spec.updateStrategy.rollingUpdate', "only allowed for updateStrategy 'RollingUpdate'"]);
});
