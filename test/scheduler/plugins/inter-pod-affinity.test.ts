/**
 * InterPodAffinity tests, table-driven after upstream
 * pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go (TestRequiredAffinitySingleNode,
 * TestRequiredAffinityMultipleNodes, TestPreFilterStateAddRemovePod) and scoring_test.go
 * (TestPreferredAffinity, TestPreferredAffinityWithHardPodAffinitySymmetricWeight).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Affinity, LabelSelector, Pod, PodAffinityTerm } from '../../../src/api/objects.js';
import type { NodeInfo } from '../../../src/scheduler/framework/node-info.js';
import { PluginArgsError } from '../../../src/scheduler/framework/registry.js';
import { Code, type Result } from '../../../src/scheduler/framework/status.js';
import { InterPodAffinity, interPodAffinityPlugin, parseInterPodAffinityArgs } from '../../../src/scheduler/plugins/inter-pod-affinity.js';
import { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch } from '../../../src/scheduler/plugins/inter-pod-affinity-filter.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

const HOST = 'kubernetes.io/hostname';
const podLabel = { service: 'securityscan' };
const podLabel2 = { security: 'S1' };

const inSel = (key: string, values: string[]): LabelSelector => ({ matchExpressions: [{ key, operator: 'In', values }] });
const notInSel = (key: string, values: string[]): LabelSelector => ({ matchExpressions: [{ key, operator: 'NotIn', values }] });
const exists = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: 'Exists' }] });
const term = (labelSelector: LabelSelector, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector, topologyKey, ...extra });

/** Affinity with required (anti-)affinity terms, as upstream createPodWithAffinityTerms / PodAffinityIn(…, Required). */
function required(affinity: PodAffinityTerm[] = [], anti: PodAffinityTerm[] = []): Affinity {
  return {
    ...(affinity.length > 0 ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity } } : {}),
    ...(anti.length > 0 ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
  };
}

/** Affinity with preferred terms: [weight, term] pairs. */
function preferred(affinity: [number, PodAffinityTerm][] = [], anti: [number, PodAffinityTerm][] = []): Affinity {
  const w = (ts: [number, PodAffinityTerm][]) => ts.map(([weight, podAffinityTerm]) => ({ weight, podAffinityTerm }));
  return {
    ...(affinity.length > 0 ? { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: w(affinity) } } : {}),
    ...(anti.length > 0 ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: w(anti) } } : {}),
  };
}

function pod(name: string, labels: Record<string, string>, affinity?: Affinity, namespace = 'default'): Pod {
  return makePod(name, {}, affinity === undefined ? {} : { affinity }, labels, namespace);
}

type NodeSpec = [name: string, labels: Record<string, string>];
/** NodeInfos of `nodes`; `pods` maps node name → pods on it. */
function cluster(nodes: NodeSpec[], pods: Record<string, Pod[]> = {}): NodeInfo[] {
  return nodes.map(([name, labels]) => makeNodeInfo(makeNode(name, undefined, { labels }), pods[name] ?? []));
}

type Want = 'ok' | 'skip' | [code: number, reason: string];
const affinityFail: Want = [Code.UnschedulableAndUnresolvable, ErrReasonAffinityRulesNotMatch];
const antiFail: Want = [Code.Unschedulable, ErrReasonAntiAffinityRulesNotMatch];
const existingFail: Want = [Code.Unschedulable, ErrReasonExistingAntiAffinityRulesNotMatch];

function asWant(s: Result): Want {
  return s === null ? 'ok' : [s.code, s.message()];
}

/** Runs PreFilter then Filter on every node: 'skip' for all when PreFilter skips. */
function runFilter(incoming: Pod, nodes: NodeInfo[], args: Record<string, unknown> = {}): Record<string, Want> {
  const pl = interPodAffinityPlugin.factory(args, makeHandle(nodes)) as InterPodAffinity;
  const state = newState();
  const r = pl.preFilter(state, info(incoming), nodes);
  if (r?.status?.code === Code.Skip) return Object.fromEntries(nodes.map((n) => [n.name, 'skip']));
  assert.equal(r, null);
  return Object.fromEntries(nodes.map((n) => [n.name, asWant(pl.filter(state, info(incoming), n))]));
}

const node1: NodeSpec = ['node1', { region: 'r1', zone: 'z11' }];
const existing = pod('existing', podLabel);

