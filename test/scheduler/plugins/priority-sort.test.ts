/** PrioritySort against upstream priority_sort_test.go TestLess. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueSortPlugin } from '../../../src/scheduler/framework/extension-points.js';
import type { QueuedPodInfo } from '../../../src/scheduler/framework/queued-pod-info.js';
import { prioritySortPlugin } from '../../../src/scheduler/plugins/priority-sort.js';
import { info, makeHandle, makePod } from '../fixtures.js';

const queued = (name: string, priority: number, timestamp: number): QueuedPodInfo => ({
  podInfo: info(makePod(name, {}, { priority })), timestamp, initialAttemptTimestamp: timestamp, attempts: 0, unschedulablePlugins: new Set(), gated: false,
});

const plugin = prioritySortPlugin.factory({}, makeHandle([])) as QueueSortPlugin;
const cases: ReadonlyArray<[string, QueuedPodInfo, QueuedPodInfo, boolean]> = [
  ['p1.priority less than p2.priority', queued('p1', 0, 10), queued('p2', 100, 20), false],
  ['p1.priority greater than p2.priority', queued('p1', 200, 10), queued('p2', 100, 20), true],
  ['equal priority. p1 is added to schedulingQ earlier than p2', queued('p1', 100, 10), queued('p2', 100, 20), true],
  ['equal priority. p2 is added to schedulingQ earlier than p1', queued('p1', 100, 20), queued('p2', 100, 10), false],
  ['equal priority and timestamp: not less', queued('p1', 100, 10), queued('p2', 100, 10), false],
  ['negative priorities order too', queued('p1', -5, 30), queued('p2', -10, 10), true],
];
for (const [name, a, b, want] of cases) test(`PrioritySort: ${name}`, () => assert.equal(plugin.less(a, b), want));

test('PrioritySort: sorting a queue', () => {
  const q = [queued('low-old', 0, 1), queued('high-new', 10, 5), queued('high-old', 10, 2), queued('low-new', 0, 3)];
  q.sort((a, b) => (plugin.less(a, b) ? -1 : plugin.less(b, a) ? 1 : 0));
  assert.deepEqual(q.map((p) => p.podInfo.pod.metadata.name), ['high-old', 'high-new', 'low-old', 'low-new']);
});
