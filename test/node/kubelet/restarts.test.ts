import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashLoopBackOff } from '../../../src/node/kubelet/crash-loop-backoff.js';
import { container, Harness, s } from './fixtures.js';

test('CrashLoopBackOff: first restart at once, then 10 s doubling to the 300 s cap', () => {
  const b = new CrashLoopBackOff();
  let t = 0;
  const delays: number[] = [];
  for (let i = 0; i < 9; i++) {
    const d = b.restartDelay('c', t);
    delays.push(d / 1e6);
    t += d + 1e6; // restarted, crashes 1 s later
  }
  assert.deepEqual(delays, [0, 10, 20, 40, 80, 160, 300, 300, 300]);
});

test('CrashLoopBackOff: a container that ran more than 10 min since its last exit starts over', () => {
  const b = new CrashLoopBackOff();
  b.restartDelay('c', 0);
  assert.equal(b.restartDelay('c', s(1)), s(10));
  assert.equal(b.restartDelay('c', s(12)), s(20));
  // 601 s after the previous exit: restart at once, and the next window is 10 s again.
  assert.equal(b.restartDelay('c', s(613)), 0);
  assert.equal(b.restartDelay('c', s(614)), s(10));
});

test('a crashing container under restartPolicy Always: restart times follow the back-off and the status shows CrashLoopBackOff', () => {
  const h = new Harness();
  h.create('crash', { containers: [container('app', {}, { exitAfter: s(2), exitCode: 1 })] });
  h.runUntil(200);
  const starts = (h.history.get('crash') ?? [])
    .filter((x) => x.pod.status.containerStatuses?.[0]?.state.state === 'running')
    .map((x) => x.t)
    .filter((t, i, a) => a.indexOf(t) === i);
  // Runs 2 s each; a restart takes 0.5 s (containerd create + start) after its back-off:
  // starts at 0, 2.5 (at once), 15 (+10), 37.5 (+20), 80 (+40), 162.5 (+80).
  assert.deepEqual(starts, [0, 2.5, 15, 37.5, 80, 162.5]);
  assert.ok((h.history.get('crash') ?? []).some((x) => x.pod.status.containerStatuses?.[0]?.state.reason === 'CrashLoopBackOff'));
  const last = h.last('crash')!.status.containerStatuses![0]!;
  assert.equal(last.restartCount, 5);
  assert.equal(last.lastState?.exitCode, 1);
  assert.equal(h.counter('kubesim_container_restarts_total{reason="Error"}'), 5);
});

test('restartPolicy OnFailure restarts failures only; the pod Succeeds once the container exits 0', () => {
  const h = new Harness();
  h.create('ok', { restartPolicy: 'OnFailure', containers: [container('app', {}, { exitAfter: s(5), exitCode: 0 })] });
  h.create('bad', { restartPolicy: 'OnFailure', containers: [container('app', {}, { exitAfter: s(5), exitCode: 3 })] });
  h.runUntil(60);
  assert.equal(h.last('ok')!.status.phase, 'Succeeded');
  assert.equal(h.last('ok')!.status.containerStatuses?.[0]?.restartCount, 0);
  assert.equal(h.last('bad')!.status.phase, 'Running');
  assert.ok(h.last('bad')!.status.containerStatuses![0]!.restartCount >= 2);
});

test('restartPolicy Never: a failed container fails the pod with its exit code', () => {
  const h = new Harness();
  h.create('once', { restartPolicy: 'Never', containers: [container('app', {}, { exitAfter: s(5), exitCode: 2 })] });
  h.runUntil(60);
  const pod = h.last('once')!;
  assert.equal(pod.status.phase, 'Failed');
  assert.equal(pod.status.containerStatuses?.[0]?.state.exitCode, 2);
  assert.equal(pod.status.containerStatuses?.[0]?.restartCount, 0);
});

test('OOM kill: a container whose memory reaches its limit is killed with reason OOMKilled (exit 137) and restarted', () => {
  const h = new Harness();
  const Mi = 2 ** 20;
  // 100 Mi at start, leaking 10 Mi/s, limit 200 Mi: killed 10 s after each start.
  h.create('leak', {
    containers: [container('app', { resources: { requests: { memory: 100 * Mi }, limits: { memory: 200 * Mi } } }, { memory: { initial: 100 * Mi, growthPerSecond: 10 * Mi } })],
  });
  h.runUntil(25);
  const c = h.last('leak')!.status.containerStatuses![0]!;
  assert.equal(c.lastState?.reason, 'OOMKilled');
  assert.equal(c.lastState?.exitCode, 137);
  assert.equal(c.lastState?.finishedAt, s(20.5)); // second run: started at 10.5 s (0.5 s restart), killed 10 s later
  assert.equal(c.restartCount, 1);
  assert.equal(h.counter('kubesim_container_oom_kills_total'), 2);
  // The second restart waits for its 10 s back-off (until 30.5 s).
  assert.equal(h.counter('kubesim_container_restarts_total{reason="OOMKilled"}'), 1);
});
