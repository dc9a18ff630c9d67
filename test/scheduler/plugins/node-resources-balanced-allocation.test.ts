/** NodeResourcesBalancedAllocation against upstream balanced_allocation_test.go TestNodeResourcesBalancedAllocation (current std formula). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/api/objects.js';
import type { PreScorePlugin, ScorePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { PluginArgsError } from '../../../src/scheduler/framework/registry.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { nodeResourcesBalancedAllocationPlugin } from '../../../src/scheduler/plugins/node-resources-balanced-allocation.js';
import { balancedAllocationScore } from '../../../src/scheduler/plugins/resource-allocation-scorer.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type Balanced = PreScorePlugin & ScorePlugin;

function pod(name: string, ...containers: Record<string, number>[]): Pod {
  return makePod(name, {}, { containers: containers.map((requests, i) => ({ name: `c${i}`, image: 'pause', resources: { requests, limits: {} } })) });
}

const cpuOnly = (): Pod => pod('cpu-only', { cpu: 1000, memory: 0 }, { cpu: 2000, memory: 0 });
const cpuAndMemory = (): Pod => pod('cpu-mem', { cpu: 1000, memory: 2000 }, { cpu: 2000, memory: 3000 });
const gpu = 'nvidia.com/gpu';
const cpuAndMemoryAndGpu = (): Pod => pod('cpu-mem-gpu', { cpu: 1000, memory: 2000 }, { cpu: 2000, memory: 3000, [gpu]: 3 });
const threeResources = { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: gpu, weight: 1 }] };

const cases: ReadonlyArray<{
  name: string; pod: Pod; nodes: [Record<string, number>, Pod[]][]; want: number[]; args?: Record<string, unknown>; runPreScore?: boolean;
}> = [
  // std (0.75 − 0.5)/2 = 0.125 → 87; equal fractions → 100
  { name: 'nothing scheduled, resources requested, differently sized nodes', pod: cpuAndMemory(), nodes: [[{ cpu: 4000, memory: 10000 }, []], [{ cpu: 6000, memory: 10000 }, []]], want: [87, 100] },
  // node1: 0.6 vs 0.25 → 82; node2: 0.6 vs 0.5 → 95
  { name: 'resources requested, pods scheduled with resources', pod: cpuAndMemory(), nodes: [[{ cpu: 10000, memory: 20000 }, [cpuOnly()]], [{ cpu: 10000, memory: 20000 }, [cpuAndMemory()]]], want: [82, 95] },
  // node2: 0.6 vs 0.2 → 80
  { name: 'resources requested, pods scheduled with resources, differently sized nodes', pod: cpuAndMemory(), nodes: [[{ cpu: 10000, memory: 20000 }, [cpuOnly()]], [{ cpu: 10000, memory: 50000 }, [cpuAndMemory()]]], want: [82, 80] },
  // node1: 1 vs 0 → 50; node2: 1 vs 0.5 → 75
  { name: 'requested resources at node capacity', pod: cpuOnly(), nodes: [[{ cpu: 6000, memory: 10000 }, [cpuOnly()]], [{ cpu: 6000, memory: 10000 }, [cpuAndMemory()]]], want: [50, 75] },
  // fractions above 1 are capped: cpu 9000/6000 → 1
  { name: 'requested resources above node capacity are capped at 1', pod: cpuOnly(), nodes: [[{ cpu: 6000, memory: 10000 }, [cpuOnly(), cpuOnly()]], [{ cpu: 6000, memory: 10000 }, [cpuOnly(), cpuAndMemory()]]], want: [50, 75] },
  // three fractions: sqrt of mean squared deviation
  { name: 'include scalar resource on a node for balanced resource allocation', pod: pod('p', { memory: 0, [gpu]: 1 }), nodes: [[{ cpu: 3500, memory: 40000, [gpu]: 8 }, [cpuAndMemoryAndGpu()]], [{ cpu: 3500, memory: 40000, [gpu]: 8 }, [cpuAndMemory()]]], want: [70, 65], args: threeResources },
  { name: 'node without the scalar resource should skip the scalar resource', pod: cpuAndMemory(), nodes: [[{ cpu: 3500, memory: 40000, [gpu]: 8 }, []], [{ cpu: 3500, memory: 40000 }, []]], want: [63, 63], args: threeResources },
  { name: 'resources requested, pods scheduled with resources if PreScore not called', pod: cpuAndMemory(), nodes: [[{ cpu: 10000, memory: 20000 }, [cpuOnly()]], [{ cpu: 10000, memory: 20000 }, [cpuAndMemory()]]], want: [82, 95], runPreScore: false },
];

for (const c of cases) {
  test(`BalancedAllocation: ${c.name}`, () => {
    const nodes = c.nodes.map(([a, pods], i) => makeNodeInfo(makeNode(`node${i + 1}`, a), pods));
    const plugin = nodeResourcesBalancedAllocationPlugin.factory(c.args ?? {}, makeHandle(nodes)) as Balanced;
    const state = newState();
    const p = info(c.pod);
    if (c.runPreScore !== false) assert.equal(plugin.preScore(state, p, nodes), null);
    assert.deepEqual(nodes.map((n) => plugin.score(state, p, n)), c.want);
  });
}

test('BalancedAllocation: best-effort pods are skipped in PreScore (upstream #129138) and score 0 without it', () => {
  const nodes = [makeNodeInfo(makeNode('node1', { cpu: 4000, memory: 10000 }))];
  const plugin = nodeResourcesBalancedAllocationPlugin.factory({}, makeHandle(nodes)) as Balanced;
  for (const p of [pod('no-containers'), pod('no-requests', {})]) {
    assert.equal(plugin.preScore(newState(), info(p), nodes)?.code, Code.Skip);
    assert.equal(plugin.score(newState(), info(p), nodes[0]!), 0);
  }
});

test('balancedAllocationScore: one fraction or none has std 0', () => {
  const f = new Float64Array(3);
  assert.equal(balancedAllocationScore(new Float64Array([5, 0]), new Float64Array([10, 0]), f), 100);
  assert.equal(balancedAllocationScore(new Float64Array([0, 0]), new Float64Array([0, 0]), f), 100);
});

const badArgs: ReadonlyArray<[string, Record<string, unknown>, (string | number)[], RegExp]> = [
  ['weight other than 1', { resources: [{ name: 'cpu', weight: 2 }] }, ['resources', 0, 'weight'], /must be 1/],
  ['duplicate resource', { resources: [{ name: 'cpu' }, { name: 'cpu' }] }, ['resources', 1, 'name'], /duplicate/],
  ['resources not a list', { resources: 'cpu' }, ['resources'], /list/],
  ['unknown field', { resource: [] }, ['resource'], /unknown field/],
];
for (const [name, args, path, message] of badArgs) {
  test(`BalancedAllocation args: ${name}`, () => {
    assert.throws(() => nodeResourcesBalancedAllocationPlugin.factory(args, makeHandle([])),
      (e: unknown) => e instanceof PluginArgsError && assert.deepEqual(e.path, path) === undefined && message.test(e.message));
  });
}
