/** NodeUnschedulable against upstream node_unschedulable_test.go TestNodeUnschedulable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Toleration } from '../../../src/api/objects.js';
import type { FilterPlugin } from '../../../src/scheduler/framework/extension-points.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { nodeUnschedulablePlugin } from '../../../src/scheduler/plugins/node-unschedulable.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

const cases: ReadonlyArray<[string, boolean | undefined, Toleration[] | undefined, boolean]> = [
  ['Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', true, undefined, false],
  ['Schedule pod to normal node', false, undefined, true],
  ['Schedule pod to a node without spec.unschedulable', undefined, undefined, true],
  ['Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)', true, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], true],
  ['Exists toleration of the key tolerates it', true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }], true],
  ['toleration of everything tolerates it', true, [{ operator: 'Exists' }], true],
  ['NoExecute toleration does not tolerate it', true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }], false],
  ['toleration of another key does not tolerate it', true, [{ key: 'other', operator: 'Exists' }], false],
];

for (const [name, unschedulable, tolerations, fits] of cases) {
  test(`NodeUnschedulable: ${name}`, () => {
    const node = makeNodeInfo(makeNode('n', undefined, { spec: unschedulable === undefined ? {} : { unschedulable } }));
    const plugin = nodeUnschedulablePlugin.factory({}, makeHandle([node])) as FilterPlugin;
    const got = plugin.filter(newState(), info(makePod('p', {}, tolerations === undefined ? {} : { tolerations })), node);
    if (fits) assert.equal(got, null);
    else {
      assert.equal(got?.code, Code.UnschedulableAndUnresolvable);
      assert.deepEqual(got?.reasons, ['node(s) were unschedulable']);
    }
  });
}
