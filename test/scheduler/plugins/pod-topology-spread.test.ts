/**
 * PodTopologySpread tests, table-driven after upstream
 * pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go (TestSingleConstraint,
 * TestPreFilterStateAddPod/RemovePod) and scoring_test.go (TestPodTopologySpreadScore).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelSelector, Node, Pod, Taint, TopologySpreadConstraint } from '../../../src/api/objects.js';
import type { NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import { PluginArgsError } from '../../../src/scheduler/framework/registry.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { PodTopologySpread, parsePodTopologySpreadArgs, podTopologySpreadPlugin } from '../../../src/scheduler/plugins/pod-topology-spread.js';
import { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch } from '../../../src/scheduler/plugins/pod-topology-spread-filter.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

const HOST = 'kubernetes.io/hostname';
const foo: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
const bar: LabelSelector = { matchExpressions: [{ key: 'bar', operator: 'Exists' }] };
const unschedulableTaint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

type When = TopologySpreadConstraint['whenUnsatisfiable'];
/** A constraint like upstream st.MakePod().SpreadConstraint(maxSkew, key, when, selector, minDomains, affinityPolicy, taintsPolicy). */
function sc(maxSkew: number, topologyKey: string, when: When, labelSelector?: LabelSelector, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable: when, ...(labelSelector === undefined ? {} : { labelSelector }), ...extra };
}

/** The incoming pod `p` with labels and spec. */
function incoming(labels: Record<string, string>, spec: Parameters<typeof makePod>[2] = {}): Pod {
  return makePod('p', {}, spec, labels);
}

/** The incoming pod owned by a ReplicaSet: only owned pods get default constraints (upstream helper.DefaultSelector). */
function owned(labels: Record<string, string>): Pod {
  const p = incoming(labels);
  return { ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }] } };
}

/** A node: name, labels, taints, and `bare` to drop the automatic hostname label. */
type NodeSpec = [name: string, labels: Record<string, string>, taints?: Taint[] | undefined, bare?: boolean];
type PodSpec = [name: string, node: string, labels: Record<string, string>, namespace?: string];

/** NodeInfos of `nodes` holding `pods` (pods on nodes not listed are dropped, as in upstream's snapshot). */
function cluster(nodes: NodeSpec[], pods: PodSpec[] = []): NodeInfo[] {
  return nodes.map(([name, labels, taints, bare]) => {
    const made = makeNode(name, undefined, { labels, ...(taints === undefined ? {} : { spec: { taints } }) });
    const n: Node = bare === true ? { ...made, metadata: { ...made.metadata, labels } } : made;
    return makeNodeInfo(n, pods.filter((p) => p[1] === name).map(([pn, , l, ns]) => makePod(pn, {}, {}, l, ns)));
  });
}

const listArgs = { defaultingType: 'List' };
const zoneNodes: NodeSpec[] = [['node-a', { zone: 'zone1', node: 'node-a' }], ['node-b', { zone: 'zone1', node: 'node-b' }], ['node-x', { zone: 'zone2', node: 'node-x' }], ['node-y', { zone: 'zone2', node: 'node-y' }]];
const spread2103: PodSpec[] = [
  ['p-a1', 'node-a', { foo: '' }], ['p-a2', 'node-a', { foo: '' }], ['p-b1', 'node-b', { foo: '' }],
  ['p-y1', 'node-y', { foo: '' }], ['p-y2', 'node-y', { foo: '' }], ['p-y3', 'node-y', { foo: '' }],
];

type Want = 'ok' | 'unsched' | 'unresolvable';
function codeOf(s: ReturnType<PodTopologySpread['filter']>): Want {
  if (s === null) return 'ok';
  if (s.code === Code.Unschedulable) return 'unsched';
  assert.equal(s.code, Code.UnschedulableAndUnresolvable);
  return 'unresolvable';
}

function runFilter(pod: Pod, nodes: NodeInfo[], args: Record<string, unknown> = listArgs): Record<string, Want> {
  const pl = podTopologySpreadPlugin.factory(args, makeHandle(nodes)) as PodTopologySpread;
  const state = newState();
  assert.equal(pl.preFilter(state, info(pod), nodes), null);
  return Object.fromEntries(nodes.map((n) => [n.name, codeOf(pl.filter(state, info(pod), n))]));
}

