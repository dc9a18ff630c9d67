import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import { drainNames, failHead, pod, S, series, setup } from './helpers.js';

const gated = { schedulingGates: [{ name: 'example.com/wait' }] };

test('a gated pod stays out of activeQ through events and flushes until an update clears its gates', () => {
  const { sim, q, sink, state } = setup();
  q.add(pod('g', 0, gated));
  q.add(pod('other'));
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 1 });
  assert.equal(state.activations, 1);
  assert.equal(sim.pending, 0); // gated pods need no timer
  for (const e of ['NodeAdd', 'NodeUpdate', 'PodDelete', 'AssignedPodAdd', 'AssignedPodUpdate', 'UnscheduledPodUpdate'] as const) q.moveAllToActiveOrBackoffQueue(e);
  sim.run({ until: 3600 * S });
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 1 });
  q.update(pod('g', 0, { schedulingGates: [{ name: 'example.com/wait' }, { name: 'more' }] }));
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 1 });
  q.update(pod('g', 100));
  assert.deepEqual(q.pendingCounts(), { active: 2, backoff: 0, unschedulable: 0, gated: 0 });
  assert.equal(state.activations, 2);
  const g = q.pop()!;
  assert.equal(g.podInfo.pod.metadata.name, 'g');
  assert.equal(g.gated, false);
  assert.equal(g.initialAttemptTimestamp, 3600 * S); // first attempt clock starts when the gates clear
  assert.equal(g.unschedulablePlugins.size, 0);
  assert.equal(series(sink, 'scheduler_pending_pods{queue="gated"}'), 0);
  assert.equal(series(sink, 'scheduler_pending_pods{queue="active"}'), 1);
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="PodAdd",queue="unschedulable"}'), 1);
  assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="PodUpdate",queue="active"}'), 1);
});

test('delete removes a pod from every queue and cancels timers that are no longer needed', () => {
  const { sim, q } = setup();
  for (const n of ['active', 'backoff', 'unsched', 'flying']) q.add(pod(n));
  q.add(pod('gated', 0, gated));
  q.done(q.pop()!.podInfo.key); // 'active' finished; re-added below as a fresh pod
  const b = q.pop()!;
  const u = q.pop()!;
  const f = q.pop()!;
  q.add(pod('active'));
  q.add(pod('active2'));
  q.requeueWithBackoff(b);
  u.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(u, q.schedulingCycle());
  assert.deepEqual(q.pendingCounts(), { active: 2, backoff: 1, unschedulable: 1, gated: 1 });
  assert.equal(sim.pending, 2);
  for (const n of ['active', 'backoff', 'unsched', 'gated', 'flying']) q.delete(`default/${n}`);
  assert.deepEqual(q.pendingCounts(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
  assert.equal(sim.pending, 0);
  f.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(f, q.schedulingCycle()); // deleted while in flight: dropped
  q.done(f.podInfo.key);
  assert.deepEqual(drainNames(q), ['active2']);
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 0, unschedulable: 0, gated: 0 });
  q.add(pod('flying')); // same name, new pod: queued normally
  assert.equal(q.pendingCounts().active, 1);
});

test('update: status-only changes keep an unschedulable pod; spec/label changes requeue it; active pods re-sort', () => {
  const { sim, q } = setup();
  q.add(pod('u'));
  failHead(q, ['NodeResourcesFit']);
  const u = pod('u');
  q.update(new PodInfo({ ...u.pod, metadata: { ...u.pod.metadata, resourceVersion: 2 }, status: { ...u.pod.status, reason: 'Unschedulable' } }));
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 0, unschedulable: 1, gated: 0 });
  q.update(pod('u', 0, {}, { tier: 'x' })); // still backing off at t=0
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
  q.update(pod('u', 0, {}, { tier: 'y' })); // stored in place in backoffQ
  sim.run();
  const back = q.pop()!;
  assert.equal(back.podInfo.pod.metadata.labels?.['tier'], 'y');
  q.add(pod('x', 1));
  q.add(pod('y', 2));
  q.update(pod('x', 3));
  assert.deepEqual(drainNames(q), ['x', 'y']);
  q.update(pod('nobody'));
  assert.equal(q.pendingCounts().active, 0); // unknown pods are not added by update
  q.add(pod('bound'));
  q.update(pod('bound', 0, { nodeName: 'n1' })); // now assigned: leaves the queue
  assert.equal(q.pendingCounts().active, 0);
});

test('an update while in flight is applied on requeue and sends the pod to backoffQ', () => {
  const { q } = setup();
  q.add(pod('p'));
  const p = q.pop()!;
  q.update(pod('p', 7));
  assert.equal(p.podInfo.pod.spec.priority, 0); // the running attempt keeps its PodInfo
  p.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.done(p.podInfo.key); // done before the requeue works too
  q.addUnschedulableIfNotPresent(p, q.schedulingCycle());
  assert.equal(p.podInfo.pod.spec.priority, 7);
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 1, unschedulable: 0, gated: 0 });
});

test('no engine events remain once the queue is drained; a queue that only holds gated pods is idle', () => {
  const { sim, q } = setup();
  for (let i = 0; i < 50; i++) q.add(pod(`p${i}`, i % 3, i % 10 === 0 ? gated : {}));
  q.onActive(() => {
    for (let p = q.pop(); p !== undefined; p = q.pop()) {
      if (p.attempts < 3) {
        p.unschedulablePlugins = new Set(p.attempts === 1 ? ['NodeResourcesFit'] : []);
        q.addUnschedulableIfNotPresent(p, q.schedulingCycle());
      }
      q.done(p.podInfo.key);
    }
  });
  for (let p = q.pop(); p !== undefined; p = q.pop()) {
    p.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(p, q.schedulingCycle());
    q.done(p.podInfo.key);
  }
  assert.equal(q.pendingCounts().unschedulable, 45);
  q.moveAllToActiveOrBackoffQueue('NodeAdd');
  assert.ok(sim.pending > 0);
  sim.run();
  assert.equal(sim.pending, 0);
  assert.deepEqual(q.pendingCounts(), { active: 0, backoff: 0, unschedulable: 0, gated: 5 });
});

test('close cancels pending flushes', () => {
  const { sim, q } = setup();
  q.add(pod('a'));
  q.add(pod('b'));
  q.requeueWithBackoff(q.pop()!);
  failHead(q, ['NodePorts']);
  assert.equal(sim.pending, 2);
  q.close();
  assert.equal(sim.pending, 0);
});

test('metrics carry a profile label when given; identical runs give identical pop orders', () => {
  const run = (): string[] => {
    const { sim, q, sink } = setup({}, 'default-scheduler');
    const order: string[] = [];
    for (let i = 0; i < 30; i++) q.add(pod(`p${i}`, (i * 7) % 4));
    q.onActive(() => {
      for (let p = q.pop(); p !== undefined; p = q.pop()) order.push(`${sim.now}:${p.podInfo.pod.metadata.name}:${p.attempts}`);
    });
    for (let p = q.pop(); p !== undefined; p = q.pop()) {
      order.push(`${sim.now}:${p.podInfo.pod.metadata.name}:${p.attempts}`);
      q.requeueWithBackoff(p);
    }
    sim.run();
    assert.equal(series(sink, 'scheduler_pending_pods{profile="default-scheduler",queue="active"}'), 0);
    assert.equal(series(sink, 'scheduler_queue_incoming_pods_total{event="BackoffComplete",profile="default-scheduler",queue="active"}'), 30);
    return order;
  };
  const a = run();
  assert.equal(a.length, 60);
  assert.deepEqual(a, run());
});
