/** The drain op as kubectl drain behaves: budgets that never allow a disruption time it out, bare pods need force, disableEviction bypasses the budgets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';
import { writeScenario } from './fixtures.js';

const scenario = (minAvailable: string, drain: string, extra = ''): string => `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: drain-op }
cluster:
  nodePools:
    - { name: w, count: 3, capacity: { cpu: "8", memory: 32Gi, pods: 110 } }
workload:
  - opcode: apply
    objects:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          replicas: 6
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec: { containers: [{ name: web, image: nginx, resources: { requests: { cpu: 100m } } }] }
      - apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: { name: web }
        spec: { minAvailable: ${minAvailable}, selector: { matchLabels: { app: web } } }
  - { opcode: rolloutStatus, resource: deployment/web }
${extra}  - ${drain}
`;

const run = async (text: string) => runScenario(await loadScenario(writeScenario(text)));

test('a budget that allows no disruption: every eviction is refused (429, retried every 5 s) until the timeout', async () => {
  const r = await run(scenario('100%', '{ opcode: drain, count: 1, timeout: 30s }'));
  assert.equal(r.metrics['kubesim_drain_nodes_total{result="failed"}'], 1);
  assert.equal(r.metrics['kubesim_drain_eviction_responses_total{code="201"}'], undefined);
  const refused = r.metrics['kubesim_drain_eviction_responses_total{code="429"}'] as number;
  // Each of the node's two pods is tried at once and then every 5 s within 30 s: 6 tries each.
  assert.ok(refused >= 10 && refused <= 14, `${refused} refusals`);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0] ?? '', /drain did not complete within 30s/);
});

test('disableEviction deletes the pods without asking the budget', async () => {
  const r = await run(scenario('100%', '{ opcode: drain, count: 1, disableEviction: true }'));
  assert.deepEqual(r.warnings, []);
  assert.equal(r.metrics['kubesim_drain_nodes_total{result="drained"}'], 1);
  const lowest = r.metrics['kubesim_pdb_min_healthy_pods{poddisruptionbudget="default/web"}'] as number;
  assert.ok(lowest < 6, `the budget asked for 6 healthy pods; ${lowest} at worst`);
});

test('a bare pod stops the drain unless force', async () => {
  const bare = `  - opcode: createPods
    count: 3
    podTemplate: { spec: { containers: [{ name: c, image: pause, resources: { requests: { cpu: 100m } } }] } }
  - { opcode: barrier, for: Running }
`;
  const refused = await run(scenario('50%', '{ opcode: drain, count: 3 }', bare));
  assert.equal(refused.metrics['kubesim_drain_nodes_total{result="failed"}'], 3);
  assert.match(refused.warnings[0] ?? '', /cannot delete Pods that declare no controller \(use --force to override\): default\/pod-/);
  const forced = await run(scenario('50%', '{ opcode: drain, count: 2, force: true }', bare));
  assert.deepEqual(forced.warnings, []);
  assert.equal(forced.metrics['kubesim_drain_nodes_total{result="drained"}'], 2);
});