const filterCases: { name: string; pod: Pod; nodes: NodeSpec[]; pods?: PodSpec[]; want: Want[] }[] = [
  { name: 'no existing pods', pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] }), nodes: zoneNodes, want: ['ok', 'ok', 'ok', 'ok'] },
  { name: "no existing pods, incoming pod doesn't match itself", pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', bar)] }), nodes: zoneNodes, want: ['ok', 'ok', 'ok', 'ok'] },
  {
    name: 'existing pods in a different namespace do not count',
    pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] }), nodes: zoneNodes,
    pods: [['p-a1', 'node-a', { foo: '' }, 'ns1'], ['p-b1', 'node-a', { foo: '' }, 'ns2'], ['p-x1', 'node-x', { foo: '' }], ['p-y1', 'node-y', { foo: '' }]],
    want: ['ok', 'ok', 'unsched', 'unsched'],
  },
  {
    name: 'existing pods do not match null selector',
    pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule')] }),
    nodes: zoneNodes, pods: [['p-x1', 'node-x', { foo: '' }], ['p-y1', 'node-y', { foo: '' }]],
    want: ['ok', 'ok', 'ok', 'ok'],
  },
  { name: 'pods spread across zones as 3/3, all nodes fit', pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] }), nodes: zoneNodes, pods: spread2103, want: ['ok', 'ok', 'ok', 'ok'] },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] }),
    nodes: [zoneNodes[0] as NodeSpec, ['node-b', { zon: 'zone1', node: 'node-b' }], zoneNodes[2] as NodeSpec, zoneNodes[3] as NodeSpec],
    pods: [['p-a1', 'node-a', { foo: '' }], ['p-b1', 'node-b', { foo: '' }], ['p-x1', 'node-x', { foo: '' }], ['p-y1', 'node-y', { foo: '' }]],
    want: ['ok', 'unresolvable', 'unsched', 'unsched'],
  },
  {
    name: "pod cannot be scheduled as all nodes don't have label 'rack'",
    pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'rack', 'DoNotSchedule', foo)] }),
    nodes: [zoneNodes[0] as NodeSpec, zoneNodes[2] as NodeSpec], want: ['unresolvable', 'unresolvable'],
  },
  { name: 'pods spread across nodes as 2/1/0/3, only node-x fits', pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo)] }), nodes: zoneNodes, pods: spread2103, want: ['unsched', 'unsched', 'ok', 'unsched'] },
  { name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit', pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(2, 'node', 'DoNotSchedule', foo)] }), nodes: zoneNodes, pods: spread2103, want: ['unsched', 'ok', 'ok', 'unsched'] },
  { name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself", pod: incoming({ bar: '' }, { topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo)] }), nodes: zoneNodes, pods: spread2103, want: ['unsched', 'ok', 'ok', 'unsched'] },
  {
    // Only node-a and node-y are eligible, so the spread is 2/~1~/~0~/3 (node-b/node-x pass here as NodeAffinity is not run).
    name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
    pod: incoming({ foo: '' }, {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] }] } } },
      topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo)],
    }),
    nodes: zoneNodes, pods: spread2103, want: ['ok', 'ok', 'ok', 'unsched'],
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
    pod: incoming({ foo: '' }, {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'node', operator: 'NotIn', values: ['node-b'] }] }] } } },
      topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)],
    }),
    nodes: zoneNodes, pods: [['p-b1', 'node-b', { foo: '' }], ['p-b2', 'node-b', { foo: '' }], ['p-y1', 'node-y', { foo: '' }]],
    want: ['ok', 'ok', 'unsched', 'unsched'],
  },
  ...minDomainsCases(),
  ...inclusionPolicyCases(),
];

