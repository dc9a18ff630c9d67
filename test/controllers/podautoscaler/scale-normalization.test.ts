import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HorizontalPodAutoscalerBehavior } from '../../../src/api/autoscaling.js';
import { ScaleNormalizer } from '../../../src/controllers/podautoscaler/scale-normalization.js';
import { defaultBehavior } from '../../../src/workload/manifest-autoscaling.js';

const s = 1e6;

/** Runs one sync every 15 s from `start`, scaling to whatever the normalizer says; returns the replica counts after each sync. */
function simulate(n: ScaleNormalizer, behavior: HorizontalPodAutoscalerBehavior | undefined, start: number, recommend: (t: number, current: number) => number, syncs: number, min = 1, max = 100): number[] {
  let current = start;
  const out: number[] = [];
  for (let i = 0; i < syncs; i++) {
    const now = (i + 1) * 15 * s;
    const r = n.normalize({ key: 'default/web', behavior, minReplicas: min, maxReplicas: max, currentReplicas: current, desiredReplicas: recommend(now, current), now });
    n.scaled('default/web', behavior, current, r.replicas, now);
    current = r.replicas;
    out.push(current);
  }
  return out;
}

test('the scale-down stabilization window (300 s) holds the highest recent recommendation', () => {
  const n = new ScaleNormalizer(300 * s);
  // Recommendation 10 until t = 60 s, then 2.
  const counts = simulate(n, defaultBehavior, 10, (t) => (t <= 60 * s ? 10 : 2), 30);
  const firstDown = counts.findIndex((c) => c < 10);
  // The last recommendation of 10 is at 60 s; the window is (now − 300 s, now], so at 360 s it is out.
  assert.equal((firstDown + 1) * 15, 360);
  assert.equal(counts[firstDown], 2, '100 % per 15 s lets it drop straight to the recommendation');
});

test('scale-up policies: 4 pods or 100 % per 15 s, the larger (2 → 6 → 12 → 24 → 48)', () => {
  const n = new ScaleNormalizer(300 * s);
  assert.deepEqual(simulate(n, defaultBehavior, 2, () => 50, 5), [6, 12, 24, 48, 50]);
});

test('selectPolicy Min takes the least permissive policy; a longer period sums earlier changes', () => {
  const n = new ScaleNormalizer(300 * s);
  const slow: HorizontalPodAutoscalerBehavior = {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
    scaleDown: defaultBehavior.scaleDown,
  };
  // Min of (4 pods over the last 60 s, 100 % over the last 15 s): 2 → min(6, 4) = 4; then the 60 s policy counts the
  // replicas at the start of its period (2) and allows 6 until the first change (+2 at 15 s) is older than 60 s: 8 at 75 s, 10 at 90 s.
  assert.deepEqual(simulate(n, slow, 2, () => 50, 6), [4, 6, 6, 6, 8, 10]);
});

test('a Disabled direction never scales that way; a Pods scale-down policy limits the rate', () => {
  const n = new ScaleNormalizer(300 * s);
  const b: HorizontalPodAutoscalerBehavior = {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
    scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] },
  };
  assert.deepEqual(simulate(n, b, 5, () => 20, 3), [5, 5, 5]);
  assert.deepEqual(simulate(new ScaleNormalizer(300 * s), b, 5, () => 1, 6), [4, 4, 3, 3, 2, 2]);
});

test('minReplicas and maxReplicas clamp the recommendation, with the upstream reasons', () => {
  const n = new ScaleNormalizer(300 * s);
  const up = n.normalize({ key: 'a', behavior: defaultBehavior, minReplicas: 2, maxReplicas: 5, currentReplicas: 4, desiredReplicas: 7, now: 15 * s });
  assert.deepEqual([up.replicas, up.limited, up.limitReason], [5, true, 'TooManyReplicas']);
  const down = new ScaleNormalizer(300 * s).normalize({ key: 'b', behavior: { ...defaultBehavior, scaleDown: { ...defaultBehavior.scaleDown, stabilizationWindowSeconds: 0 } }, minReplicas: 2, maxReplicas: 5, currentReplicas: 4, desiredReplicas: 1, now: 15 * s });
  assert.deepEqual([down.replicas, down.limitReason], [2, 'TooFewReplicas']);
  const rate = new ScaleNormalizer(300 * s).normalize({ key: 'c', behavior: defaultBehavior, minReplicas: 1, maxReplicas: 100, currentReplicas: 2, desiredReplicas: 40, now: 15 * s });
  assert.deepEqual([rate.replicas, rate.limitReason], [6, 'ScaleUpLimit']);
});

test('without a behavior: 5 min downscale stabilization and a scale up of at most max(2 × current, 4)', () => {
  const n = new ScaleNormalizer(300 * s);
  assert.deepEqual(simulate(n, undefined, 1, () => 40, 4), [4, 8, 16, 32]);
  const d = new ScaleNormalizer(300 * s);
  const counts = simulate(d, undefined, 10, (t) => (t <= 15 * s ? 10 : 3), 22);
  // The 10 recorded at 15 s is out of the 300 s window at the sync of 315 s (index 20).
  assert.equal(counts.findIndex((c) => c === 3), 20);
});

test('a new autoscaler records the current replicas first, so it does not scale down before the window has passed', () => {
  const n = new ScaleNormalizer(300 * s);
  n.recordInitial('default/web', 10, 0);
  const first = n.normalize({ key: 'default/web', behavior: defaultBehavior, minReplicas: 1, maxReplicas: 20, currentReplicas: 10, desiredReplicas: 3, now: 15 * s });
  assert.deepEqual([first.replicas, first.ableReason], [10, 'ScaleDownStabilized']);
  n.recordInitial('default/web', 10, 15 * s);
  const later = n.normalize({ key: 'default/web', behavior: defaultBehavior, minReplicas: 1, maxReplicas: 20, currentReplicas: 10, desiredReplicas: 3, now: 301 * s });
  assert.equal(later.replicas, 3);
});
