/** SchedulingGates against upstream scheduling_gates_test.go TestPreEnqueue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PreEnqueuePlugin } from '../../../src/scheduler/framework/extension-points.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { schedulingGatesPlugin } from '../../../src/scheduler/plugins/scheduling-gates.js';
import { info, makeHandle, makePod } from '../fixtures.js';

const plugin = schedulingGatesPlugin.factory({}, makeHandle([])) as PreEnqueuePlugin;

test('SchedulingGates: pod does not carry scheduling gates', () => {
  assert.equal(plugin.preEnqueue(info(makePod('p'))), null);
  assert.equal(plugin.preEnqueue(info(makePod('p', {}, { schedulingGates: [] }))), null);
});

test('SchedulingGates: pod carries scheduling gates', () => {
  const got = plugin.preEnqueue(info(makePod('p', {}, { schedulingGates: [{ name: 'foo' }, { name: 'bar' }] })));
  assert.equal(got?.code, Code.UnschedulableAndUnresolvable);
  assert.deepEqual(got?.reasons, ['waiting for scheduling gates: [foo bar]']);
});