function minDomainsCases(): typeof filterCases {
  const hosts: NodeSpec[] = [['node-a', { node: 'node-a' }], ['node-b', { node: 'node-b' }], ['node-c', { node: 'node-c' }]];
  const pods221: PodSpec[] = [['p-a1', 'node-a', { foo: '' }], ['p-a2', 'node-a', { foo: '' }], ['p-b1', 'node-b', { foo: '' }], ['p-b2', 'node-b', { foo: '' }], ['p-c1', 'node-c', { foo: '' }]];
  const zone21: PodSpec[] = [['p-b1', 'node-a', { foo: '' }], ['p-b2', 'node-b', { foo: '' }], ['p-y1', 'node-y', { foo: '' }]];
  const c = (maxSkew: number, key: string, minDomains: number): Pod => incoming({ foo: '' }, { topologySpreadConstraints: [sc(maxSkew, key, 'DoNotSchedule', foo, { minDomains })] });
  return [
    { name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits', pod: c(2, 'node', 4), nodes: hosts, pods: pods221, want: ['unsched', 'unsched', 'ok'] },
    { name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit', pod: c(2, 'node', 2), nodes: hosts, pods: pods221, want: ['ok', 'ok', 'ok'] },
    { name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit', pod: c(2, 'zone', 3), nodes: zoneNodes, pods: zone21, want: ['unsched', 'unsched', 'ok', 'ok'] },
    { name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit', pod: c(2, 'zone', 1), nodes: zoneNodes, pods: zone21, want: ['ok', 'ok', 'ok', 'ok'] },
  ];
}

function inclusionPolicyCases(): typeof filterCases {
  const nodes: NodeSpec[] = [['node-a', { node: 'node-a', foo: '' }], ['node-b', { node: 'node-b', foo: '' }], ['node-x', { node: 'node-x', foo: '' }], ['node-y', { node: 'node-y' }]];
  const tainted: NodeSpec[] = [...nodes.slice(0, 3), ['node-y', { node: 'node-y' }, [unschedulableTaint]]];
  const pods: PodSpec[] = [['p-b1', 'node-a', { foo: '' }], ['p-b2', 'node-b', { foo: '' }], ['p-y1', 'node-y', { foo: '' }]];
  const withSelector = (extra: Partial<TopologySpreadConstraint>): Pod => incoming({ foo: '' }, { nodeSelector: { foo: '' }, topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo, extra)] });
  return [
    { name: 'NodeAffinityPolicy honored with labelSelectors', pod: withSelector({}), nodes, pods, want: ['unsched', 'unsched', 'ok', 'ok'] },
    { name: 'NodeAffinityPolicy ignored with labelSelectors', pod: withSelector({ nodeAffinityPolicy: 'Ignore' }), nodes, pods, want: ['unsched', 'unsched', 'ok', 'unsched'] },
    { name: 'NodeTaintsPolicy honored', pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo, { nodeTaintsPolicy: 'Honor' })] }), nodes: tainted, pods, want: ['unsched', 'unsched', 'ok', 'ok'] },
    { name: 'NodeTaintsPolicy ignored', pod: incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo)] }), nodes: tainted, pods, want: ['unsched', 'unsched', 'ok', 'unsched'] },
    {
      name: 'NodeTaintsPolicy honored, taint tolerated',
      pod: incoming({ foo: '' }, { tolerations: [{ key: unschedulableTaint.key, operator: 'Exists' }], topologySpreadConstraints: [sc(1, 'node', 'DoNotSchedule', foo, { nodeTaintsPolicy: 'Honor' })] }),
      nodes: tainted, pods, want: ['unsched', 'unsched', 'ok', 'unsched'],
    },
  ];
}

for (const tc of filterCases) {
  test(`PodTopologySpread Filter: ${tc.name}`, () => {
    const nodes = cluster(tc.nodes, tc.pods);
    assert.deepEqual(runFilter(tc.pod, nodes), Object.fromEntries(nodes.map((n, i) => [n.name, tc.want[i]])));
  });
}

test('PodTopologySpread Filter: reasons are upstream ErrReasonNodeLabelNotMatch / ErrReasonConstraintsNotMatch', () => {
  const nodes = cluster([['node-a', { zone: 'z1' }], ['node-b', {}]], [['p1', 'node-a', { foo: '' }]]);
  const pod = incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] });
  const pl = podTopologySpreadPlugin.factory(listArgs, makeHandle([...nodes, ...cluster([['node-c', { zone: 'z2' }]])])) as PodTopologySpread;
  const state = newState();
  pl.preFilter(state, info(pod), nodes);
  assert.deepEqual(pl.filter(state, info(pod), nodes[0] as NodeInfo)?.reasons, [ErrReasonConstraintsNotMatch]);
  assert.deepEqual(pl.filter(state, info(pod), nodes[1] as NodeInfo)?.reasons, [ErrReasonNodeLabelNotMatch]);
});

