import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { formatPath } from '../../src/scenario/input-error.js';
import { onlyProblem, writeWithManifests } from './fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A valid DaemonSet, Deployment and HPA; line numbers below are relied on. */
const manifests = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  updateStrategy:
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 }
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: agent }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
          resources: { requests: { cpu: 500m } }
          behavior: { cpu: { initial: 20m, load: web } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
`;

const scenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: daemonset-hpa-bad }
cluster:
  nodePools:
    - { name: w, count: 2, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload:
  - opcode: apply
    file: manifests.yaml
  - { opcode: rolloutStatus, resource: daemonset/agent }
  - { opcode: setLoad, load: web, cpu: "2" }
`;

/** The scenario with its manifests.yaml beside it. */
const write = (manifestText: string, scenarioText = scenario): string => writeWithManifests(manifestText, scenarioText);

const only = onlyProblem;

test('the valid DaemonSet, Deployment and HPA compile', async () => {
  const spec = await loadScenario(write(manifests));
  assert.equal(spec.workload.length, 3);
});

test('a DaemonSet with maxSurge and maxUnavailable both 0: upstream message at maxUnavailable', async () => {
  const p = await only(write(manifests.replace('maxUnavailable: 1, maxSurge: 0', 'maxUnavailable: 0, maxSurge: 0%')));
  assert.deepEqual([p.file, p.line, formatPath(p.path), p.message], ['manifests.yaml', 6, 'spec.updateStrategy.rollingUpdate.maxUnavailable', 'Required value: cannot be 0 when maxSurge is 0']);
});

test('a DaemonSet with maxSurge and maxUnavailable both set: upstream message at maxSurge', async () => {
  const p = await only(write(manifests.replace('maxUnavailable: 1, maxSurge: 0', 'maxUnavailable: 1, maxSurge: 10%')));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [6, 'spec.updateStrategy.rollingUpdate.maxSurge', 'Invalid value: "10%": may not be set when maxUnavailable is non-zero']);
});

test('a DaemonSet field upstream does not have (replicas) is an unknown field', async () => {
  const p = await only(write(manifests.replace('  updateStrategy:\n', '  replicas: 3\n  updateStrategy:\n')));
  assert.deepEqual([p.file, p.line], ['manifests.yaml', 5]);
  assert.match(`${formatPath(p.path)}: ${p.message}`, /replicas/);
});

test('a DaemonSet whose pods would not restart: restartPolicy must be Always', async () => {
  const p = await only(write(manifests.replace('spec: { containers: [{ name: agent, image: agent }] }', 'spec: { restartPolicy: OnFailure, containers: [{ name: agent, image: agent }] }')));
  assert.deepEqual([formatPath(p.path), p.message], ['spec.template.spec.restartPolicy', 'Unsupported value: "OnFailure": supported values: "Always"']);
});

test('an HPA whose scaleTargetRef names a workload no apply op creates: error at the name', async () => {
  const p = await only(write(manifests.replace('kind: Deployment, name: web }', 'kind: Deployment, name: api }')));
  assert.deepEqual([p.file, p.line, formatPath(p.path)], ['manifests.yaml', 30, 'spec.scaleTargetRef.name']);
  assert.equal(p.message, 'Deployment "default/api" is not created by any apply op of the workload');
});

test('an HPA scaling a kind that has no scale subresource', async () => {
  const p = await only(write(manifests.replace('kind: Deployment, name: web }', 'kind: DaemonSet, name: agent }')));
  assert.deepEqual([p.line, formatPath(p.path)], [30, 'spec.scaleTargetRef.kind']);
  assert.match(p.message, /^Unsupported value: "DaemonSet"/);
});

test('an HPA with minReplicas > maxReplicas: upstream message at maxReplicas', async () => {
  const p = await only(write(manifests.replace('minReplicas: 2', 'minReplicas: 12')));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [32, 'spec.maxReplicas', 'Invalid value: 10: must be greater than or equal to `minReplicas`']);
});

