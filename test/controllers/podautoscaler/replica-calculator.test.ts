import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../src/api/objects.js';
import type { PodMetric } from '../../../src/controlplane/metrics-server/pod-metrics.js';
import { resourceReplicas, type ReplicaCalculatorInput } from '../../../src/controllers/podautoscaler/replica-calculator.js';

const s = 1e6;
const now = 1_000 * s;

/** A Running pod requesting `cpu` millicores, started at `start` and Ready since `readySince` ('never': not ready). */
function pod(name: string, cpu: number, start = 0, readySince: number | 'never' = 10 * s, phase: Pod['status']['phase'] = 'Running'): Pod {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: name, resourceVersion: 1, creationTimestamp: start },
    spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'c', image: 'i', resources: { requests: { cpu }, limits: {} } }] },
    status: { phase, startTime: start, conditions: [{ type: 'Ready', status: readySince === 'never' ? 'False' : 'True', lastTransitionTime: readySince === 'never' ? start : readySince }] },
  };
}

function input(pods: Pod[], usage: Record<string, number>, target = 50, extra: Partial<ReplicaCalculatorInput> = {}): ReplicaCalculatorInput {
  const metrics = new Map<string, PodMetric>(Object.entries(usage).map(([n, cpu]) => [n, { timestamp: now - 5 * s, window: 15 * s, cpu, memory: 0 }]));
  return { currentReplicas: pods.length, resource: 'cpu', target: { type: 'Utilization', averageUtilization: target }, pods, metrics, now, tolerance: 0.1, cpuInitializationPeriod: 300 * s, delayOfInitialReadinessStatus: 30 * s, ...extra };
}

function replicas(i: ReplicaCalculatorInput): number {
  const r = resourceReplicas(i);
  if ('error' in r) throw new Error(r.error);
  return r.replicas;
}

const four = ['a', 'b', 'c', 'd'].map((n) => pod(n, 500));

test('utilisation 90 % at a 50 % target with 4 replicas asks for ceil(1.8 × 4) = 8', () => {
  const r = resourceReplicas(input(four, { a: 450, b: 450, c: 450, d: 450 }));
  assert.ok(!('error' in r));
  assert.deepEqual([r.replicas, r.utilization, r.averageValue], [8, 90, 450]);
});

test('within the 0.1 tolerance nothing changes (54 % and 46 % at 50 %); just outside it does', () => {
  assert.equal(replicas(input(four, { a: 270, b: 270, c: 270, d: 270 })), 4);
  assert.equal(replicas(input(four, { a: 230, b: 230, c: 230, d: 230 })), 4);
  // 56 %: ratio 1.12 → ceil(4.48) = 5; 40 %: ratio 0.8 → ceil(3.2) = 4, 30 %: ceil(2.4) = 3.
  assert.equal(replicas(input(four, { a: 280, b: 280, c: 280, d: 280 })), 5);
  assert.equal(replicas(input(four, { a: 150, b: 150, c: 150, d: 150 })), 3);
});

test('utilisation is truncated to a whole percent before the ratio, as upstream', () => {
  // 54.9 % truncates to 54 %: ratio 1.08, within the tolerance.
  const r = resourceReplicas(input(four, { a: 274, b: 275, c: 275, d: 274 }));
  assert.ok(!('error' in r));
  assert.deepEqual([r.utilization, r.replicas], [54, 4]);
  // 55.4 % truncates to 55 %: ratio 55 / 50 is 1.1 plus a rounding error in float64, just outside the tolerance as upstream computes it.
  assert.equal(replicas(input(four, { a: 277, b: 277, c: 277, d: 277 })), 5);
});

test('AverageValue: the mean usage over the target value', () => {
  const r = replicas(input(four, { a: 600, b: 600, c: 600, d: 600 }, 50, { target: { type: 'AverageValue', averageValue: 300 } }));
  assert.equal(r, 8);
});

test('scale up: unready pods count as using nothing, so fewer new replicas are asked for', () => {
  // Two ready pods at 100 %, two pods still starting (Ready False, within the initialization period).
  const pods = [pod('a', 500), pod('b', 500), pod('c', 500, now - 20 * s, 'never'), pod('d', 500, now - 20 * s, 'never')];
  const usage = { a: 500, b: 500, c: 400, d: 400 };
  // Ready only: ratio 2 → ceil(2 × 2) = 4 would be the answer without the unready pods; with them at 0: (1000 / 2000) × 100 = 50 % → ratio 1.0 → no change.
  assert.equal(replicas(input(pods, usage)), 4);
  // More load on the ready pods: 150 % each → with unready at 0: 1500/2000 = 75 % → ratio 1.5 → ceil(1.5 × 4) = 6.
  assert.equal(replicas(input(pods, { ...usage, a: 750, b: 750 })), 6);
});

test('a sample taken before the pod became ready marks it unready during the initialization period', () => {
  const fresh = pod('d', 500, now - 60 * s, now - 10 * s);
  const pods = [pod('a', 500), pod('b', 500), pod('c', 500), fresh];
  // d's sample (timestamp now − 5 s, window 15 s) began before it was ready: ignored on a scale up.
  assert.equal(replicas(input(pods, { a: 500, b: 500, c: 500, d: 500 })), 6);
});

test('missing pods: 100 % of their request on a scale down, 0 on a scale up', () => {
  // Down: 3 pods at 20 % → with the missing one at 100 %: (300 + 500) / 2000 = 40 % → ratio 0.8 → ceil(3.2) = 4 (no change).
  assert.equal(replicas(input(four, { a: 100, b: 100, c: 100 })), 4);
  // 3 pods at 10 %: (150 + 500) / 2000 = 32 % → ratio 0.64 → ceil(2.56) = 3.
  assert.equal(replicas(input(four, { a: 50, b: 50, c: 50 })), 3);
  // Up: 3 pods at 100 % → with the missing one at 0: 1500 / 2000 = 75 % → ratio 1.5 → 6.
  assert.equal(replicas(input(four, { a: 500, b: 500, c: 500 })), 6);
});

test('pods being deleted and failed pods are ignored; no request is an error for Utilization', () => {
  const deleting: Pod = { ...pod('d', 500), metadata: { ...pod('d', 500).metadata, deletionTimestamp: now + 30 * s } };
  assert.equal(replicas(input([pod('a', 500), pod('b', 500), pod('c', 500), deleting], { a: 450, b: 450, c: 450, d: 0 }, 50, { currentReplicas: 4 })), 6);
  const r = resourceReplicas(input([pod('a', 0)], { a: 100 }));
  assert.ok('error' in r && /missing request for cpu/.test(r.error));
});
