/**
 * Node lifecycle end to end through the API: a failed node goes Unknown about a grace period after
 * its last Lease renewal, is tainted, and its pods are deleted when their tolerations run out; a
 * recovered node loses its taints; zones rate-limit or stop tainting by their state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import type { Summary } from '../../../src/metrics/summary.js';
import { runScenario, type RunResult } from '../../../src/scenario/runner.js';
import { writeScenario } from '../../scenario/fixtures.js';

/** Pods of `count` pinned to node `node`, with extra spec lines. */
function pods(count: number, node: string, app: string, tolerations = ''): string {
  return `  - opcode: createPods
    count: ${count}
    podTemplate:
      metadata: { labels: { app: ${app} } }
      spec:
        nodeSelector: { kubernetes.io/hostname: ${node} }
${tolerations}        containers: [{ name: c, image: pause, resources: { requests: { cpu: 10m } } }]
`;
}

async function run(pools: string, workload: string, extraCluster = ''): Promise<RunResult> {
  const text = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: node-lifecycle }
cluster:
  nodePools:
${pools}${extraCluster}workload:
${workload}`;
  return runScenario(await loadScenario(writeScenario(text), { sets: [] }));
}

function summary(r: RunResult, name: string): Summary {
  const v = r.metrics[name];
  assert.equal(typeof v, 'object', `${name} recorded`);
  return v as Summary;
}

const twoZones = `    - { name: doomed, count: 1, zones: [a], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
    - { name: healthy, count: 2, zones: [b], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
`;

test('node lifecycle: Unknown ≈ last heartbeat + grace; pods evicted ≈ grace + 300 s, 60 s tolerations at grace + 60, forever never', async () => {
  const r = await run(
    twoZones,
    pods(3, 'doomed-0', 'web') +
      pods(2, 'doomed-0', 'fast', '        tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 60 }]\n') +
      pods(1, 'doomed-0', 'pinned', '        tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute }]\n') +
      `  - { opcode: barrier, for: Running }
  - { opcode: failNodes, node: doomed-0 }
  - { opcode: sleep, duration: 10m }
`,
  );
  const unknown = summary(r, 'kubesim_node_unknown_after_heartbeat_seconds');
  assert.equal(unknown.count, 1);
  // Grace 50 s after the controller saw the last renewal, which it sees within one 5 s monitor period.
  assert.ok(unknown.max >= 50 && unknown.max <= 56, `Unknown after ${unknown.max} s`);
  const taint = summary(r, 'kubesim_node_noexecute_taint_after_heartbeat_seconds');
  assert.ok(taint.max >= 55 && taint.max <= 61.5, `NoExecute taint after ${taint.max} s`);
  const evicted = summary(r, 'kubesim_pod_eviction_after_heartbeat_seconds');
  assert.equal(evicted.count, 5, 'the pinned pod stays');
  assert.equal(r.metrics['taint_eviction_controller_pod_deletions_total'], 5);
  assert.ok(evicted.max >= 355 && evicted.max <= 361.5, `default-toleration pods evicted after ${evicted.max} s`);
  assert.ok(evicted.p50 >= 355, 'three pods with the default toleration');
  // The two 60 s pods come first: p50 of five values is the third, a 300 s pod; the mean shows the early two.
  const early = evicted.mean * 5 - 3 * evicted.max;
  assert.ok(early / 2 >= 115 && early / 2 <= 121.5, `60 s pods evicted after ${early / 2} s`);
  assert.equal(r.metrics['kubesim_node_ready_transitions_total{status="Unknown"}'], 1);
  assert.equal(r.metrics['kubesim_zone_disruption_state{zone="a"}'], 2);
  assert.equal(r.metrics['kubesim_zone_disruption_state{zone="b"}'], 0);
});

test('node lifecycle: a recovered node is Ready again and loses its taints; its tolerating pods stay', async () => {
  const r = await run(
    twoZones,
    pods(3, 'doomed-0', 'web') +
      `  - { opcode: barrier, for: Running }
  - { opcode: failNodes, pool: doomed }
  - { opcode: sleep, duration: 90s }
  - { opcode: recoverNodes, zone: a }
  - { opcode: sleep, duration: 6m }
`,
  );
  assert.equal(summary(r, 'kubesim_node_noexecute_taint_after_heartbeat_seconds').count, 1, 'tainted while failed');
  assert.equal(r.metrics['kubesim_node_ready_transitions_total{status="True"}'], 1);
  assert.equal(r.metrics['kubesim_nodes_tainted{effect="NoExecute"}'], 0);
  assert.equal(r.metrics['kubesim_nodes_tainted{effect="NoSchedule"}'], 0);
  assert.equal(r.metrics['taint_eviction_controller_pod_deletions_total'], 0);
  assert.equal(r.metrics['kubesim_zone_disruption_state{zone="a"}'], 0);
});

test('node lifecycle: one zone taints its failed nodes at --node-eviction-rate, one every 10 s', async () => {
  const r = await run(
    `    - { name: w, count: 8, zones: [a, b], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
`,
    `  - { opcode: sleep, duration: 30s }
  - { opcode: failNodes, zone: a }
  - { opcode: sleep, duration: 3m }
`,
  );
  const taint = summary(r, 'kubesim_node_noexecute_taint_after_heartbeat_seconds');
  assert.equal(taint.count, 4);
  assert.equal(r.metrics['node_collector_evictions_total{zone="a"}'], 4);
  assert.equal(r.metrics['node_collector_evictions_total{zone="b"}'], 0);
  // Four nodes Unknown within one monitor pass: tainted at +0, +10, +20, +30 s.
  assert.ok(taint.max - taint.p50 >= 9 && taint.max >= 85 && taint.max <= 92, `taints from ${taint.p50} to ${taint.max} s`);
});

test('node lifecycle: when every zone is fully disrupted the controller taints nothing and evicts nothing', async () => {
  const r = await run(
    `    - { name: w, count: 4, zones: [a, b], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
`,
    pods(2, 'w-0', 'web') +
      `  - { opcode: barrier, for: Running }
  - { opcode: failNodes }
  - { opcode: sleep, duration: 8m }
`,
  );
  assert.equal(summary(r, 'kubesim_node_unknown_after_heartbeat_seconds').count, 4);
  assert.equal(r.metrics['node_collector_evictions_total{zone="a"}'], 0);
  assert.equal(r.metrics['node_collector_evictions_total{zone="b"}'], 0);
  assert.equal(r.metrics['taint_eviction_controller_pod_deletions_total'], 0);
  assert.equal(r.metrics['kubesim_zone_disruption_state{zone="a"}'], 2);
  assert.equal(r.metrics['kubesim_zone_disruption_state{zone="b"}'], 2);
});

test('node lifecycle: a small partially disrupted zone stops tainting; above --large-cluster-size-threshold it taints at the secondary rate', async () => {
  const small = await run(
    `    - { name: w, count: 10, zones: [a], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
    - { name: other, count: 2, zones: [b], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
`,
    `  - { opcode: sleep, duration: 30s }
  - { opcode: failNodes, pool: w, fraction: 0.6 }
  - { opcode: sleep, duration: 4m }
`,
  );
  assert.equal(summary(small, 'kubesim_node_unknown_after_heartbeat_seconds').count, 6);
  assert.equal(small.metrics['kubesim_zone_disruption_state{zone="a"}'], 1);
  assert.equal(small.metrics['node_collector_evictions_total{zone="a"}'], 0);

  const large = await run(
    `    - { name: w, count: 10, zones: [a], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
    - { name: other, count: 2, zones: [b], capacity: { cpu: "8", memory: 16Gi, pods: 110 } }
`,
    `  - { opcode: sleep, duration: 30s }
  - { opcode: failNodes, pool: w, fraction: 0.6 }
  - { opcode: sleep, duration: 4m }
`,
    `  nodeLifecycleController: { largeClusterSizeThreshold: 5, secondaryNodeEvictionRate: 0.02 }
`,
  );
  const taints = large.metrics['node_collector_evictions_total{zone="a"}'] as number;
  // One at once, then one per 50 s (0.02/s) over the ~3 min after the nodes went Unknown: 4 nodes, not all 6.
  assert.equal(taints, 4, 'nodes tainted at the secondary rate');
  const last = summary(large, 'kubesim_node_noexecute_taint_after_heartbeat_seconds').max;
  assert.ok(last >= 205 && last <= 212, `the fourth taint ${last} s after the last heartbeat (three 50 s steps after the first)`);
});
