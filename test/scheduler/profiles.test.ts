import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';
import { writeScenario } from '../scenario/fixtures.js';

const scenario = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: profiles }
cluster:
  scheduler:
    profiles:
      - schedulerName: default-scheduler
      - schedulerName: bin-packer
        plugins:
          score:
            disabled: [{ name: '*' }]
            enabled: [{ name: NodeResourcesFit, weight: 1 }]
        pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: MostAllocated } } }]
  nodePools:
    - { name: n, count: 4, capacity: { cpu: "4", memory: 16Gi, pods: 110 }, kubelet: false }
workload:
  - opcode: createPods
    count: 8
    podTemplate:
      metadata: { generateName: spread- }
      spec: { containers: [{ name: c, image: pause, resources: { requests: { cpu: 500m } } }] }
  - opcode: barrier
  - opcode: createPods
    count: 8
    podTemplate:
      metadata: { generateName: packed- }
      spec: { schedulerName: bin-packer, containers: [{ name: c, image: pause, resources: { requests: { cpu: 500m } } }] }
  - opcode: barrier
  - opcode: createPods
    count: 1
    podTemplate:
      metadata: { generateName: orphan- }
      spec: { schedulerName: no-such-scheduler, containers: [{ name: c, image: pause }] }
  - opcode: sleep
    duration: 30s
`;

test('pods are routed to the profile named by spec.schedulerName; a pod naming no profile is left alone', async () => {
  const result = runScenario(await loadScenario(writeScenario(scenario)));
  const nodesOf = (prefix: string): Set<string> => new Set(result.pods.filter((p) => p.name.startsWith(prefix)).map((p) => p.node));
  // LeastAllocated (default profile) spreads 8 pods over all 4 nodes.
  assert.equal(nodesOf('spread-').size, 4);
  // MostAllocated packs the next 8 onto the fullest node(s): 4 cpu / 500m = 8 fit on one node at most.
  assert.ok(nodesOf('packed-').size <= 2, `packed onto ${[...nodesOf('packed-')].join(', ')}`);
  const orphan = result.pods.find((p) => p.name.startsWith('orphan-'));
  assert.equal(orphan?.scheduled, undefined);
  assert.equal(result.explanations.some((e) => e.pod.includes('orphan-')), false);
});