test('PodTopologySpread PreFilter: Skip without DoNotSchedule constraints (own ScheduleAnyway, or system defaults)', () => {
  const nodes = cluster(zoneNodes);
  const cases: [Record<string, unknown>, Pod][] = [[listArgs, incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'ScheduleAnyway', foo)] })], [{}, incoming({ foo: '' })]];
  for (const [args, pod] of cases) assert.equal((podTopologySpreadPlugin.factory(args, makeHandle(nodes)) as PodTopologySpread).preFilter(newState(), info(pod), nodes)?.status?.code, Code.Skip);
});

test('PodTopologySpread: List default constraints select by the pod labels; counts follow node changes across cycles', () => {
  const args = { defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }] };
  const nodes = cluster(zoneNodes, [...spread2103, ['other', 'node-x', { app: 'other' }]]);
  const pl = podTopologySpreadPlugin.factory(args, makeHandle(nodes)) as PodTopologySpread;
  const pod = info(owned({ foo: '' }));
  const codes = (): Want[] => {
    const st = newState();
    assert.equal(pl.preFilter(st, pod, nodes), null);
    return nodes.map((n) => codeOf(pl.filter(st, pod, n)));
  };
  assert.deepEqual(codes(), ['unsched', 'unsched', 'ok', 'unsched']);
  for (const name of ['x1', 'x2']) (nodes[2] as NodeInfo).addPod(info(makePod(name, {}, {}, { foo: '' }))); // now 2/1/2/3
  assert.deepEqual(codes(), ['unsched', 'ok', 'unsched', 'unsched'], 'memoised counts are refreshed when a node changes');
  assert.equal(pl.preFilter(newState(), info(incoming({})), nodes)?.status?.code, Code.Skip);
});

test('PodTopologySpread AddPod/RemovePod update only the cloned state (upstream TestPreFilterStateAddPod/RemovePod)', () => {
  const nodes = cluster(zoneNodes, [['p-a1', 'node-a', { foo: '' }], ['p-a2', 'node-a', { foo: '' }], ['p-x1', 'node-x', { foo: '' }]]);
  const pod = info(incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] }));
  const pl = podTopologySpreadPlugin.factory(listArgs, makeHandle(nodes)) as PodTopologySpread;
  const state = newState();
  assert.equal(pl.preFilter(state, pod, nodes), null);
  const codes = (s: typeof state): Want[] => nodes.map((n) => codeOf(pl.filter(s, pod, n)));
  assert.deepEqual(codes(state), ['unsched', 'unsched', 'ok', 'ok']); // zone1: 2, zone2: 1
  const [nodeA, , nodeX] = nodes as [NodeInfo, NodeInfo, NodeInfo, NodeInfo];
  const removed = state.clone();
  assert.equal(pl.removePod(removed, pod, nodeA.pods[0]!, nodeA), null); // zone1: 1
  assert.deepEqual(codes(removed), ['ok', 'ok', 'ok', 'ok']);
  const added = state.clone();
  assert.equal(pl.addPod(added, pod, info(makePod('new', {}, {}, { foo: '' })), nodeX), null); // zone2: 2 → min 2
  assert.deepEqual(codes(added), ['ok', 'ok', 'ok', 'ok']);
  const twice = added.clone();
  pl.addPod(twice, pod, info(makePod('new2', {}, {}, { foo: '' })), nodeX); // zone2: 3 → min 2
  assert.deepEqual(codes(twice), ['ok', 'ok', 'unsched', 'unsched']);
  const irrelevant = state.clone();
  pl.addPod(irrelevant, pod, info(makePod('ns', {}, {}, { foo: '' }, 'other')), nodeX); // other namespace
  pl.addPod(irrelevant, pod, info(makePod('nf', {}, {}, { bar: '' })), nodeX); // selector mismatch
  assert.deepEqual(codes(irrelevant), ['unsched', 'unsched', 'ok', 'ok']);
  assert.deepEqual(codes(state), ['unsched', 'unsched', 'ok', 'ok'], 'the original state is unchanged');
});

