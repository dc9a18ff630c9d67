import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drainNames, failHead, pod, S, series, setup } from './helpers.js';

test('activeQ pops by priority, FIFO among equal keys; pop bumps attempts and schedulingCycle', () => {
  const { q, state } = setup();
  for (const [n, p] of [['a', 0], ['b', 10], ['c', 0], ['d', 10], ['e', 5], ['f', 0]] as const) q.add(pod(n, p));
  assert.equal(state.activations, 6);
  assert.deepEqual(q.pendingCounts(), { active: 6, backoff: 0, unschedulable: 0, gated: 0 });
  const first = q.pop()!;
  assert.equal(first.podInfo.pod.metadata.name, 'b');
  assert.equal(first.attempts, 1);
  assert.equal(q.schedulingCycle(), 1);
  assert.deepEqual(drainNames(q), ['d', 'e', 'a', 'c', 'f']);
  assert.equal(q.schedulingCycle(), 6);
  assert.equal(q.pop(), undefined);
  assert.equal(q.schedulingCycle(), 6);
});

test('a pod requeued after errors returns after 1, 2, 4, 8, 10, 10 s of virtual time', () => {
  const { sim, q } = setup();
  const times: number[] = [];
  q.onActive(() => times.push(sim.now));
  q.add(pod('p'));
  times.length = 0;
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) {
    const start = sim.now;
    const qpi = q.pop()!;
    q.requeueWithBackoff(qpi);
    assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
    assert.equal(qpi.timestamp, start);
    sim.run();
    waits.push((times[times.length - 1]! - start) / S);
    assert.equal(q.pendingCounts().active, 1);
  }
  assert.deepEqual(waits, [1, 2, 4, 8, 10, 10]);
  assert.equal(sim.pending, 0);
});

test('the backoff flush runs on 1 s ticks: a pod failing at 0.3 s (1 s backoff) reaches activeQ at 2 s', () => {
  const { sim, q, sink } = setup();
  q.add(pod('p'));
  sim.run({ until: 300_000 });
  const qpi = q.pop()!;
  q.requeueWithBackoff(qpi);
  assert.equal(sim.pending, 1);
  sim.run({ until: 2 * S - 1 });
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
  sim.run({ until: 2 * S });
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
  assert.equal(sim.pending, 0);
  assert.equal(sim.eventsProcessed, 1); // no idle ticks
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="BackoffComplete",queue="active"}'), 1);
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="ScheduleAttemptFailure",queue="backoff"}'), 1);
});

test('a shorter backoff queued later re-arms the flush earlier; each pod leaves on its own tick', () => {
  const { sim, q } = setup();
  const seen: string[] = [];
  q.onActive(() => {
    for (let p = q.pop(); p !== undefined; p = q.pop()) {
      seen.push(`${sim.now / S}:${p.podInfo.pod.metadata.name}`);
      if (p.attempts < 3 && p.podInfo.pod.metadata.name === 'long') q.requeueWithBackoff(p);
      else q.done(p.podInfo.key);
    }
  });
  q.add(pod('long')); // popped at 0 (attempt 1) → 1 s, then attempt 2 → 2 s, attempt 3 done
  q.add(pod('short'));
  sim.run();
  assert.deepEqual(seen, ['0:long', '0:short', '1:long', '3:long']);
  assert.equal(sim.pending, 0);
});

test('an unschedulable pod is moved by a relevant event but not by an irrelevant one', () => {
  const { sim, q, sink } = setup();
  q.add(pod('fit'));
  q.add(pod('taint'));
  q.add(pod('any'));
  failHead(q, ['NodeResourcesFit']);
  failHead(q, ['TaintToleration']);
  failHead(q, ['SomeOutOfTreePlugin']);
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 0, unschedulable: 3, gated: 0 });
  q.moveAllToActiveOrBackoffQueue('AssignedPodAdd'); // helps neither NodeResourcesFit nor TaintToleration
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 2, gated: 0 });
  q.moveAllToActiveOrBackoffQueue('PodDelete'); // helps NodeResourcesFit only; still backing off at t=0
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 2, unschedulable: 1, gated: 0 });
  sim.run({ until: 5 * S });
  assert.deepEqual(q.pendingCounts(), { active: 2, backoff: 0, unschedulable: 1, gated: 0 });
  q.moveAllToActiveOrBackoffQueue('NodeUpdate'); // backoff over: straight to activeQ
  assert.deepEqual(q.pendingCounts(), { active: 3, backoff: 0, unschedulable: 0, gated: 0 });
  assert.deepEqual(drainNames(q), ['any', 'fit', 'taint']); // equal priority and timestamp: activeQ insertion order
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="NodeUpdate",queue="active"}'), 1);
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="PodDelete",queue="backoff"}'), 1);
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="ScheduleAttemptFailure",queue="unschedulable"}'), 3);
});

test('an unschedulable pod left alone moves after podMaxInUnschedulablePodsDuration, on the 30 s leftover tick', () => {
  const { sim, q, sink, state } = setup();
  q.add(pod('p'));
  sim.run({ until: 10 * S });
  failHead(q, ['NodeResourcesFit']); // timestamp 10 s: overdue when now − 10 s > 300 s
  assert.equal(sim.pending, 1);
  const before = state.activations;
  sim.run({ until: 330 * S - 1 });
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 0, unschedulable: 1, gated: 0 });
  sim.run({ until: 330 * S });
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
  assert.equal(state.activations, before + 1);
  assert.equal(sim.pending, 0);
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="UnschedulableTimeout",queue="active"}'), 1);
});

test('the leftover flush honours a custom duration and goes to backoffQ while still backing off', () => {
  const { sim, q } = setup({ podMaxInUnschedulablePodsDuration: 20 * S, podInitialBackoff: 100 * S, podMaxBackoff: 100 * S });
  q.add(pod('p'));
  failHead(q, ['NodeAffinity']);
  sim.run({ until: 30 * S });
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
  sim.run();
  assert.equal(sim.now, 100 * S);
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
});

test('a move request during the in-flight cycle sends the failed pod to backoffQ, not unschedulablePods', () => {
  const { q } = setup();
  q.add(pod('a'));
  q.add(pod('b'));
  const a = q.pop()!;
  const cycleA = q.schedulingCycle();
  q.moveAllToActiveOrBackoffQueue('NodeAdd'); // nothing to move, but recorded as a move request
  a.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(a, cycleA);
  q.done(a.podInfo.key);
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 1, unschedulable: 0, gated: 0 });
  const b = q.pop()!; // its cycle starts after the move request
  b.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(b, q.schedulingCycle());
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 1, gated: 0 });
});

test('a failure without rejecting plugins goes to backoffQ (upstream: unexpected error, retry)', () => {
  const { q } = setup();
  q.add(pod('a'));
  failHead(q, []);
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
});

test('requeueing a pod that is already queued is ignored (IfNotPresent)', () => {
  const { q } = setup();
  q.add(pod('a'));
  const a = q.pop()!;
  q.add(pod('a')); // in flight: treated as an update
  assert.equal(q.pendingCounts().active, 0);
  q.requeueWithBackoff(a);
  q.requeueWithBackoff(a);
  q.addUnschedulableIfNotPresent(a, q.schedulingCycle());
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
});
