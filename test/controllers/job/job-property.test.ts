import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jobCompletionIndexKey, jobCondition } from '../../../src/api/batch.js';
import type { Pod } from '../../../src/api/objects.js';
import { JobHarness, activePods, jobObject } from './job-harness.js';

/** A fraction in [0, 1) from a pod's (seeded) name and the case's seed. */
function draw(pod: Pod, seed: number): number {
  let h = seed >>> 0;
  for (const ch of pod.metadata.name) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
  return (h >>> 8) / 2 ** 24;
}

test('checked after every event: active pods ≤ parallelism and ≤ completions left; the Job completes with exactly `completions` succeeded pods', () => {
  fc.assert(
    fc.property(
      fc.record({
        parallelism: fc.integer({ min: 1, max: 8 }),
        completions: fc.integer({ min: 1, max: 20 }),
        failPercent: fc.constantFrom(0, 10, 30, 50),
        indexed: fc.boolean(),
        runSeconds: fc.integer({ min: 1, max: 60 }),
        seed: fc.integer({ min: 1, max: 10_000 }),
      }),
      (p) => {
        const h = new JobHarness({
          seed: p.seed,
          runFor: (pod) => Math.round((0.5 + draw(pod, p.seed + 1)) * p.runSeconds * 1e6),
          fails: (pod) => draw(pod, p.seed) * 100 < p.failPercent,
        });
        h.createJob(jobObject('prop', p.completions, p.parallelism, { backoffLimit: 1_000, ...(p.indexed ? { completionMode: 'Indexed' as const } : {}) }));
        h.runUntil(24 * 3_600e6, () => {
          const pods = h.podsOf('prop');
          const active = activePods(pods);
          const succeeded = pods.filter((x) => x.status.phase === 'Succeeded').length;
          assert.ok(active.length <= p.parallelism, `${active.length} active pods, parallelism ${p.parallelism}`);
          assert.ok(succeeded <= p.completions, `${succeeded} succeeded of ${p.completions}`);
          if (!p.indexed) assert.ok(active.length + succeeded <= p.completions, `${active.length} active + ${succeeded} succeeded > ${p.completions}`);
        });
        const job = h.job('prop');
        assert.ok(jobCondition(job, 'Complete') !== undefined, JSON.stringify(job.status));
        const pods = h.podsOf('prop');
        const succeeded = pods.filter((x) => x.status.phase === 'Succeeded');
        assert.equal(succeeded.length, p.completions);
        assert.equal(job.status.succeeded, p.completions);
        assert.equal(job.status.failed, pods.filter((x) => x.status.phase === 'Failed').length);
        if (p.indexed) {
          const indexes = succeeded.map((x) => Number(x.metadata.annotations?.[jobCompletionIndexKey])).sort((a, b) => a - b);
          assert.deepEqual(indexes, Array.from({ length: p.completions }, (_, i) => i));
        }
      },
    ),
    { numRuns: 60 },
  );
});
