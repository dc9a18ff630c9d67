import assert from 'node:assert/strict';
import { test } from 'node:test';
import { container, Harness, probe, readyAfter } from './fixtures.js';

test('readiness: the pod turns Ready at the first probe at initialDelay + k·period after the application is ready', () => {
  const h = new Harness();
  h.create('web', { containers: [container('app', { readinessProbe: probe({ initialDelaySeconds: 5, periodSeconds: 10 }) }, { readyAfter: readyAfter(22) })] });
  h.runUntil(60);
  // Probes at 5, 15, 25 s: the application answers from 22 s.
  assert.deepEqual(h.readyTransitions('web'), [{ t: 0, ready: false }, { t: 25, ready: true }]);
  assert.equal(h.counter('prober_probe_total{probe_type="Readiness",result="failed"}'), 2);
});

test('readiness: successThreshold consecutive successes are needed', () => {
  const h = new Harness();
  h.create('web', { containers: [container('app', { readinessProbe: probe({ initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 3 }) }, { readyAfter: readyAfter(22) })] });
  h.runUntil(60);
  assert.equal(h.readyTransitions('web').find((x) => x.ready)?.t, 45);
});

test('without a readiness probe the pod is Running and Ready as soon as its containers start', () => {
  const h = new Harness({ startLatency: 1_500_000 });
  h.create('web', { containers: [container('app')] });
  h.runUntil(10);
  assert.equal(h.firstTime('web', (p) => p.status.phase === 'Running'), 1.5);
  assert.deepEqual(h.readyTransitions('web'), [{ t: 1.5, ready: true }]);
  // One status PATCH for the whole start.
  assert.equal(h.requests.filter((r) => r.verb === 'PATCH').length, 1);
});

test('a never-ready application stays Running and not Ready; failed readiness does not restart it', () => {
  const h = new Harness();
  h.create('web', { containers: [container('app', { readinessProbe: probe() }, { neverReady: true })] });
  h.runUntil(295);
  const pod = h.last('web')!;
  assert.equal(pod.status.phase, 'Running');
  assert.equal(pod.status.conditions.find((c) => c.type === 'Ready')?.status, 'False');
  assert.equal(pod.status.containerStatuses?.[0]?.restartCount, 0);
  assert.equal(h.counter('prober_probe_total{probe_type="Readiness",result="failed"}'), 30);
});

test('the startup probe gates readiness and liveness until it succeeds', () => {
  const h = new Harness();
  // A slow start (40 s) that a liveness probe alone would kill (3 failures × 10 s), protected by a startup probe.
  h.create('slow', {
    containers: [container('app', {
      startupProbe: probe({ periodSeconds: 10, failureThreshold: 30 }),
      livenessProbe: probe({ periodSeconds: 10, failureThreshold: 3 }),
      readinessProbe: probe({ periodSeconds: 10 }),
    }, { readyAfter: readyAfter(40) })],
  });
  h.runUntil(120);
  const pod = h.last('slow')!;
  assert.equal(pod.status.containerStatuses?.[0]?.restartCount, 0);
  assert.equal(h.counter('prober_probe_total{probe_type="Liveness",result="failed"}'), 0);
  // Startup succeeds at 40 s; readiness probes tick at 0, 10, ... and the first after that is at 40 s (same instant, later) or 50 s.
  const ready = h.readyTransitions('slow').find((x) => x.ready)?.t ?? NaN;
  assert.ok(ready >= 40 && ready <= 50, `ready at ${ready}`);
});

test('without a startup probe, liveness kills a slow-starting container after failureThreshold × period', () => {
  const h = new Harness();
  h.create('slow', { containers: [container('app', { livenessProbe: probe({ periodSeconds: 10, failureThreshold: 3 }) }, { readyAfter: readyAfter(40) })] });
  h.runUntil(25);
  // Failures at 0, 10, 20 s: killed at 20 s (it exits on SIGTERM at once) and restarted at once (first restart).
  const pod = h.last('slow')!;
  assert.equal(pod.status.containerStatuses?.[0]?.restartCount, 1);
  assert.equal(pod.status.containerStatuses?.[0]?.lastState?.finishedAt, 20e6);
  assert.equal(h.counter('kubesim_container_restarts_total{reason="LivenessProbe"}'), 1);
});

test('a hung application fails its liveness probe after timeoutSeconds and is restarted', () => {
  const h = new Harness();
  h.create('hang', { containers: [container('app', { livenessProbe: probe({ periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 }) }, { unhealthyAfter: 12e6 })] });
  h.runUntil(30);
  // Probes at 15 and 20 s time out at 17 and 22 s: the second failure kills it at 22 s.
  assert.equal(h.last('hang')!.status.containerStatuses?.[0]?.lastState?.finishedAt, 22e6);
});
