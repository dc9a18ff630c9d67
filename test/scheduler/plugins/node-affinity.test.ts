/**
 * NodeAffinity against upstream node_affinity_test.go (TestNodeAffinity, TestNodeAffinityPriority,
 * the PreFilter node-name cases and addedAffinity args) and component-helpers nodeaffinity semantics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Affinity, NodeSelectorRequirement, NodeSelectorTerm } from '../../../src/api/objects.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { PluginArgsError } from '../../../src/scheduler/framework/registry.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { errReasonEnforced, errReasonPod, nodeAffinityPlugin } from '../../../src/scheduler/plugins/node-affinity.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type NA = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;
const plugin = (args: Record<string, unknown> = {}): NA => nodeAffinityPlugin.factory(args, makeHandle([])) as NA;

const req = (key: string, operator: NodeSelectorRequirement['operator'], ...values: string[]): NodeSelectorRequirement => ({ key, operator, values });
const required = (...terms: NodeSelectorTerm[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });

const filterCases: ReadonlyArray<{ name: string; labels: Record<string, string>; nodeSelector?: Record<string, string>; affinity?: Affinity; fits: boolean; nodeName?: string }> = [
  { name: 'no selector', labels: {}, fits: true },
  { name: 'missing labels', labels: {}, nodeSelector: { foo: 'bar' }, fits: false },
  { name: 'same labels', labels: { foo: 'bar' }, nodeSelector: { foo: 'bar' }, fits: true },
  { name: 'node labels are superset', labels: { foo: 'bar', baz: 'blah' }, nodeSelector: { foo: 'bar' }, fits: true },
  { name: 'node labels are subset', labels: { foo: 'bar' }, nodeSelector: { foo: 'bar', baz: 'blah' }, fits: false },
  { name: 'In: value present', labels: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'In', 'bar', 'value2')] }), fits: true },
  { name: 'In: value absent', labels: { foo: 'other' }, affinity: required({ matchExpressions: [req('foo', 'In', 'bar', 'value2')] }), fits: false },
  { name: 'In: key absent', labels: {}, affinity: required({ matchExpressions: [req('foo', 'In', 'bar')] }), fits: false },
  { name: 'NotIn: value present', labels: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'NotIn', 'bar')] }), fits: false },
  { name: 'NotIn: other value', labels: { foo: 'baz' }, affinity: required({ matchExpressions: [req('foo', 'NotIn', 'bar')] }), fits: true },
  { name: 'NotIn: key absent matches', labels: {}, affinity: required({ matchExpressions: [req('foo', 'NotIn', 'bar')] }), fits: true },
  { name: 'Exists', labels: { foo: '' }, affinity: required({ matchExpressions: [req('foo', 'Exists')] }), fits: true },
  { name: 'Exists: key absent', labels: { bar: 'x' }, affinity: required({ matchExpressions: [req('foo', 'Exists')] }), fits: false },
  { name: 'DoesNotExist', labels: { bar: 'x' }, affinity: required({ matchExpressions: [req('foo', 'DoesNotExist')] }), fits: true },
  { name: 'DoesNotExist: key present', labels: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'DoesNotExist')] }), fits: false },
  { name: 'Gt: greater', labels: { kernel: '6' }, affinity: required({ matchExpressions: [req('kernel', 'Gt', '5')] }), fits: true },
  { name: 'Gt: equal is not greater', labels: { kernel: '5' }, affinity: required({ matchExpressions: [req('kernel', 'Gt', '5')] }), fits: false },
  { name: 'Gt: non-integer label', labels: { kernel: '6a' }, affinity: required({ matchExpressions: [req('kernel', 'Gt', '5')] }), fits: false },
  { name: 'Gt: a label value beyond int64 does not parse', labels: { kernel: '99999999999999999999' }, affinity: required({ matchExpressions: [req('kernel', 'Gt', '5')] }), fits: false },
  { name: 'Gt: large int64 values compare', labels: { kernel: '9000000000000000000' }, affinity: required({ matchExpressions: [req('kernel', 'Gt', '-9000000000000000000')] }), fits: true },
  { name: 'Lt: less', labels: { gen: '-2' }, affinity: required({ matchExpressions: [req('gen', 'Lt', '0')] }), fits: true },
  { name: 'Lt: key absent', labels: {}, affinity: required({ matchExpressions: [req('gen', 'Lt', '0')] }), fits: false },
  { name: 'Gt with two values is a parse error: the term matches nothing', labels: { kernel: '6' }, affinity: required({ matchExpressions: [req('kernel', 'Gt', '1', '2')] }), fits: false },
  { name: 'NotIn with no values is a parse error', labels: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'NotIn')] }), fits: false },
  { name: 'expressions of a term are ANDed', labels: { foo: 'bar', zone: 'a' }, affinity: required({ matchExpressions: [req('foo', 'In', 'bar'), req('zone', 'In', 'b')] }), fits: false },
  { name: 'terms are ORed', labels: { zone: 'b' }, affinity: required({ matchExpressions: [req('zone', 'In', 'a')] }, { matchExpressions: [req('zone', 'In', 'b')] }), fits: true },
  { name: 'a term with a parse error does not stop later terms', labels: { zone: 'b' }, affinity: required({ matchExpressions: [req('zone', 'Gt', 'x')] }, { matchExpressions: [req('zone', 'In', 'b')] }), fits: true },
  { name: 'empty term list matches nothing', labels: { foo: 'bar' }, affinity: required(), fits: false },
  { name: 'empty term matches nothing', labels: { foo: 'bar' }, affinity: required({}), fits: false },
  { name: 'nodeSelector and affinity must both match', labels: { foo: 'bar' }, nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [req('zone', 'Exists')] }), fits: false },
  { name: 'affinity without required terms matches everything', labels: {}, affinity: { nodeAffinity: {} }, fits: true },
  { name: 'matchFields metadata.name In', labels: {}, affinity: required({ matchFields: [req('metadata.name', 'In', 'node1')] }), fits: true, nodeName: 'node1' },
  { name: 'matchFields metadata.name In other node', labels: {}, affinity: required({ matchFields: [req('metadata.name', 'In', 'node2')] }), fits: false, nodeName: 'node1' },
  { name: 'matchFields metadata.name NotIn', labels: {}, affinity: required({ matchFields: [req('metadata.name', 'NotIn', 'node1')] }), fits: false, nodeName: 'node1' },
  { name: 'matchFields with two values is a parse error', labels: {}, affinity: required({ matchFields: [req('metadata.name', 'In', 'node1', 'node2')] }), fits: false, nodeName: 'node1' },
  { name: 'matchFields and matchExpressions are ANDed', labels: { foo: 'bar' }, affinity: required({ matchExpressions: [req('foo', 'In', 'bar')], matchFields: [req('metadata.name', 'In', 'node2')] }), fits: false, nodeName: 'node1' },
];

for (const c of filterCases) {
  test(`NodeAffinity filter: ${c.name}`, () => {
    const node = makeNodeInfo({ ...makeNode(c.nodeName ?? 'node1'), metadata: { ...makeNode(c.nodeName ?? 'node1').metadata, labels: c.labels } });
    const spec = { ...(c.nodeSelector === undefined ? {} : { nodeSelector: c.nodeSelector }), ...(c.affinity === undefined ? {} : { affinity: c.affinity }) };
    const pod = info(makePod('p', {}, spec));
    const p = plugin();
    const state = newState();
    const pre = p.preFilter(state, pod, [node]);
    if (c.nodeSelector === undefined && c.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution === undefined) {
      assert.equal(pre?.status?.code, Code.Skip);
      return;
    }
    const got = pre?.status !== null && pre?.status !== undefined ? pre.status : p.filter(state, pod, node);
    if (c.fits) assert.equal(got, null);
    else {
      assert.equal(got?.code, Code.UnschedulableAndUnresolvable);
      if (pre?.status == null) assert.deepEqual(got?.reasons, [errReasonPod]);
    }
    // Filter without PreFilter state agrees.
    assert.equal(p.filter(newState(), pod, node) === null, c.fits || pre?.status != null);
  });
}

test('NodeAffinity preFilter: narrows to node names pinned by matchFields In, unions terms, detects conflicts', () => {
  const cases: ReadonlyArray<[string, Affinity, string[] | 'all' | 'conflict']> = [
    ['single term, one name', required({ matchFields: [req('metadata.name', 'In', 'node1')] }), ['node1']],
    ['terms are unioned', required({ matchFields: [req('metadata.name', 'In', 'node1')] }, { matchFields: [req('metadata.name', 'In', 'node2')] }), ['node1', 'node2']],
    ['requirements of a term are intersected', required({ matchFields: [req('metadata.name', 'In', 'node1', 'node2'), req('metadata.name', 'In', 'node2', 'node3')] }), ['node2']],
    ['a term without a name pin allows all nodes', required({ matchFields: [req('metadata.name', 'In', 'node1')] }, { matchExpressions: [req('foo', 'Exists')] }), 'all'],
    ['NotIn does not narrow', required({ matchFields: [req('metadata.name', 'NotIn', 'node1')] }), 'all'],
    ['conflicting requirements', required({ matchFields: [req('metadata.name', 'In', 'node1'), req('metadata.name', 'In', 'node2')] }), 'conflict'],
  ];
  for (const [name, affinity, want] of cases) {
    const r = plugin().preFilter(newState(), info(makePod('p', {}, { affinity })), []);
    if (want === 'all') assert.equal(r, null, name);
    else if (want === 'conflict') {
      assert.equal(r?.status?.code, Code.UnschedulableAndUnresolvable, name);
      assert.deepEqual(r?.status?.reasons, ['pod affinity terms conflict'], name);
    } else assert.deepEqual([...(r?.nodeNames ?? [])].sort(), want, name);
  }
});

const pref = (weight: number, ...exprs: NodeSelectorRequirement[]): { weight: number; preference: NodeSelectorTerm } => ({ weight, preference: { matchExpressions: exprs } });
const label1 = { foo: 'bar' };
const label2 = { key: 'value' };
const label5 = { foo: 'bar', key: 'value', az: 'az1' };

test('NodeAffinity score: upstream TestNodeAffinityPriority', () => {
  const affinity1: Affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, req('foo', 'In', 'bar'))] } };
  const affinity2: Affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    pref(2, req('foo', 'In', 'bar')), pref(4, req('key', 'In', 'value')), pref(5, req('foo', 'In', 'bar'), req('key', 'In', 'value'), req('az', 'In', 'az1')),
  ] } };
  const cases: ReadonlyArray<[string, Affinity | undefined, Record<string, string>[], number[] | 'skip', Record<string, unknown>?]> = [
    ['all nodes are same priority as NodeAffinity is nil', undefined, [label1, label2, {}], 'skip'],
    ['no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes\' priority is zero', affinity1, [{ key: 'x' }, label2, {}], [0, 0, 0]],
    ['only node1 matches the preferred scheduling requirements of pod', affinity1, [label1, label2, {}], [100, 0, 0]],
    ['all nodes matches the preferred scheduling requirements of pod but with different priorities', affinity2, [label1, label5, label2], [18, 100, 36]],
    ['added affinity', undefined, [label1, label2], [0, 100], { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(2, req('key', 'In', 'value'))] } }],
    ['added affinity plus the pod\'s', affinity1, [label1, label2, label5], [40, 60, 100], { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(3, req('key', 'In', 'value'))] } }],
    ['zero-weight and empty preferences are ignored', { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(0, req('foo', 'Exists')), { weight: 5, preference: {} }, pref(1, req('key', 'Exists'))] } }, [label1, label2], [0, 100]],
  ];
  for (const [name, affinity, labels, want, args] of cases) {
    const nodes = labels.map((l, i) => makeNodeInfo({ ...makeNode(`node${i + 1}`), metadata: { ...makeNode(`node${i + 1}`).metadata, labels: l } }));
    const p = plugin(args);
    const state = newState();
    const pod = info(makePod('p', {}, affinity === undefined ? {} : { affinity }));
    const pre = p.preScore(state, pod, nodes);
    if (want === 'skip') {
      assert.equal(pre?.code, Code.Skip, name);
      continue;
    }
    assert.equal(pre, null, name);
    const scores = Float64Array.from(nodes.map((n) => p.score(state, pod, n)));
    p.normalizeScore?.(state, pod, scores);
    assert.deepEqual([...scores], want, name);
  }
});

test('NodeAffinity score: an invalid preferred term is an Error at PreScore', () => {
  const affinity: Affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref(1, req('foo', 'Gt', 'x'))] } };
  assert.equal(plugin().preScore(newState(), info(makePod('p', {}, { affinity })), [])?.code, Code.Error);
});

test('NodeAffinity addedAffinity: enforced on every pod, PreFilter not skipped', () => {
  const p = plugin({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } });
  const inZone = makeNodeInfo(makeNode('a', undefined, { labels: { zone: 'a' } }));
  const outZone = makeNodeInfo(makeNode('b', undefined, { labels: { zone: 'b' } }));
  const pod = info(makePod('p'));
  const state = newState();
  assert.equal(p.preFilter(state, pod, [inZone, outZone]), null);
  assert.equal(p.filter(state, pod, inZone), null);
  const got = p.filter(state, pod, outZone);
  assert.equal(got?.code, Code.UnschedulableAndUnresolvable);
  assert.deepEqual(got?.reasons, [errReasonEnforced]);
});

const badArgs: ReadonlyArray<[string, Record<string, unknown>, (string | number)[]]> = [
  ['invalid required operator', { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'Lower', values: ['x'] }] }] } } },
    ['addedAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'operator']],
  ['invalid preferred values', { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'foo', operator: 'Exists', values: ['x'] }] } }] } },
    ['addedAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', 0, 'preference', 'matchExpressions', 0, 'values']],
  ['matchFields with two values', { addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] }] } } },
    ['addedAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchFields', 0, 'values']],
  ['unknown field', { addedAffinity: { required: {} } }, ['addedAffinity', 'required']],
];
for (const [name, args, path] of badArgs) {
  test(`NodeAffinity args: ${name}`, () => {
    assert.throws(() => plugin(args), (e: unknown) => e instanceof PluginArgsError && assert.deepEqual(e.path, path) === undefined);
  });
}
