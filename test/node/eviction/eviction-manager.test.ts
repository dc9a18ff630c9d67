import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseThresholdValue, type Threshold } from '../../../src/node/eviction/eviction-config.js';
import { container, Harness, s } from '../kubelet/fixtures.js';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const hardMemory = (v: string): Threshold => ({ signal: 'memory.available', value: parseThresholdValue(v), gracePeriod: 0, hard: true, minReclaim: undefined });
const softMemory = (v: string, grace: number): Threshold => ({ signal: 'memory.available', value: parseThresholdValue(v), gracePeriod: grace, hard: false, minReclaim: undefined });

/** A pod whose container uses `initial` memory growing by `perSecond`. */
function leaking(h: Harness, name: string, opts: { request?: number; initial: number; perSecond?: number; priority?: number; grace?: number }): void {
  const requests = opts.request === undefined ? {} : { memory: opts.request };
  h.create(name, {
    priority: opts.priority ?? 0,
    ...(opts.grace === undefined ? {} : { terminationGracePeriodSeconds: opts.grace }),
    containers: [container('app', { resources: { requests, limits: {} } }, { memory: { initial: opts.initial, growthPerSecond: opts.perSecond ?? 0 } })],
  });
}

function evictedAt(h: Harness, name: string): number | undefined {
  return h.firstTime(name, (p) => p.status.reason === 'Evicted');
}

test('hard threshold: the first pod in ranking order is evicted at a housekeeping tick, phase Failed reason Evicted', () => {
  const h = new Harness({ memory: String(4 * Gi), eviction: { thresholds: [hardMemory('500Mi')] } });
  // 4 Gi node; three pods of 1.2 Gi each: 0.4 Gi available, below 500 Mi, from the start.
  leaking(h, 'besteffort', { initial: 1200 * Mi });
  leaking(h, 'burstable', { request: 1024 * Mi, initial: 1200 * Mi });
  leaking(h, 'within-request', { request: 2048 * Mi, initial: 1200 * Mi });
  h.runUntil(60);
  // The first tick (10 s) picks the pod exceeding its request the most (BestEffort: 1.2 Gi over 0), with the 1 s grace of hard thresholds.
  assert.equal(evictedAt(h, 'besteffort'), 10); // it exits on SIGTERM at once
  const pod = h.last('besteffort')!;
  assert.equal(pod.status.phase, 'Failed');
  assert.match(pod.status.message ?? '', /low on resource: memory/);
  // 2.4 Gi used afterwards: 1.6 Gi available, nothing more to evict.
  assert.equal(evictedAt(h, 'burstable'), undefined);
  assert.equal(h.counter('kubelet_evictions{eviction_signal="memory.available",qos_class="BestEffort"}'), 1);
});

test('at most one eviction per housekeeping interval even when several are needed', () => {
  const h = new Harness({ memory: String(4 * Gi), eviction: { thresholds: [hardMemory('3500Mi')] } });
  // 3 × 1000 Mi on 4 Gi: even with one pod left, 3096 Mi available stays below 3500 Mi.
  for (let i = 0; i < 3; i++) leaking(h, `p${i}`, { initial: 1000 * Mi });
  h.runUntil(45);
  const times = ['p0', 'p1', 'p2'].map((n) => evictedAt(h, n)).filter((t) => t !== undefined).sort((a, b) => a! - b!);
  assert.deepEqual(times, [10, 20, 30]);
});

test('soft threshold: eviction only after the grace period of continuous pressure, with min(evictionMaxPodGracePeriod, pod grace)', () => {
  const h = new Harness({ memory: String(4 * Gi), eviction: { thresholds: [softMemory('1Gi', s(60))], evictionMaxPodGracePeriod: 20 } });
  // 3.5 Gi used from the start: below 1 Gi available at the first tick (10 s). It takes 25 s to stop on SIGTERM.
  h.create('hog', { terminationGracePeriodSeconds: 30, containers: [container('app', {}, { shutdownAfter: s(25), memory: { initial: 3584 * Mi, growthPerSecond: 0 } })] });
  h.runUntil(200);
  // First observed at 10 s; acts at the tick 60 s later (70 s); killed after min(20, 30) = 20 s.
  assert.equal(evictedAt(h, 'hog'), 90);
  assert.equal(h.last('hog')!.status.containerStatuses?.[0]?.state.exitCode, 137);
  // MemoryPressure was reported at the first observation, before the grace period ran out.
  assert.deepEqual(h.pressure[0], { t: 10, conditions: ['MemoryPressure'] });
});

