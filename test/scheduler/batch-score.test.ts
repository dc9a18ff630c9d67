import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScorePlugin } from '../../src/scheduler/framework/extension-points.js';
import { newInTreeRegistry } from '../../src/scheduler/in-tree-registry.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from './fixtures.js';

test('every plugin with a batch scoreNodes gives exactly what score gives per node', () => {
  const nodes = [
    makeNodeInfo(makeNode('a', { cpu: 4000, memory: 8 * 2 ** 30, pods: 110 }, { labels: { zone: 'z1' }, images: [{ names: ['nginx:1.27'], sizeBytes: 300 * 2 ** 20 }] }), [makePod('x', { cpu: 1000, memory: 2 ** 30 })]),
    makeNodeInfo(makeNode('b', { cpu: 8000, memory: 16 * 2 ** 30, pods: 110 }, { labels: { zone: 'z2' }, spec: { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] } })),
    makeNodeInfo(makeNode('c', { cpu: 2000, memory: 4 * 2 ** 30, pods: 110 }), [makePod('y', { cpu: 1500 }), makePod('z', { memory: 3 * 2 ** 30 })]),
  ];
  const handle = makeHandle(nodes);
  const pod = info(makePod('p', { cpu: 500, memory: 2 ** 29 }, {
    containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: 500, memory: 2 ** 29 }, limits: {} } }],
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } }] } },
  }));
  let checked = 0;
  let nonZero = 0;
  const registry = newInTreeRegistry();
  for (const name of registry.names()) {
    const plugin = registry.get(name)?.({}, handle) as Partial<ScorePlugin> & { preScore?: (s: unknown, p: unknown, n: unknown) => unknown };
    if (plugin.scoreNodes === undefined || plugin.score === undefined) continue;
    const state = newState();
    plugin.preScore?.(state, pod, nodes);
    const batch = new Float64Array(nodes.length);
    plugin.scoreNodes(state, pod, nodes, batch);
    const single = nodes.map((n) => (plugin.score as ScorePlugin['score'])(state, pod, n));
    assert.deepEqual([...batch], single, name);
    if (single.some((v) => v > 0)) nonZero++;
    checked++;
  }
  assert.equal(checked, 11, "five upstream plugins and the six GPU placement policies");
  assert.ok(nonZero >= 3, 'the fixtures make most plugins score above zero');
});
