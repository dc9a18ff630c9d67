/** NodeName against upstream node_name_test.go TestNodeName, plus the PreFilter narrowing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FilterPlugin, PreFilterPlugin } from '../../../src/scheduler/framework/extension-points.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { nodeNameErrReason, nodeNamePlugin } from '../../../src/scheduler/plugins/node-name.js';
import { info, makeHandle, makeNode, makeNodeInfo, makePod, newState } from '../fixtures.js';

type NN = PreFilterPlugin & FilterPlugin;
const plugin = (): NN => nodeNamePlugin.factory({}, makeHandle([])) as NN;

const cases: ReadonlyArray<[string, string | undefined, string, boolean]> = [
  ['no host specified', undefined, 'foo', true],
  ['host matches', 'foo', 'foo', true],
  ['host doesn\'t match', 'bar', 'foo', false],
];
for (const [name, nodeName, node, fits] of cases) {
  test(`NodeName filter: ${name}`, () => {
    const got = plugin().filter(newState(), info(makePod('p', {}, nodeName === undefined ? {} : { nodeName })), makeNodeInfo(makeNode(node)));
    if (fits) assert.equal(got, null);
    else {
      assert.equal(got?.code, Code.UnschedulableAndUnresolvable);
      assert.deepEqual(got?.reasons, [nodeNameErrReason]);
    }
  });
}

test('NodeName preFilter: skipped without spec.nodeName, narrows to the named node otherwise', () => {
  assert.equal(plugin().preFilter(newState(), info(makePod('p')), [])?.status?.code, Code.Skip);
  const r = plugin().preFilter(newState(), info(makePod('p', {}, { nodeName: 'foo' })), []);
  assert.equal(r?.status, null);
  assert.deepEqual([...(r?.nodeNames ?? [])], ['foo']);
});
