import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStreams } from '../../../src/engine/rng.js';
import { KeyedHeap } from '../../../src/scheduler/queue/keyed-heap.js';
import { calculateBackoffDuration, defaultSchedulingQueueConfig } from '../../../src/scheduler/queue/queue-config.js';
import { nextTick } from '../../../src/scheduler/queue/tick-timer.js';
import { eventMayHelp } from '../../../src/scheduler/queue/cluster-events.js';
import { isPodUpdated } from '../../../src/scheduler/queue/pod-updated.js';
import { makePod } from '../fixtures.js';

const S = 1_000_000;

test('KeyedHeap pops in (value, insertion) order under random pushes, removals and updates', () => {
  const rng = new RandomStreams(7).stream('heap');
  const h = new KeyedHeap<{ v: number }>((a, b) => a.v < b.v);
  const ref = new Map<string, { v: number; seq: number }>();
  let seq = 0;
  for (let i = 0; i < 5000; i++) {
    const op = rng.int(10);
    const key = `k${rng.int(300)}`;
    if (op < 6) {
      const v = rng.int(20);
      const old = ref.get(key);
      h.push(key, { v });
      ref.set(key, { v, seq: old?.seq ?? seq++ });
    } else if (op < 8) {
      assert.equal(h.remove(key)?.v, ref.get(key)?.v);
      ref.delete(key);
    } else {
      const top = [...ref.entries()].sort((a, b) => a[1].v - b[1].v || a[1].seq - b[1].seq)[0];
      const got = h.pop();
      assert.equal(got?.v, top?.[1].v);
      if (top !== undefined) ref.delete(top[0]);
    }
    assert.equal(h.size, ref.size);
  }
  const expected = [...ref.values()].sort((a, b) => a.v - b.v || a.seq - b.seq).map((e) => e.v);
  assert.deepEqual(h.sorted().map((e) => e.v), expected);
  const popped: number[] = [];
  for (let e = h.pop(); e !== undefined; e = h.pop()) popped.push(e.v);
  assert.deepEqual(popped, expected);
});

test('KeyedHeap keeps insertion order among equal values for a large batch, and fix() re-sifts', () => {
  const h = new KeyedHeap<{ v: number }>((a, b) => a.v < b.v);
  for (let i = 0; i < 1000; i++) h.push(`p${i}`, { v: 0 });
  const e = h.get('p500')!;
  e.v = -1;
  h.fix('p500');
  assert.equal(h.pop(), e);
  const order: number[] = [];
  for (let x = h.pop(); x !== undefined; x = h.pop()) order.push(x.v);
  assert.equal(order.length, 999);
  assert.equal(h.has('p1'), false);
});

test('backoff durations are 1, 2, 4, 8, 10, 10 s (calculateBackoffDuration), 0 before any attempt', () => {
  const got = [1, 2, 3, 4, 5, 6].map((a) => calculateBackoffDuration(a, defaultSchedulingQueueConfig) / S);
  assert.deepEqual(got, [1, 2, 4, 8, 10, 10]);
  assert.equal(calculateBackoffDuration(0, defaultSchedulingQueueConfig), 0);
  assert.equal(calculateBackoffDuration(1000, defaultSchedulingQueueConfig), 10 * S);
  assert.equal(calculateBackoffDuration(3, { ...defaultSchedulingQueueConfig, podInitialBackoff: 3 * S, podMaxBackoff: 7 * S }), 7 * S);
});

test('nextTick picks the first grid tick strictly after now and at/after the target', () => {
  assert.equal(nextTick(0, 0, S), S);
  assert.equal(nextTick(2 * S, 3 * S, S), 3 * S);
  assert.equal(nextTick(2 * S, 1, S), 3 * S);
  assert.equal(nextTick(300_000, 1_300_000, S), 2 * S);
  assert.equal(nextTick(5 * S, 5 * S, S), 6 * S);
});

test('eventMayHelp follows the plugin table; no plugins or an unknown plugin means any event', () => {
  assert.equal(eventMayHelp(new Set(), 'PodDelete'), true);
  assert.equal(eventMayHelp(new Set(['NodeResourcesFit']), 'NodeAdd'), true);
  assert.equal(eventMayHelp(new Set(['NodeResourcesFit']), 'PodDelete'), true);
  assert.equal(eventMayHelp(new Set(['NodeResourcesFit']), 'AssignedPodAdd'), false);
  assert.equal(eventMayHelp(new Set(['TaintToleration']), 'PodDelete'), false);
  assert.equal(eventMayHelp(new Set(['NodePorts']), 'NodeUpdate'), false);
  assert.equal(eventMayHelp(new Set(['NodePorts']), 'NodeAdd'), true);
  assert.equal(eventMayHelp(new Set(['InterPodAffinity']), 'AssignedPodUpdate'), true);
  assert.equal(eventMayHelp(new Set(['PodTopologySpread']), 'UnscheduledPodUpdate'), true);
  assert.equal(eventMayHelp(new Set(['TaintToleration', 'NodePorts']), 'PodDelete'), true);
  assert.equal(eventMayHelp(new Set(['VolumeBinding']), 'AssignedPodAdd'), true);
});

test('isPodUpdated ignores status and resourceVersion, sees spec and label changes', () => {
  const a = makePod('a', { cpu: 100 }, {}, { app: 'x' });
  const statusOnly = { ...a, metadata: { ...a.metadata, resourceVersion: 9 }, status: { ...a.status, conditions: [{ type: 'PodScheduled', status: 'False', lastTransitionTime: 5 }] } } as typeof a;
  assert.equal(isPodUpdated(a, statusOnly), false);
  assert.equal(isPodUpdated(a, { ...a, metadata: { ...a.metadata, labels: { app: 'y' } } }), true);
  assert.equal(isPodUpdated(a, { ...a, spec: { ...a.spec, priority: 5 } }), true);
  assert.equal(isPodUpdated(a, { ...a, spec: { ...a.spec, nodeSelector: undefined } } as unknown as typeof a), false);
});