/** Upstream TestPodTopologySpreadScore: scores of `filtered` (names) after NormalizeScore. */
function runScore(pod: Pod, all: NodeInfo[], filtered: string[], args: Record<string, unknown> = listArgs): Record<string, number | undefined> {
  const pl = podTopologySpreadPlugin.factory(args, makeHandle(all)) as PodTopologySpread;
  const nodes = filtered.map((n) => all.find((x) => x.name === n) as NodeInfo);
  const state = newState();
  assert.equal(pl.preScore(state, info(pod), nodes), null);
  const scores = Float64Array.from(nodes, (n) => pl.score(state, info(pod), n));
  pl.normalizeScore(state, info(pod), scores);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]));
}

const hostNodes = (...names: string[]): NodeSpec[] => names.map((n) => [n, {}]);
const spread = (counts: Record<string, number>): PodSpec[] =>
  Object.entries(counts).flatMap(([node, k]) => Array.from({ length: k }, (_, i): PodSpec => [`p-${node}-${i}`, node, { foo: '' }]));
/** A ScheduleAnyway constraint; `selector` null is a nil labelSelector. */
const soft = (maxSkew: number, key = HOST, selector: LabelSelector | null = foo): Pod =>
  incoming({ foo: '' }, { topologySpreadConstraints: [sc(maxSkew, key, 'ScheduleAnyway', selector ?? undefined)] });