test('an HPA metric of an unknown type, and a known type not modelled', async () => {
  const p = await only(write(manifests.replace('- type: Resource', '- type: Queue')));
  assert.deepEqual([p.line, formatPath(p.path)], [34, 'spec.metrics[0].type']);
  assert.equal(p.message, 'Unsupported value: "Queue": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"');
  const q = await only(write(manifests.replace('- type: Resource', '- type: External')));
  assert.match(q.message, /External is not modelled/);
});

test('HPA behavior: a stabilization window over an hour and a policy without a period', async () => {
  const p = await only(write(`${manifests}  behavior:\n    scaleDown: { stabilizationWindowSeconds: 7200 }\n`));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [37, 'spec.behavior.scaleDown.stabilizationWindowSeconds', 'Invalid value: 7200: must be less than or equal to 3600']);
  const q = await only(write(`${manifests}  behavior:\n    scaleUp: { policies: [{ type: Pods, value: 2, periodSeconds: 0 }] }\n`));
  assert.deepEqual([formatPath(q.path), q.message], ['spec.behavior.scaleUp.policies[0].periodSeconds', 'Invalid value: 0: must be greater than zero']);
});

test('setLoad with a malformed cpu amount, and a rolloutStatus of a kind it does not take', async () => {
  const p = await only(write(manifests, scenario.replace('cpu: "2"', 'cpu: "two cores"')));
  assert.deepEqual([p.line, formatPath(p.path)], [11, 'workload[2].cpu']);
  const q = await only(write(manifests, scenario.replace('daemonset/agent', 'replicaset/agent')));
  assert.deepEqual([formatPath(q.path), q.message], ['workload[1].resource', 'only deployments, statefulsets and daemonsets are supported here, got "replicaset/agent"']);
});

test('bad DaemonSet input exits with status 2 and prints file:line:column: path: message', () => {
  const file = write(manifests.replace('maxUnavailable: 1, maxSurge: 0', 'maxUnavailable: 0, maxSurge: 0'));
  const r = spawnSync(process.execPath, [main, 'validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /manifests\.yaml:6:\d+: document 1 \(DaemonSet "agent"\): spec\.updateStrategy\.rollingUpdate\.maxUnavailable: Required value: cannot be 0 when maxSurge is 0/);
});

test('a cpu usage model with two starting amounts, and one with a malformed quantity', async () => {
  const p = await only(write(manifests.replace('cpu: { initial: 20m, load: web }', 'cpu: { initial: 20m, requestFraction: 0.1, load: web }')));
  assert.deepEqual([p.line, formatPath(p.path), p.message], [24, 'spec.template.spec.containers[0].behavior.cpu.requestFraction', 'set one of initial, requestFraction and profile, not initial and requestFraction']);
  const q = await only(write(manifests.replace('initial: 20m', 'initial: 20 millicores')));
  assert.deepEqual([q.line, formatPath(q.path)], [24, 'spec.template.spec.containers[0].behavior.cpu.initial']);
});

test('cluster.controllerManager: the DaemonSet and HPA flags compile, and a bad value is located', async () => {
  const flags = scenario.replace('cluster:\n', 'cluster:\n  controllerManager: { concurrent-daemonset-syncs: 3, horizontal-pod-autoscaler-sync-period: 30s, horizontal-pod-autoscaler-tolerance: 0.05 }\n');
  const spec = await loadScenario(write(manifests, flags));
  assert.deepEqual([spec.cluster.controllerManager.concurrentDaemonSetSyncs, spec.cluster.controllerManager.horizontalPodAutoscaler.syncPeriod, spec.cluster.controllerManager.horizontalPodAutoscaler.tolerance], [3, 30e6, 0.05]);
  const p = await only(write(manifests, scenario.replace('cluster:\n', 'cluster:\n  controllerManager: { concurrent-daemonset-syncs: 0 }\n')));
  assert.deepEqual([p.file.endsWith('scenario.yaml'), p.line, formatPath(p.path)], [true, 5, 'cluster.controllerManager["concurrent-daemonset-syncs"]']);
});