const singleNodeCases: { name: string; pod: Pod; pods?: Pod[]; want: Want }[] = [
  { name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods', pod: pod('p', {}), want: 'skip' },
  { name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod', pod: pod('p', podLabel2, required([term(inSel('service', ['securityscan', 'value2']), 'region')])), pods: [existing], want: 'ok' },
  { name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod', pod: pod('p', podLabel2, required([term(notInSel('service', ['securityscan3', 'value3']), 'region')])), pods: [existing], want: 'ok' },
  {
    name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
    pod: pod('p', podLabel2, required([term(inSel('service', ['securityscan', 'value2']), 'region', { namespaces: ['DiffNameSpace'] })])),
    pods: [pod('e', podLabel, undefined, 'ns')], want: affinityFail,
  },
  { name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod", pod: pod('p', podLabel, required([term(inSel('service', ['antivirusscan', 'value2']), 'region')])), pods: [existing], want: affinityFail },
  {
    name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution',
    pod: pod('p', podLabel2, required([
      term({ matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, 'region'),
      term({ matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }] }, 'region'),
    ])),
    pods: [existing], want: 'ok',
  },
  {
    name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
    pod: pod('p', podLabel2, required([
      term({ matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, 'region'),
      term({ matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan2'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }] }, 'region'),
    ])),
    pods: [existing], want: affinityFail,
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
    pod: pod('p', podLabel2, required([term(inSel('service', ['securityscan', 'value2']), 'region')], [term(inSel('service', ['antivirusscan', 'value2']), 'node')])),
    pods: [pod('e', podLabel, required([], [term(inSel('service', ['antivirusscan', 'value2']), 'node')]))], want: 'ok',
  },
  {
    name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
    pod: pod('p', podLabel2, required([term(inSel('service', ['securityscan', 'value2']), 'region')], [term(inSel('service', ['securityscan', 'value2']), 'zone')])),
    pods: [existing], want: antiFail,
  },
  {
    name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: pod('p', podLabel, required([term(inSel('service', ['securityscan', 'value2']), 'region')], [term(inSel('service', ['antivirusscan', 'value2']), 'node')])),
    pods: [pod('e', podLabel, required([], [term(inSel('service', ['securityscan', 'value2']), 'zone')]))], want: existingFail,
  },
  {
    // The only matching pod is on node2, outside the snapshot, and the pod does not match its own term.
    name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
    pod: pod('p', podLabel, required([term(notInSel('service', ['securityscan', 'value2']), 'region')])), want: affinityFail,
  },
  {
    name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: pod('p', podLabel), pods: [pod('e', podLabel, required([], [term(inSel('service', ['securityscan', 'value2']), 'zone')]))], want: existingFail,
  },
  {
    name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
    pod: pod('p', podLabel), pods: [pod('e', podLabel, required([], [term(notInSel('service', ['securityscan', 'value2']), 'zone')]))], want: 'skip',
  },
  {
    name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
    pod: pod('p', podLabel, required([], [term(exists('service'), 'region'), term(exists('security'), 'region')])),
    pods: [pod('e', podLabel2, required([], [term(exists('security'), 'zone')]))], want: antiFail,
  },
  {
    name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: pod('p', podLabel2, required([], [term(exists('security'), 'zone')])),
    pods: [pod('e', podLabel, required([], [term(exists('service'), 'zone'), term(exists('security'), 'zone')]))], want: existingFail,
  },
  {
    name: 'a namespaceSelector {} selects pods of every namespace',
    pod: pod('p', podLabel2, required([term(inSel('service', ['securityscan']), 'region', { namespaceSelector: {} })])),
    pods: [pod('e', podLabel, undefined, 'other')], want: 'ok',
  },
  {
    name: 'a namespaceSelector on kubernetes.io/metadata.name selects that namespace only',
    pod: pod('p', podLabel2, required([term(inSel('service', ['securityscan']), 'region', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } } })])),
    pods: [pod('e', podLabel, undefined, 'other')], want: affinityFail,
  },
];

for (const tc of singleNodeCases) {
  test(`InterPodAffinity Filter (single node): ${tc.name}`, () => {
    assert.deepEqual(runFilter(tc.pod, cluster([node1], { node1: tc.pods ?? [] })), { node1: tc.want });
  });
}

const regions: NodeSpec[] = [['machine1', { region: 'China' }], ['machine2', { region: 'China' }], ['machine3', { region: 'India' }]];
const multiNodeCases: { name: string; pod: Pod; nodes?: NodeSpec[]; pods: Record<string, Pod[]>; want: Want[] }[] = [
  {
    name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
    pod: pod('p', {}, required([term(inSel('foo', ['bar']), 'region')])), pods: { machine1: [pod('e', { foo: 'bar' })] }, want: ['ok', 'ok', affinityFail],
  },
  {
    name: 'anti-affinity on hostname spreads replicas: the node holding one is rejected',
    pod: pod('p', { app: 'web' }, required([], [term(inSel('app', ['web']), HOST)])), pods: { machine1: [pod('w1', { app: 'web' })] }, want: [antiFail, 'ok', 'ok'],
  },
  {
    name: 'existing pod anti-affinity on region rejects every node of that region (symmetry)',
    pod: pod('p', { app: 'web' }), pods: { machine2: [pod('db', { app: 'db' }, required([], [term(inSel('app', ['web']), 'region')]))] }, want: [existingFail, existingFail, 'ok'],
  },
  {
    // Upstream special case: no pod matches yet and the pod matches its own terms, so it may go anywhere having the key.
    name: 'self-affinity: the first pod of a group may go to any node that has the topology key',
    pod: pod('p', { app: 'web' }, required([term(inSel('app', ['web']), 'region')])),
    nodes: [...regions, ['machine4', {}]], pods: {}, want: ['ok', 'ok', 'ok', affinityFail],
  },
  {
    name: 'self-affinity: once a matching pod exists, only its domain is allowed',
    pod: pod('p', { app: 'web' }, required([term(inSel('app', ['web']), 'region')])), pods: { machine3: [pod('w1', { app: 'web' })] }, want: [affinityFail, affinityFail, 'ok'],
  },
  {
    name: "affinity not satisfied when the pod doesn't match its own terms and no pod matches",
    pod: pod('p', { app: 'web' }, required([term(inSel('app', ['db']), 'region')])), pods: {}, want: [affinityFail, affinityFail, affinityFail],
  },
  {
    name: 'matchLabelKeys restricts the term to pods sharing the incoming pod\'s label value',
    pod: pod('p', { app: 'web', rev: '2' }, required([], [term(inSel('app', ['web']), HOST, { matchLabelKeys: ['rev'] })])),
    pods: { machine1: [pod('old', { app: 'web', rev: '1' })], machine2: [pod('new', { app: 'web', rev: '2' })] }, want: ['ok', antiFail, 'ok'],
  },
];

for (const tc of multiNodeCases) {
  test(`InterPodAffinity Filter (multiple nodes): ${tc.name}`, () => {
    const nodes = cluster(tc.nodes ?? regions, tc.pods);
    assert.deepEqual(runFilter(tc.pod, nodes), Object.fromEntries(nodes.map((n, i) => [n.name, tc.want[i]])));
  });
}

test('InterPodAffinity AddPod/RemovePod update only the cloned state', () => {
  const web = (name: string) => pod(name, { app: 'web' });
  const nodes = cluster(regions, { machine1: [web('w1')], machine3: [pod('guard', { app: 'guard' }, required([], [term(inSel('app', ['web']), HOST)]))] });
  const [m1, m2, m3] = nodes as [NodeInfo, NodeInfo, NodeInfo];
  const incoming = info(pod('p', { app: 'web' }, required([], [term(inSel('app', ['web']), HOST)])));
  const pl = interPodAffinityPlugin.factory({}, makeHandle(nodes)) as InterPodAffinity;
  const state = newState();
  assert.equal(pl.preFilter(state, incoming, nodes), null);
  const codes = (s: typeof state) => nodes.map((n) => asWant(pl.filter(s, incoming, n)));
  assert.deepEqual(codes(state), [antiFail, 'ok', existingFail]);

  const removed = state.clone();
  assert.equal(pl.removePod(removed, incoming, m1.pods[0]!, m1), null);
  assert.equal(pl.removePod(removed, incoming, m3.pods[0]!, m3), null);
  assert.deepEqual(codes(removed), ['ok', 'ok', 'ok']);

  const added = state.clone();
  assert.equal(pl.addPod(added, incoming, info(web('w2')), m2), null);
  assert.deepEqual(codes(added), [antiFail, antiFail, existingFail]);
  assert.deepEqual(codes(state), [antiFail, 'ok', existingFail], 'the original state is unchanged');
});

test('InterPodAffinity AddPod satisfies required affinity on a cloned state', () => {
  const nodes = cluster(regions);
  const incoming = info(pod('p', { app: 'web' }, required([term(inSel('app', ['db']), 'region')])));
  const pl = interPodAffinityPlugin.factory({}, makeHandle(nodes)) as InterPodAffinity;
  const state = newState();
  assert.equal(pl.preFilter(state, incoming, nodes), null);
  const s2 = state.clone();
  pl.addPod(s2, incoming, info(pod('db', { app: 'db' })), nodes[2] as NodeInfo);
  assert.deepEqual(nodes.map((n) => asWant(pl.filter(s2, incoming, n))), [affinityFail, affinityFail, 'ok']);
  assert.deepEqual(nodes.map((n) => asWant(pl.filter(state, incoming, n))), [affinityFail, affinityFail, affinityFail]);
});

/** PreScore/Score/NormalizeScore over all nodes; null when PreScore skips. */
function runScore(incoming: Pod, nodes: NodeInfo[], args: Record<string, unknown> = {}): Record<string, number | undefined> | null {
  const pl = interPodAffinityPlugin.factory(args, makeHandle(nodes)) as InterPodAffinity;
  const state = newState();
  const s = pl.preScore(state, info(incoming), nodes);
  if (s?.code === Code.Skip) return null;
  assert.equal(s, null);
  const scores = Float64Array.from(nodes, (n) => pl.score(state, info(incoming), n));
  pl.normalizeScore(state, info(incoming), scores);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]));
}