const scoreCases: { name: string; pod: Pod; nodes: NodeSpec[]; pods?: PodSpec[]; filtered: string[]; want: number[]; args?: Record<string, unknown> }[] = [
  { name: 'one constraint on node, no existing pods', pod: soft(1), nodes: hostNodes('node-a', 'node-b'), filtered: ['node-a', 'node-b'], want: [100, 100] },
  { name: 'one constraint on node, only one node is candidate', pod: soft(1), nodes: hostNodes('node-a', 'node-b'), pods: spread({ 'node-a': 2, 'node-b': 1 }), filtered: ['node-a'], want: [100] },
  { name: 'one constraint on node, all nodes have the same number of matching pods', pod: soft(1), nodes: hostNodes('node-a', 'node-b'), pods: spread({ 'node-a': 1, 'node-b': 1 }), filtered: ['node-a', 'node-b'], want: [100, 100] },
  { name: 'one constraint on node, all 4 nodes are candidates', pod: soft(1), nodes: hostNodes('node-a', 'node-b', 'node-c', 'node-d'), pods: spread({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), filtered: ['node-a', 'node-b', 'node-c', 'node-d'], want: [20, 60, 100, 0] },
  { name: 'one constraint on node, null selector', pod: soft(1, HOST, null), nodes: hostNodes('node-a', 'node-b', 'node-c', 'node-d'), pods: spread({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), filtered: ['node-a', 'node-b', 'node-c', 'node-d'], want: [100, 100, 100, 100] },
  { name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2', pod: soft(2), nodes: hostNodes('node-a', 'node-b', 'node-c', 'node-d'), pods: spread({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), filtered: ['node-a', 'node-b', 'node-c', 'node-d'], want: [33, 66, 100, 16] },
  { name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3', pod: soft(3), nodes: hostNodes('node-a', 'node-b', 'node-c', 'node-d'), pods: spread({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }), filtered: ['node-a', 'node-b', 'node-c', 'node-d'], want: [44, 66, 77, 100] },
  {
    // Upstream selects by a Service with selector foo; here the pod's own labels ({foo: ''}) play that part.
    name: "system defaulting, nodes don't have zone, pods match service", pod: owned({ foo: '' }), args: {},
    nodes: hostNodes('node-a', 'node-b', 'node-c', 'node-d'), pods: spread({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }), filtered: ['node-a', 'node-b', 'node-c', 'node-d'], want: [44, 66, 77, 100],
  },
  { name: 'one constraint on node, 3 out of 4 nodes are candidates', pod: soft(1), nodes: hostNodes('node-a', 'node-b', 'node-x', 'node-y'), pods: spread({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), filtered: ['node-a', 'node-b', 'node-x'], want: [33, 83, 100] },
  {
    name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key", pod: soft(1),
    nodes: [['node-a', {}], ['node-b', { n: 'node-b' }, undefined, true], ['node-x', {}], ['node-y', {}]],
    pods: spread({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), filtered: ['node-a', 'node-b', 'node-x'], want: [16, 0, 100],
  },
  {
    name: 'one constraint on zone, 3 out of 4 nodes are candidates', pod: soft(1, 'zone'),
    nodes: [['node-a', { zone: 'zone1' }], ['node-b', { zone: 'zone1' }], ['node-x', { zone: 'zone2' }], ['node-y', { zone: 'zone2' }]],
    pods: spread({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), filtered: ['node-a', 'node-b', 'node-x'], want: [75, 75, 100],
  },
];

for (const tc of scoreCases) {
  test(`PodTopologySpread Score: ${tc.name}`, () => {
    assert.deepEqual(runScore(tc.pod, cluster(tc.nodes, tc.pods), tc.filtered, tc.args), Object.fromEntries(tc.filtered.map((n, i) => [n, tc.want[i]])));
  });
}

test('PodTopologySpread PreScore: Skip without ScheduleAnyway constraints or a selector to default', () => {
  const nodes = cluster(zoneNodes);
  const cases: [Record<string, unknown>, Pod][] = [
    [listArgs, incoming({ foo: '' })],
    [{}, incoming({})],
    [{}, incoming({ foo: '' }, { topologySpreadConstraints: [sc(1, 'zone', 'DoNotSchedule', foo)] })],
  ];
  for (const [args, pod] of cases) {
    const pl = podTopologySpreadPlugin.factory(args, makeHandle(nodes)) as PodTopologySpread;
    assert.equal(pl.preScore(newState(), info(pod), nodes)?.code, Code.Skip);
  }
});

test('PodTopologySpread args: defaults and validation as upstream ValidatePodTopologySpreadArgs', () => {
  assert.deepEqual(parsePodTopologySpreadArgs({}), { defaultConstraints: [], defaultingType: 'System' });
  const ok = { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }] };
  assert.deepEqual(parsePodTopologySpreadArgs(ok).defaultConstraints, ok.defaultConstraints);
  const c0 = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' };
  const bad: [Record<string, unknown>, (string | number)[]][] = [
    [{ defaultingType: 'Other' }, ['defaultingType']],
    [{ defaultConstraints: [c0] }, ['defaultingType']], // System with constraints
    [{ defaultingType: 'List', defaultConstraints: [{ ...c0, maxSkew: 0 }] }, ['defaultConstraints', 0, 'maxSkew']],
    [{ defaultingType: 'List', defaultConstraints: [{ ...c0, topologyKey: '' }] }, ['defaultConstraints', 0, 'topologyKey']],
    [{ defaultingType: 'List', defaultConstraints: [{ ...c0, topologyKey: 'bad key!' }] }, ['defaultConstraints', 0, 'topologyKey']],
    [{ defaultingType: 'List', defaultConstraints: [{ ...c0, whenUnsatisfiable: 'Sometimes' }] }, ['defaultConstraints', 0, 'whenUnsatisfiable']],
    [{ defaultingType: 'List', defaultConstraints: [{ ...c0, labelSelector: {} }] }, ['defaultConstraints', 0, 'labelSelector']],
    [{ defaultingType: 'List', defaultConstraints: [c0, { ...c0, maxSkew: 3 }] }, ['defaultConstraints', 1]],
    [{ defaultingType: 'List', bogus: 1 }, ['bogus']],
  ];
  for (const [args, path] of bad) {
    assert.throws(() => podTopologySpreadPlugin.factory(args, makeHandle([])), (e: unknown) => e instanceof PluginArgsError && JSON.stringify(e.path) === JSON.stringify(path), JSON.stringify(args));
  }
});

test('PodTopologySpread: a bare pod (no owner) gets no system default constraints, as upstream finds no selector for it', () => {
  const nodes = [makeNodeInfo(makeNode('a')), makeNodeInfo(makeNode('b'))];
  const pl = podTopologySpreadPlugin.factory({}, makeHandle(nodes)) as unknown as { preScore(s: ReturnType<typeof newState>, p: ReturnType<typeof info>, n: typeof nodes): { code: number } | null };
  assert.equal(pl.preScore(newState(), info(incoming({ foo: '' })), nodes)?.code, Code.Skip);
  assert.equal(pl.preScore(newState(), info(owned({ foo: '' })), nodes), null);
});