test('soft threshold: pressure that eases before the grace period ends evicts nothing', () => {
  const h = new Harness({ memory: String(4 * Gi), eviction: { thresholds: [softMemory('1Gi', s(60))] } });
  // Uses 3.5 Gi for 35 s, then exits (restartPolicy Never).
  h.create('burst', { restartPolicy: 'Never', containers: [container('app', {}, { exitAfter: s(35), memory: { initial: 3584 * Mi, growthPerSecond: 0 } })] });
  h.runUntil(200);
  assert.equal(evictedAt(h, 'burst'), undefined);
  assert.equal(h.last('burst')!.status.phase, 'Succeeded');
});

test('pressure transition period: MemoryPressure clears only 5 min after the threshold was last met', () => {
  const h = new Harness({ memory: String(4 * Gi), eviction: { thresholds: [hardMemory('500Mi')] } });
  leaking(h, 'hog', { initial: 3800 * Mi });
  h.create('quiet', { containers: [container('app', {}, { memory: { initial: Mi, growthPerSecond: 0 } })] });
  h.runUntil(600);
  // Met at the 10 s tick (hog evicted by 11 s), not from 20 s on; cleared at the first tick 300 s after 10 s.
  assert.deepEqual(h.pressure, [{ t: 10, conditions: ['MemoryPressure'] }, { t: 310, conditions: [] }]);
});

test('under MemoryPressure new BestEffort pods are rejected at admission; others are admitted', () => {
  const h = new Harness({ memory: String(4 * Gi), eviction: { thresholds: [hardMemory('500Mi')] } });
  leaking(h, 'hog', { initial: 3800 * Mi, request: 4 * Gi });
  h.runUntil(15);
  h.create('be', { containers: [container('app')] });
  h.create('bu', { containers: [container('app', { resources: { requests: { cpu: 100 }, limits: {} } })] });
  h.runUntil(20);
  assert.equal(h.last('be')!.status.phase, 'Failed');
  assert.equal(h.last('be')!.status.reason, 'Evicted');
  assert.equal(h.last('bu')!.status.phase, 'Running');
});

test('nodefs: exited containers are reclaimed before any pod is evicted', () => {
  const h = new Harness({
    eviction: { thresholds: [{ signal: 'nodefs.available', value: parseThresholdValue('10%'), gracePeriod: 0, hard: true, minReclaim: undefined }] },
    nodefs: 10 * Gi,
  });
  // A crash-looping container leaves 1 Gi behind at each exit; a steady pod uses 8.5 Gi.
  h.create('crashy', { containers: [container('app', {}, { exitAfter: s(1), exitCode: 1, ephemeralStorage: { initial: Gi, growthPerSecond: 0 } })] });
  h.create('steady', { containers: [container('app', {}, { ephemeralStorage: { initial: 8.5 * Gi, growthPerSecond: 0 } })] });
  h.runUntil(100);
  assert.equal(evictedAt(h, 'crashy'), undefined);
  assert.equal(evictedAt(h, 'steady'), undefined);
  assert.ok(h.pressure.some((p) => p.conditions.includes('DiskPressure')), 'DiskPressure was reported');
});

test('threshold values: quantities and percentages; malformed ones are rejected', () => {
  assert.deepEqual(parseThresholdValue('500Mi'), { quantity: 500 * Mi });
  assert.deepEqual(parseThresholdValue('10%'), { percentage: 0.1 });
  assert.throws(() => parseThresholdValue('10 %%'), /invalid percentage/);
  assert.throws(() => parseThresholdValue('150%'), /between 0% and 100%/);
  assert.throws(() => parseThresholdValue('lots'), /invalid quantity/);
  assert.throws(() => parseThresholdValue('-1Gi'), /negative/);
});