const s1 = pod('s1', podLabel2);
const scoreNodes: NodeSpec[] = [['n1', { region: 'China' }], ['n2', { region: 'China' }], ['n3', { region: 'India' }], ['n4', { region: 'Japan' }]];
const scoreCases: { name: string; pod: Pod; pods: Record<string, Pod[]>; args?: Record<string, unknown>; want: number[] | null }[] = [
  { name: 'all nodes get the same score when nothing has affinity (Skip)', pod: pod('p', podLabel2), pods: { n1: [s1] }, want: null },
  { name: 'Affinity: nodes in the topology of a matching pod score high', pod: pod('p', {}, preferred([[5, term(inSel('security', ['S1']), 'region')]])), pods: { n1: [s1] }, want: [100, 100, 0, 0] },
  { name: 'Anti-affinity: nodes in the topology of a matching pod score low', pod: pod('p', {}, preferred([], [[5, term(inSel('security', ['S1']), 'region')]])), pods: { n1: [s1] }, want: [0, 0, 100, 100] },
  {
    name: 'Affinity and anti-affinity together: 8 towards S1 (China), 3 away from S2 (India)',
    pod: pod('p', {}, preferred([[8, term(inSel('security', ['S1']), 'region')]], [[3, term(inSel('security', ['S2']), 'region')]])),
    pods: { n1: [s1], n3: [pod('s2', { security: 'S2' })] }, want: [100, 100, 0, 27],
  },
  {
    name: "existing pods' preferred affinity towards the incoming pod counts (symmetry)",
    pod: pod('p', { app: 'web' }), pods: { n3: [pod('e', {}, preferred([[10, term(inSel('app', ['web']), 'region')]]))] }, want: [0, 0, 100, 0],
  },
  {
    name: "existing pods' preferred anti-affinity towards the incoming pod counts (symmetry)",
    pod: pod('p', { app: 'web' }), pods: { n3: [pod('e', {}, preferred([], [[10, term(inSel('app', ['web']), 'region')]]))] }, want: [100, 100, 0, 100],
  },
  {
    name: "existing pods' preferred terms are ignored with ignorePreferredTermsOfExistingPods (Skip)", args: { ignorePreferredTermsOfExistingPods: true },
    pod: pod('p', { app: 'web' }), pods: { n3: [pod('e', {}, preferred([[10, term(inSel('app', ['web']), 'region')]]))] }, want: null,
  },
  {
    name: "hard pod affinity symmetric weight: existing pods' required affinity attracts the incoming pod",
    pod: pod('p', { app: 'web' }), pods: { n1: [pod('e', {}, required([term(inSel('app', ['web']), 'region')]))] }, want: [100, 100, 0, 0],
  },
  { name: 'hardPodAffinityWeight 0 disables that symmetry (Skip)', args: { hardPodAffinityWeight: 0 }, pod: pod('p', { app: 'web' }), pods: { n1: [pod('e', {}, required([term(inSel('app', ['web']), 'region')]))] }, want: null },
];

