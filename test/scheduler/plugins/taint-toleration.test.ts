/**
 * TaintToleration against upstream taint_toleration_test.go (TestTaintTolerationFilter,
 * TestTaintTolerationScore) and the matching rules of k8s.io/api core/v1 toleration_test.go.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../../../src/api/objects.js';
import type { FilterPlugin, PreScorePlugin, ScorePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { defaultNormalizeScore, taintTolerationPlugin, toleratesTaint } from '../../../src/scheduler/plugins/taint-toleration.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type TT = FilterPlugin & PreScorePlugin & ScorePlugin;
const plugin = (): TT => taintTolerationPlugin.factory({}, makeHandle([])) as TT;

const taintFooBarNoSchedule: Taint = { key: 'foo', value: 'bar', effect: 'NoSchedule' };
const toleratesCases: ReadonlyArray<[string, Toleration, Taint, boolean]> = [
  ['Equal with same key, value and effect', { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, taintFooBarNoSchedule, true],
  ['Equal with a different value', { key: 'foo', operator: 'Equal', value: 'baz', effect: 'NoSchedule' }, taintFooBarNoSchedule, false],
  ['Equal with a different key', { key: 'other', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, taintFooBarNoSchedule, false],
  ['empty operator means Equal', { key: 'foo', value: 'bar', effect: 'NoSchedule' }, taintFooBarNoSchedule, true],
  ['empty operator with a different value', { key: 'foo', value: 'x' }, taintFooBarNoSchedule, false],
  ['Equal with empty value matches a taint without value', { key: 'foo', operator: 'Equal', effect: 'NoSchedule' }, { key: 'foo', effect: 'NoSchedule' }, true],
  ['Exists ignores the value', { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }, taintFooBarNoSchedule, true],
  ['Exists with a different key', { key: 'bar', operator: 'Exists' }, taintFooBarNoSchedule, false],
  ['Exists with empty key matches every key', { operator: 'Exists' }, taintFooBarNoSchedule, true],
  ['Exists with empty key and an effect matches only that effect', { operator: 'Exists', effect: 'NoExecute' }, taintFooBarNoSchedule, false],
  ['empty effect matches every effect', { key: 'foo', operator: 'Equal', value: 'bar' }, { key: 'foo', value: 'bar', effect: 'NoExecute' }, true],
  ['different effect does not match', { key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }, taintFooBarNoSchedule, false],
  ['NoExecute toleration does not tolerate NoSchedule', { key: 'foo', operator: 'Exists', effect: 'NoExecute' }, taintFooBarNoSchedule, false],
  ['empty key with Equal compares values only (upstream ToleratesTaint)', { operator: 'Equal', value: 'bar' }, taintFooBarNoSchedule, true],
];
for (const [name, t, taint, want] of toleratesCases) test(`toleratesTaint: ${name}`, () => assert.equal(toleratesTaint(t, taint), want));

const filterCases: ReadonlyArray<{ name: string; tolerations?: Toleration[]; taints?: Taint[]; reason?: string }> = [
  { name: 'A pod having no tolerations can\'t be scheduled onto a node with nonempty taints', taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], reason: 'node(s) had untolerated taint {dedicated: user1}' },
  { name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule', tolerations: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }] },
  { name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], reason: 'node(s) had untolerated taint {dedicated: user1}' },
  { name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node', tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }] },
  { name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }] },
  { name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match", tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], reason: 'node(s) had untolerated taint {foo: bar}' },
  { name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty', tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }] },
  { name: 'The pod has a toleration that key and value don\'t match the taint, but the effect of taint on node is PreferNoSchedule', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }] },
  { name: "The pod has no toleration, but the effect of taint on node is PreferNoSchedule", taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }] },
  { name: 'NoExecute taints must be tolerated too', taints: [{ key: 'gone', effect: 'NoExecute' }], reason: 'node(s) had untolerated taint {gone: }' },
  { name: 'the first untolerated taint is reported', tolerations: [{ key: 'a', operator: 'Exists' }], taints: [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'b', value: '2', effect: 'NoExecute' }, { key: 'c', value: '3', effect: 'NoSchedule' }], reason: 'node(s) had untolerated taint {b: 2}' },
];
for (const c of filterCases) {
  test(`TaintToleration filter: ${c.name}`, () => {
    const node = makeNodeInfo(makeNode('n', undefined, c.taints === undefined ? {} : { spec: { taints: c.taints } }));
    const got = plugin().filter(newState(), info(makePod('p', {}, c.tolerations === undefined ? {} : { tolerations: c.tolerations })), node);
    if (c.reason === undefined) assert.equal(got, null);
    else {
      assert.equal(got?.code, Code.UnschedulableAndUnresolvable);
      assert.deepEqual(got?.reasons, [c.reason]);
    }
  });
}

const pns = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });
const scoreCases: ReadonlyArray<{ name: string; tolerations: Toleration[]; nodes: Taint[][]; want: number[] }> = [
  { name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints', tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], nodes: [[pns('foo', 'bar')], [pns('foo', 'blah')]], want: [100, 0] },
  { name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has', tolerations: [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' }, { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' }], nodes: [[], [pns('cpu-type', 'arm64')], [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]], want: [100, 100, 100] },
  { name: 'the more intolerable taints a node has, the lower score it gets', tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], nodes: [[], [pns('cpu-type', 'arm64')], [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]], want: [100, 50, 0] },
  { name: 'only taints and tolerations that have effect PreferNoSchedule are checked by prioritizeNodes function', tolerations: [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' }, { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' }], nodes: [[], [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }], [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]], want: [100, 100, 0] },
  { name: 'Default behaviour No taints and tolerations, lands on node with no taints', tolerations: [], nodes: [[], [pns('cpu-type', 'arm64')]], want: [100, 0] },
  { name: 'tolerations with an empty effect count for PreferNoSchedule taints', tolerations: [{ key: 'cpu-type', operator: 'Exists' }], nodes: [[pns('cpu-type', 'arm64')], [pns('gpu', 'true')]], want: [100, 0] },
];
for (const c of scoreCases) {
  test(`TaintToleration score: ${c.name}`, () => {
    const nodes = c.nodes.map((taints, i) => makeNodeInfo(makeNode(`n${i}`, undefined, { spec: { taints } })));
    const p = plugin();
    const state = newState();
    const pod = info(makePod('p', {}, { tolerations: c.tolerations }));
    assert.equal(p.preScore(state, pod, nodes), null);
    const scores = Float64Array.from(nodes.map((n) => p.score(state, pod, n)));
    p.normalizeScore?.(state, pod, scores);
    assert.deepEqual([...scores], c.want);
  });
}

test('defaultNormalizeScore: scales by the maximum with integer division, reversed or not', () => {
  const s = new Float64Array([1, 2, 3]);
  defaultNormalizeScore(100, false, s);
  assert.deepEqual([...s], [33, 66, 100]);
  const r = new Float64Array([1, 2, 3]);
  defaultNormalizeScore(100, true, r);
  assert.deepEqual([...r], [67, 34, 0]);
  const z = new Float64Array([0, 0]);
  defaultNormalizeScore(100, true, z);
  assert.deepEqual([...z], [100, 100]);
  const z2 = new Float64Array([0, 0]);
  defaultNormalizeScore(100, false, z2);
  assert.deepEqual([...z2], [0, 0]);
});
