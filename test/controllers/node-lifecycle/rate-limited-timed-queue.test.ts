/** The per-zone tainting queue: unique names, a burst-1 token bucket, limiter swaps (rate_limited_queue_test.go behaviour). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitedTimedQueue } from '../../../src/controllers/node-lifecycle/rate-limited-timed-queue.js';

const s = 1_000_000;

/** Runs tryAll every 100 ms from 0 to `until` µs and returns when each name was processed. */
function drive(q: RateLimitedTimedQueue, until: number, swaps: [number, number][] = []): Map<string, number> {
  const done = new Map<string, number>();
  for (let t = 0; t <= until; t += 100_000) {
    for (const [at, qps] of swaps) if (at === t) q.swapLimiter(qps, t);
    q.tryAll(t, (name) => {
      done.set(name, t);
      return [true, 0];
    });
  }
  return done;
}

test('RateLimitedTimedQueue: at 0.1/s one name is processed every 10 s, the first at once', () => {
  const q = new RateLimitedTimedQueue(0.1, 0);
  for (const n of ['a', 'b', 'c', 'd']) q.add(n, 0);
  const done = drive(q, 60 * s);
  assert.deepEqual([...done.entries()], [['a', 0], ['b', 10 * s], ['c', 20 * s], ['d', 30 * s]]);
});

test('RateLimitedTimedQueue: a name is queued once until removed, and processed names stay known', () => {
  const q = new RateLimitedTimedQueue(1, 0);
  assert.equal(q.add('a', 0), true);
  assert.equal(q.add('a', 0), false);
  drive(q, 0);
  assert.equal(q.length, 0);
  assert.equal(q.add('a', 0), false);
  assert.equal(q.remove('a'), true);
  assert.equal(q.add('a', 0), true);
});

test('RateLimitedTimedQueue: rate 0 processes nothing until a positive rate is swapped in', () => {
  const q = new RateLimitedTimedQueue(0, 0);
  q.add('a', 0);
  q.add('b', 0);
  const done = drive(q, 30 * s, [[20 * s, 0.1]]);
  // The never-limiter had no token to give, so the new bucket starts drained (SwapLimiter): first token 10 s later.
  assert.deepEqual([...done.entries()], [['a', 30 * s]]);
});

test('RateLimitedTimedQueue: a failed action is retried after its delay', () => {
  const q = new RateLimitedTimedQueue(100, 0);
  q.add('a', 0);
  let tries = 0;
  for (let t = 0; t <= 200_000; t += 10_000) q.tryAll(t, () => [++tries >= 2, 50_000]);
  assert.equal(tries, 2);
  assert.equal(q.length, 0);
});