for (const tc of scoreCases) {
  test(`InterPodAffinity Score: ${tc.name}`, () => {
    const nodes = cluster(scoreNodes, tc.pods);
    const want = tc.want === null ? null : Object.fromEntries(nodes.map((n, i) => [n.name, tc.want?.[i]]));
    assert.deepEqual(runScore(tc.pod, nodes, tc.args), want);
  });
}

test('InterPodAffinity args: defaults and validation as upstream ValidateInterPodAffinityArgs', () => {
  assert.deepEqual(parseInterPodAffinityArgs({}), { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });
  assert.deepEqual(parseInterPodAffinityArgs({ hardPodAffinityWeight: 100, ignorePreferredTermsOfExistingPods: true }), { hardPodAffinityWeight: 100, ignorePreferredTermsOfExistingPods: true });
  const bad: [Record<string, unknown>, string][] = [
    [{ hardPodAffinityWeight: 101 }, 'hardPodAffinityWeight'],
    [{ hardPodAffinityWeight: -1 }, 'hardPodAffinityWeight'],
    [{ hardPodAffinityWeight: 1.5 }, 'hardPodAffinityWeight'],
    [{ ignorePreferredTermsOfExistingPods: 'yes' }, 'ignorePreferredTermsOfExistingPods'],
    [{ bogus: true }, 'bogus'],
  ];
  for (const [args, field] of bad) {
    assert.throws(() => interPodAffinityPlugin.factory(args, makeHandle([])), (e: unknown) => e instanceof PluginArgsError && e.path[0] === field, JSON.stringify(args));
  }
});
