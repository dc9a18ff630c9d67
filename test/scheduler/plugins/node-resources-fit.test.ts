/**
 * NodeResourcesFit against upstream's tables: fit_test.go TestEnoughRequests (filter),
 * least_allocated_test.go, most_allocated_test.go and requested_to_capacity_ratio_test.go (scores).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/api/objects.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../../src/scheduler/framework/extension-points.js';
import type { NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import { PluginArgsError } from '../../../src/scheduler/framework/registry.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { nodeResourcesFitPlugin } from '../../../src/scheduler/plugins/node-resources-fit.js';
import { brokenLinearFunction } from '../../../src/scheduler/plugins/resource-allocation-scorer.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type Fit = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

/** A pod with one container per request map (none: a pod without containers, as upstream st.MakePod().Obj()). */
function pod(name: string, ...containers: Record<string, number>[]): Pod {
  return makePod(name, {}, { containers: containers.map((requests, i) => ({ name: `c${i}`, image: 'pause', resources: { requests, limits: {} } })) });
}

function fit(args: Record<string, unknown> = {}, nodes: NodeInfo[] = []): Fit {
  return nodeResourcesFitPlugin.factory(args, makeHandle(nodes)) as Fit;
}

// ---- Filter: upstream fit_test.go TestEnoughRequests (node: cpu 10, memory 20, pods 32, example.com/aaa 5, ephemeral 20, hugepages 5).
const alloc = { cpu: 10, memory: 20, pods: 32, 'example.com/aaa': 5, 'ephemeral-storage': 20, 'hugepages-2Mi': 5 };
const filterCases: ReadonlyArray<{
  name: string; pod: Record<string, number>; existing: Record<string, number>; args?: Record<string, unknown>;
  want: null | { code: number; reasons: string[] };
}> = [
  { name: 'no resources requested always fits', pod: {}, existing: { cpu: 10, memory: 20 }, want: null },
  { name: 'too many resources fails', pod: { cpu: 1, memory: 1 }, existing: { cpu: 10, memory: 20 }, want: { code: Code.Unschedulable, reasons: ['Insufficient cpu', 'Insufficient memory'] } },
  { name: 'both resources fit', pod: { cpu: 1, memory: 1 }, existing: { cpu: 5, memory: 5 }, want: null },
  { name: 'one resource memory fits', pod: { cpu: 2, memory: 1 }, existing: { cpu: 9, memory: 5 }, want: { code: Code.Unschedulable, reasons: ['Insufficient cpu'] } },
  { name: 'one resource cpu fits', pod: { cpu: 1, memory: 2 }, existing: { cpu: 5, memory: 19 }, want: { code: Code.Unschedulable, reasons: ['Insufficient memory'] } },
  { name: 'equal edge case', pod: { cpu: 5, memory: 1 }, existing: { cpu: 5, memory: 19 }, want: null },
  { name: 'cpu request above allocatable is unresolvable', pod: { cpu: 11 }, existing: {}, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient cpu'] } },
  { name: 'extended resource fits', pod: { cpu: 1, memory: 1, 'example.com/aaa': 1 }, existing: {}, want: null },
  { name: 'extended resource capacity enforced', pod: { 'example.com/aaa': 10 }, existing: {}, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient example.com/aaa'] } },
  { name: 'extended resource allocatable enforced', pod: { 'example.com/aaa': 1 }, existing: { 'example.com/aaa': 5 }, want: { code: Code.Unschedulable, reasons: ['Insufficient example.com/aaa'] } },
  { name: 'extended resource allocatable enforced for unknown resource', pod: { 'example.com/bbb': 1 }, existing: {}, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient example.com/bbb'] } },
  { name: 'kubernetes.io resource capacity enforced', pod: { 'kubernetes.io/something': 10 }, existing: {}, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient kubernetes.io/something'] } },
  { name: 'kubernetes.io resource is not ignorable', pod: { 'kubernetes.io/something': 10 }, existing: {}, args: { ignoredResources: ['kubernetes.io/something'] }, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient kubernetes.io/something'] } },
  { name: 'hugepages resource capacity enforced', pod: { 'hugepages-2Mi': 10 }, existing: {}, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient hugepages-2Mi'] } },
  { name: 'hugepages resource allocatable enforced', pod: { 'hugepages-2Mi': 3 }, existing: { 'hugepages-2Mi': 3 }, want: { code: Code.Unschedulable, reasons: ['Insufficient hugepages-2Mi'] } },
  { name: 'skip checking ignored extended resource', pod: { 'example.com/bbb': 1 }, existing: {}, args: { ignoredResources: ['example.com/bbb'] }, want: null },
  { name: 'skip checking ignored extended resource via resource groups', pod: { 'example.com/bbb': 1 }, existing: {}, args: { ignoredResourceGroups: ['example.com'] }, want: null },
  { name: 'skip checking extended resource request with quantity zero', pod: { 'example.com/ccc': 0 }, existing: {}, want: null },
  { name: 'ephemeral-storage allocatable enforced', pod: { 'ephemeral-storage': 10 }, existing: { 'ephemeral-storage': 15 }, want: { code: Code.Unschedulable, reasons: ['Insufficient ephemeral-storage'] } },
  { name: 'ephemeral-storage capacity enforced', pod: { 'ephemeral-storage': 25 }, existing: {}, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient ephemeral-storage'] } },
  { name: 'all insufficient resources are reported in order', pod: { cpu: 8, memory: 8, 'ephemeral-storage': 8, 'example.com/aaa': 8 }, existing: { cpu: 5, memory: 15, 'ephemeral-storage': 15 }, want: { code: Code.UnschedulableAndUnresolvable, reasons: ['Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage', 'Insufficient example.com/aaa'] } },
];

for (const c of filterCases) {
  test(`NodeResourcesFit filter: ${c.name}`, () => {
    const node = makeNodeInfo(makeNode('n1', alloc), [pod('existing', c.existing)]);
    const plugin = fit(c.args ?? {}, [node]);
    const state = newState();
    const p = info(pod('p', c.pod));
    assert.equal(plugin.preFilter(state, p, [node]), null);
    const got = plugin.filter(state, p, node);
    if (c.want === null) assert.equal(got, null);
    else {
      assert.equal(got?.code, c.want.code);
      assert.deepEqual(got?.reasons, c.want.reasons);
    }
    // Filter without PreFilter state computes the same answer (upstream falls back only in Score, but it must not crash here).
    assert.deepEqual(plugin.filter(newState(), p, node)?.reasons ?? null, c.want?.reasons ?? null);
  });
}

test('NodeResourcesFit filter: too many pods, even for a pod requesting nothing', () => {
  const node = makeNodeInfo(makeNode('n1', { ...alloc, pods: 1 }), [pod('existing')]);
  const plugin = fit({}, [node]);
  const state = newState();
  const p = info(pod('p', {}));
  plugin.preFilter(state, p, [node]);
  const got = plugin.filter(state, p, node);
  assert.equal(got?.code, Code.Unschedulable);
  assert.deepEqual(got?.reasons, ['Too many pods']);
  const p2 = info(pod('p2', { cpu: 11 }));
  plugin.preFilter(state, p2, [node]);
  assert.deepEqual(plugin.filter(state, p2, node)?.reasons, ['Too many pods', 'Insufficient cpu']);
});

// ---- Scores.
/** Existing pods per node: a request map is one container; null is a pod without containers (upstream st.MakePod().Obj()). */
type Existing = (Record<string, number> | null)[];
interface ScoreCase { name: string; pod: Pod; nodes: [Record<string, number>, Existing][]; want: number[]; strategy?: Record<string, unknown> }

function runScores(c: ScoreCase): number[] {
  const nodes = c.nodes.map(([a, pods], i) => makeNodeInfo(makeNode(`node${i + 1}`, a), pods.map((r, j) => (r === null ? pod(`e${i}-${j}`) : pod(`e${i}-${j}`, r)))));
  const plugin = fit(c.strategy === undefined ? {} : { scoringStrategy: c.strategy }, nodes);
  const state = newState();
  const p = info(c.pod);
  assert.equal(plugin.preScore(state, p, nodes), null);
  const got = nodes.map((n) => plugin.score(state, p, n));
  // Score without PreScore state gives the same (upstream's fallback).
  assert.deepEqual(nodes.map((n) => plugin.score(newState(), p, n)), got);
  return got;
}

const cpuMem = (cpu: number, memory: number): Record<string, number> => ({ cpu, memory });
const twoContainers = pod('p', cpuMem(1000, 2000), cpuMem(2000, 3000));
const ext = 'abc.com/xyz';

// upstream least_allocated_test.go TestLeastAllocatedScoringStrategy
const leastCases: ScoreCase[] = [
  { name: 'nothing scheduled, nothing requested', pod: pod('p'), nodes: [[cpuMem(4000, 10000), []], [cpuMem(4000, 10000), []]], want: [100, 100] },
  { name: 'nothing scheduled, resources requested, differently sized nodes', pod: twoContainers, nodes: [[cpuMem(4000, 10000), []], [cpuMem(6000, 10000), []]], want: [37, 50] },
  { name: 'no resources requested, pods scheduled', pod: pod('p'), nodes: [[cpuMem(4000, 10000), [null, null]], [cpuMem(4000, 10000), [null, null]]], want: [100, 100] },
  { name: 'no resources requested, pods scheduled with resources', pod: pod('p'), nodes: [[cpuMem(10000, 20000), [cpuMem(3000, 0), cpuMem(3000, 0)]], [cpuMem(10000, 20000), [cpuMem(3000, 0), cpuMem(3000, 5000)]]], want: [70, 57] },
  { name: 'resources requested, pods scheduled with resources', pod: twoContainers, nodes: [[cpuMem(10000, 20000), [cpuMem(3000, 0)]], [cpuMem(10000, 20000), [cpuMem(3000, 5000)]]], want: [57, 45] },
  { name: 'resources requested, pods scheduled with resources, differently sized nodes', pod: twoContainers, nodes: [[cpuMem(10000, 20000), [cpuMem(3000, 0)]], [cpuMem(10000, 50000), [cpuMem(3000, 5000)]]], want: [57, 60] },
  { name: 'requested resources exceed node capacity', pod: pod('p', cpuMem(3000, 0)), nodes: [[cpuMem(4000, 10000), [cpuMem(3000, 0)]], [cpuMem(4000, 10000), [cpuMem(3000, 5000)]]], want: [50, 25] },
  { name: 'zero node resources, pods scheduled with resources', pod: pod('p'), nodes: [[{}, [cpuMem(3000, 0)]], [{}, [cpuMem(3000, 5000)]]], want: [0, 0] },
  { name: 'different weights on cpu and memory', pod: twoContainers, nodes: [[cpuMem(4000, 10000), []], [cpuMem(6000, 10000), []]], want: [41, 50], strategy: { type: 'LeastAllocated', resources: [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }] } },
  { name: 'bypass extended resource if the pod does not request', pod: twoContainers, nodes: [[cpuMem(6000, 10000), []], [{ ...cpuMem(6000, 10000), [ext]: 4 }, []]], want: [50, 50], strategy: { type: 'LeastAllocated', resources: [{ name: 'cpu' }, { name: 'memory' }, { name: ext }] } },
  { name: 'honor extended resource if the pod requests', pod: pod('p', { cpu: 3000, memory: 5000, [ext]: 2 }), nodes: [[{ ...cpuMem(6000, 10000), [ext]: 4 }, []], [{ ...cpuMem(6000, 10000), [ext]: 10 }, []]], want: [50, 60], strategy: { type: 'LeastAllocated', resources: [{ name: 'cpu' }, { name: 'memory' }, { name: ext }] } },
  { name: "if the node doesn't have a resource", pod: pod('p', cpuMem(3000, 4000)), nodes: [[cpuMem(6000, 10000), []], [{ ...cpuMem(6000, 10000), [ext]: 4 }, []]], want: [55, 55], strategy: { type: 'LeastAllocated', resources: [{ name: ext, weight: 2 }, { name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } },
  { name: 'containers without requests count 100m / 200MiB', pod: pod('p', {}), nodes: [[cpuMem(1000, 400 * 2 ** 20), []], [cpuMem(1000, 400 * 2 ** 20), [{}]]], want: [70, 40] },
];
for (const c of leastCases) test(`LeastAllocated: ${c.name}`, () => assert.deepEqual(runScores(c), c.want));

// MostAllocated (worked examples on upstream most_allocated_test.go's shapes).
const most = (resources?: unknown[]): Record<string, unknown> => (resources === undefined ? { type: 'MostAllocated' } : { type: 'MostAllocated', resources });
const mostCases: ScoreCase[] = [
  { name: 'nothing scheduled, nothing requested', pod: pod('p'), nodes: [[cpuMem(4000, 10000), []], [cpuMem(4000, 10000), []]], want: [0, 0], strategy: most() },
  // node1: cpu 3000·100/4000 = 75, memory 50 → 62; node2: 50, 50 → 50
  { name: 'nothing scheduled, resources requested, differently sized nodes', pod: twoContainers, nodes: [[cpuMem(4000, 10000), []], [cpuMem(6000, 10000), []]], want: [62, 50], strategy: most() },
  // node1: cpu 6000·100/10000 = 60, memory 5000·100/20000 = 25 → 42; node2: 60, 10000·100/20000 = 50 → 55
  { name: 'resources requested, pods scheduled with resources', pod: twoContainers, nodes: [[cpuMem(10000, 20000), [cpuMem(3000, 0)]], [cpuMem(10000, 20000), [cpuMem(3000, 5000)]]], want: [42, 55], strategy: most() },
  // cpu 6000 > 4000 is capped at 100; memory 0 / 50 → 50, 75
  { name: 'requested resources exceed node capacity', pod: pod('p', cpuMem(3000, 0)), nodes: [[cpuMem(4000, 10000), [cpuMem(3000, 0)]], [cpuMem(4000, 10000), [cpuMem(3000, 5000)]]], want: [50, 75], strategy: most() },
  // (75·1 + 50·2) / 3 = 58; (50 + 100) / 3 = 50
  { name: 'different weights on cpu and memory', pod: twoContainers, nodes: [[cpuMem(4000, 10000), []], [cpuMem(6000, 10000), []]], want: [58, 50], strategy: most([{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }]) },
];
for (const c of mostCases) test(`MostAllocated: ${c.name}`, () => assert.deepEqual(runScores(c), c.want));

// upstream requested_to_capacity_ratio_test.go TestRequestedToCapacityRatioScoringStrategy and TestResourceBinPackingSingleExtended
const rtcr = (shape: unknown[], resources?: unknown[]): Record<string, unknown> => ({ type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape }, ...(resources === undefined ? {} : { resources }) });
const leastShape = [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }];
const foo = 'intel.com/foo';
const fooNodes = (e1: Existing, e2: Existing): [Record<string, number>, Existing][] => [
  [{ cpu: 4000, memory: 10000 * 2 ** 20, [foo]: 8 }, e1], [{ cpu: 4000, memory: 10000 * 2 ** 20, [foo]: 4 }, e2]];
const binPack = rtcr([{ utilization: 0, score: 0 }, { utilization: 100, score: 1 }], [{ name: foo, weight: 1 }]);
const rtcrCases: ScoreCase[] = [
  { name: 'nothing scheduled, nothing requested', pod: pod('p'), nodes: [[cpuMem(4000, 10000), [null, null]], [cpuMem(4000, 10000), []]], want: [100, 100], strategy: rtcr(leastShape) },
  { name: 'nothing scheduled, resources requested, differently sized nodes', pod: twoContainers, nodes: [[cpuMem(4000, 10000), []], [cpuMem(6000, 10000), []]], want: [38, 50], strategy: rtcr(leastShape) },
  { name: 'no resources requested, pods scheduled with resources', pod: pod('p'), nodes: [[cpuMem(4000, 10000), [cpuMem(3000, 5000)]], [cpuMem(6000, 10000), [cpuMem(3000, 5000)]]], want: [38, 50], strategy: rtcr(leastShape) },
  { name: 'bin packing: nothing requested', pod: pod('p'), nodes: fooNodes([], []), want: [0, 0], strategy: binPack },
  { name: 'bin packing: resources requested, pods scheduled with less resources', pod: pod('p', { [foo]: 2 }), nodes: fooNodes([null], []), want: [2, 5], strategy: binPack },
  { name: 'bin packing: on node with existing pod running', pod: pod('p', { [foo]: 2 }), nodes: fooNodes([], [{ [foo]: 2 }]), want: [2, 10], strategy: binPack },
  { name: 'bin packing: resources requested, pods scheduled with more resources', pod: pod('p', { [foo]: 4 }), nodes: fooNodes([null], []), want: [5, 10], strategy: binPack },
];
for (const c of rtcrCases) test(`RequestedToCapacityRatio: ${c.name}`, () => assert.deepEqual(runScores(c), c.want));

test('brokenLinearFunction: upstream TestBrokenLinearFunction', () => {
  const cases: [{ utilization: number; score: number }[], [number, number][]][] = [
    [[{ utilization: 10, score: 1 }, { utilization: 90, score: 9 }], [[-10, 1], [0, 1], [9, 1], [10, 1], [15, 1], [19, 1], [20, 2], [89, 8], [90, 9], [99, 9], [100, 9], [110, 9]]],
    [[{ utilization: 0, score: 2 }, { utilization: 40, score: 10 }, { utilization: 100, score: 0 }], [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]]],
    [[{ utilization: 0, score: 2 }, { utilization: 40, score: 2 }, { utilization: 100, score: 2 }], [[-10, 2], [0, 2], [20, 2], [40, 2], [70, 2], [100, 2], [110, 2]]],
  ];
  for (const [shape, points] of cases) {
    const f = brokenLinearFunction(shape);
    for (const [p, want] of points) assert.equal(f(p), want, `shape ${JSON.stringify(shape)} at ${p}`);
  }
  // Go integer division truncates toward zero on a decreasing segment: 100 − 33.3 → 67, not 66.
  assert.equal(brokenLinearFunction([{ utilization: 0, score: 100 }, { utilization: 30, score: 0 }])(10), 67);
});

// ---- Args (upstream validation_pluginargs.go ValidateNodeResourcesFitArgs and v1 defaults).
const badArgs: ReadonlyArray<[string, Record<string, unknown>, (string | number)[], RegExp]> = [
  ['unknown strategy type', { scoringStrategy: { type: 'Foo' } }, ['scoringStrategy', 'type'], /must be one of LeastAllocated, MostAllocated, RequestedToCapacityRatio/],
  ['missing strategy type', { scoringStrategy: { resources: [] } }, ['scoringStrategy', 'type'], /must be one of/],
  ['negative weight', { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }] } }, ['scoringStrategy', 'resources', 0, 'weight'], /not in valid range \(0, 100\]/],
  ['weight above 100', { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }] } }, ['scoringStrategy', 'resources', 1, 'weight'], /not in valid range/],
  ['non-integer weight', { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1.5 }] } }, ['scoringStrategy', 'resources', 0, 'weight'], /integer/],
  ['RTCR without shape', { scoringStrategy: { type: 'RequestedToCapacityRatio' } }, ['scoringStrategy', 'requestedToCapacityRatio', 'shape'], /at least one point/],
  ['RTCR empty shape', { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [] } } }, ['scoringStrategy', 'requestedToCapacityRatio', 'shape'], /at least one point/],
  ['RTCR unsorted shape', { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 50, score: 2 }] } } }, ['scoringStrategy', 'requestedToCapacityRatio', 'shape', 1, 'utilization'], /sorted in increasing order/],
  ['RTCR score above 10', { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 11 }] } } }, ['scoringStrategy', 'requestedToCapacityRatio', 'shape', 0, 'score'], /\[0, 10\]/],
  ['RTCR utilization above 100', { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 101, score: 1 }] } } }, ['scoringStrategy', 'requestedToCapacityRatio', 'shape', 0, 'utilization'], /\[0, 100\]/],
  ['resource group with a slash', { ignoredResourceGroups: ['example.com/aaa'] }, ['ignoredResourceGroups', 0], /can't contain '\/'/],
  ['invalid ignored resource name', { ignoredResources: ['-bad-'] }, ['ignoredResources', 0], /qualified name/],
  ['unknown field', { scoringStrategyy: {} }, ['scoringStrategyy'], /unknown field/],
];
for (const [name, args, path, message] of badArgs) {
  test(`NodeResourcesFit args: ${name}`, () => {
    assert.throws(() => fit(args), (e: unknown) => e instanceof PluginArgsError && assert.deepEqual(e.path, path) === undefined && message.test(e.message));
  });
}

test('NodeResourcesFit args: defaults (LeastAllocated on cpu/memory; weight 0 defaults to 1; apiVersion/kind accepted)', () => {
  const nodes = [makeNodeInfo(makeNode('node1', cpuMem(4000, 10000))), makeNodeInfo(makeNode('node2', cpuMem(6000, 10000)))];
  for (const args of [{}, { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'NodeResourcesFitArgs' }, { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 0 }, { name: 'memory' }] } }]) {
    const plugin = fit(args, nodes);
    const state = newState();
    const p = info(twoContainers);
    plugin.preScore(state, p, nodes);
    assert.deepEqual(nodes.map((n) => plugin.score(state, p, n)), [37, 50]);
  }
});
