import assert from 'node:assert/strict';
import { test } from 'node:test';
import { container, Harness, s } from './fixtures.js';

function deletedAt(h: Harness, name: string): number {
  const t = h.history.get(name)?.find((x) => x.pod.metadata.deletionTimestamp !== undefined)?.t;
  return t ?? NaN;
}

test('graceful deletion: preStop, then SIGTERM; the object goes once the kubelet has stopped the containers', () => {
  const h = new Harness();
  h.create('web', { containers: [container('app', { preStop: { duration: s(5) } }, { shutdownAfter: s(3) })] });
  h.runUntil(10);
  const r = h.delete('web');
  assert.equal(r.code, 200);
  // Still there, marked for deletion 30 s (the default grace period) from now.
  assert.equal(h.store.get('Pod', 'default/web')?.metadata.deletionTimestamp, s(40));
  h.runUntil(60);
  assert.equal(h.store.get('Pod', 'default/web'), undefined);
  assert.equal(deletedAt(h, 'web'), 10);
  const final = h.last('web')!;
  assert.equal(final.status.containerStatuses![0]!.state.finishedAt, s(18)); // 10 + 5 (preStop) + 3 (shutdown)
  assert.equal(final.status.containerStatuses![0]!.state.exitCode, 0);
  // The kubelet confirmed with a DELETE of grace 0.
  assert.ok(h.requests.some((q) => q.verb === 'DELETE' && q.gracePeriodSeconds === 0));
  assert.deepEqual(h.sink.histograms.get('kubesim_pod_termination_duration_seconds')?.sorted()[0], 8);
});

test('terminationGracePeriodSeconds: an application ignoring SIGTERM is killed when the grace period ends (exit 137)', () => {
  const h = new Harness();
  h.create('stubborn', { terminationGracePeriodSeconds: 10, containers: [container('app', {}, { shutdownAfter: s(3600) })] });
  h.runUntil(5);
  h.delete('stubborn');
  h.runUntil(60);
  const final = h.last('stubborn')!;
  assert.equal(final.status.containerStatuses![0]!.state.finishedAt, s(15));
  assert.equal(final.status.containerStatuses![0]!.state.exitCode, 137);
  assert.equal(final.status.phase, 'Failed');
});

test('a preStop hook longer than the grace period is cut, and SIGTERM still gets the 2 s minimum', () => {
  const h = new Harness();
  h.create('hook', { terminationGracePeriodSeconds: 10, containers: [container('app', { preStop: { duration: s(60) } }, { shutdownAfter: s(30) })] });
  h.runUntil(1);
  h.delete('hook');
  h.runUntil(60);
  assert.equal(h.last('hook')!.status.containerStatuses![0]!.state.finishedAt, s(1 + 10 + 2));
});

test('grace 0, never-started and terminal pods are deleted at once', () => {
  const h = new Harness({ startLatency: s(5) });
  h.create('starting', { containers: [container('app')] });
  h.create('running', { containers: [container('app')] });
  h.runUntil(1);
  h.delete('starting');
  assert.equal(h.store.get('Pod', 'default/starting'), undefined);
  h.runUntil(10);
  h.delete('running', 0);
  assert.equal(h.store.get('Pod', 'default/running'), undefined);
  // The kubelet stopped the pod's containers and forgot it.
  h.runUntil(20);
  assert.equal(h.kubelet.workers.size, 0);
});
