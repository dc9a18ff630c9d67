import assert from 'node:assert/strict';
import { test } from 'node:test';
import { container, Harness, probe, readyAfter, s } from './fixtures.js';

function startedAt(h: Harness, pod: string, name: string): number | undefined {
  for (const snap of h.history.get(pod) ?? []) {
    const all = [...(snap.pod.status.initContainerStatuses ?? []), ...(snap.pod.status.containerStatuses ?? [])];
    const st = all.find((c) => c.name === name)?.state;
    if (st?.startedAt !== undefined) return st.startedAt / 1e6;
  }
  return undefined;
}

test('init containers run in order, each to completion, before the app containers start', () => {
  const h = new Harness();
  h.create('p', {
    initContainers: [container('migrate', {}, { exitAfter: s(5) }), container('warm', {}, { exitAfter: s(3) })],
    containers: [container('app')],
  });
  h.runUntil(30);
  const pod = h.last('p')!;
  assert.deepEqual(pod.status.initContainerStatuses?.map((c) => [c.name, c.state.state, c.state.startedAt! / 1e6, c.state.finishedAt! / 1e6]), [
    ['migrate', 'terminated', 0, 5],
    ['warm', 'terminated', 5, 8],
  ]);
  assert.equal(startedAt(h, 'p', 'app'), 8);
  assert.equal(h.firstTime('p', (x) => x.status.phase === 'Running'), 8);
});

test('a failing init container is restarted with back-off; under restartPolicy Never it fails the pod', () => {
  const h = new Harness();
  h.create('retry', { initContainers: [container('init', {}, { exitAfter: s(1), exitCode: 1 })], containers: [container('app')] });
  h.create('never', { restartPolicy: 'Never', initContainers: [container('init', {}, { exitAfter: s(1), exitCode: 1 })], containers: [container('app')] });
  h.runUntil(60);
  assert.equal(h.last('never')!.status.phase, 'Failed');
  assert.equal(h.last('retry')!.status.phase, 'Pending');
  assert.ok(h.last('retry')!.status.initContainerStatuses![0]!.restartCount >= 3);
});

test('sidecars start before the app containers (after their startup probe) and stop after them', () => {
  const h = new Harness();
  h.create('p', {
    terminationGracePeriodSeconds: 30,
    initContainers: [
      container('proxy', { restartPolicy: 'Always', startupProbe: probe({ periodSeconds: 2 }) }, { readyAfter: readyAfter(3), shutdownAfter: s(1) }),
      container('setup', {}, { exitAfter: s(2) }),
    ],
    containers: [container('app', {}, { shutdownAfter: s(4) })],
  });
  h.runUntil(20);
  // proxy starts at 0; its startup probe (0, 2, 4 s) passes at 4 s; setup runs 4–6 s; app starts at 6 s.
  assert.equal(startedAt(h, 'p', 'proxy'), 0);
  assert.equal(startedAt(h, 'p', 'setup'), 4);
  assert.equal(startedAt(h, 'p', 'app'), 6);
  assert.equal(h.last('p')!.status.conditions.find((c) => c.type === 'Ready')?.status, 'True');
  h.delete('p');
  h.runUntil(60);
  // Deleted at 20 s: app stops at 24 s, then the proxy (1 s) at 25 s, then the pod object goes.
  const final = [...(h.history.get('p') ?? [])].reverse().find((x) => x.pod.status.containerStatuses?.[0]?.state.state === 'terminated')!.pod;
  assert.equal(final.status.containerStatuses![0]!.state.finishedAt, s(24));
  assert.equal(final.status.initContainerStatuses![0]!.state.finishedAt, s(25));
  assert.equal(h.store.get('Pod', 'default/p'), undefined);
});

test('a pod with a sidecar that never ends: the pod completes when its app container does (restartPolicy Never)', () => {
  const h = new Harness();
  h.create('job', {
    restartPolicy: 'Never',
    initContainers: [container('logs', { restartPolicy: 'Always' })],
    containers: [container('work', {}, { exitAfter: s(10) })],
  });
  h.runUntil(30);
  assert.equal(h.last('job')!.status.phase, 'Succeeded');
  assert.equal(h.last('job')!.status.initContainerStatuses![0]!.state.state, 'terminated');
});
