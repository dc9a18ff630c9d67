import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../src/engine/event-queue.js';
import { RandomStreams } from '../../src/engine/rng.js';

function drain(q: EventQueue, limit = Infinity): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let h = q.pop(limit); h >= 0; h = q.pop(limit)) out.push([q.poppedTime, q.poppedArg as number]);
  return out;
}

test('equal times pop in push order (FIFO), earlier times first', () => {
  const q = new EventQueue();
  q.push(5, 0, 1);
  q.push(3, 0, 2);
  q.push(5, 0, 3);
  q.push(3, 0, 4);
  q.push(5, 0, 5);
  assert.deepEqual(drain(q), [[3, 2], [3, 4], [5, 1], [5, 3], [5, 5]]);
});

test('random pushes with many ties pop in (time, sequence) order, compared with a sort', () => {
  const rng = new RandomStreams(7).stream('queue-order');
  const q = new EventQueue(4);
  const expected: Array<[number, number]> = [];
  for (let i = 0; i < 20_000; i++) {
    const t = rng.int(500); // dense: ~40 events per time
    q.push(t, 0, i);
    expected.push([t, i]);
  }
  expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.deepEqual(drain(q), expected);
  assert.equal(q.size, 0);
});

test('FIFO holds when times collide in the bucket cache (several buckets per time)', () => {
  const q = new EventQueue();
  const expected: Array<[number, number]> = [];
  let i = 0;
  for (let round = 0; round < 50; round++) {
    for (const t of [5, 5 + 8192, 5 + 16384, 5, 7, 5 + 8192 * 1000]) {
      q.push(t, 0, i);
      expected.push([t, i++]);
    }
  }
  expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.deepEqual(drain(q), expected);
});

test('random times over a wide range with ties pop in (time, sequence) order', () => {
  const rng = new RandomStreams(8).stream('queue-wide');
  const q = new EventQueue();
  const expected: Array<[number, number]> = [];
  for (let i = 0; i < 30_000; i++) {
    const t = 8192 * rng.int(8) + rng.int(3) + (rng.next() < 0.1 ? rng.int(1e9) : 0);
    q.push(t, 0, i);
    expected.push([t, i]);
  }
  expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.deepEqual(drain(q), expected);
});

test('interleaved pops and pushes keep (time, sequence) order (hold model)', () => {
  const rng = new RandomStreams('hold').stream('queue');
  const q = new EventQueue();
  let seq = 0;
  for (let i = 0; i < 1000; i++) q.push(rng.int(100), 0, seq++);
  let lastT = -1;
  let lastArg = -1;
  for (let i = 0; i < 50_000; i++) {
    const h = q.pop(Infinity);
    assert.equal(h, 0);
    const t = q.poppedTime;
    const arg = q.poppedArg as number;
    assert.ok(t > lastT || (t === lastT && arg > lastArg), `order broken at step ${i}`);
    lastT = t;
    lastArg = arg;
    q.push(t + rng.int(60), 0, seq++); // includes delay 0: lands behind everything at time t
  }
  assert.equal(q.size, 1000);
});

test('pop respects the limit and returns -1 when empty', () => {
  const q = new EventQueue();
  assert.equal(q.pop(Infinity), -1);
  q.push(10, 3, 'a');
  assert.equal(q.pop(9), -1);
  assert.equal(q.peekTime(), 10);
  assert.equal(q.pop(10), 3);
  assert.equal(q.poppedArg, 'a');
  assert.equal(q.peekTime(), undefined);
});

test('cancel: pending -> true and never popped; popped, cancelled or unknown -> false', () => {
  const q = new EventQueue();
  const a = q.push(1, 0, 'a');
  const b = q.push(1, 0, 'b');
  const c = q.push(2, 0, 'c');
  assert.equal(q.isPending(b), true);
  assert.equal(q.cancel(b), true);
  assert.equal(q.cancel(b), false);
  assert.equal(q.isPending(b), false);
  assert.equal(q.size, 2);
  assert.equal(q.pop(Infinity), 0);
  assert.equal(q.poppedArg, 'a');
  assert.equal(q.cancel(a), false);
  assert.equal(q.pop(Infinity), 0);
  assert.equal(q.poppedArg, 'c');
  assert.equal(q.cancel(c), false);
  for (const bad of [-1, 3, 1e9, 0.5, NaN, Infinity]) assert.equal(q.cancel(bad), false);
  assert.equal(q.pop(Infinity), -1);
});

test('cancelled head is skipped by peekTime', () => {
  const q = new EventQueue();
  const a = q.push(1, 0, 'a');
  q.push(4, 0, 'b');
  q.cancel(a);
  assert.equal(q.peekTime(), 4);
  assert.equal(q.size, 1);
});

test('cancel-heavy churn keeps storage bounded and order intact', () => {
  const rng = new RandomStreams(3).stream('cancel-churn');
  const q = new EventQueue();
  for (let i = 0; i < 2000; i++) q.push(i, 0, -1); // live events ahead of the churn keep tombstones from reaching the front
  let maxPhysical = 0;
  let cancelled = 0;
  for (let i = 0; i < 200_000; i++) {
    const h = q.push(5000 + rng.int(100_000), 0, i);
    if (rng.next() < 0.95) {
      assert.equal(q.cancel(h), true);
      cancelled++;
    }
    if (i % 100 === 0) assert.notEqual(q.pop(Infinity), -1);
    maxPhysical = Math.max(maxPhysical, q.physicalSize);
  }
  assert.ok(cancelled > 180_000);
  assert.ok(maxPhysical <= 2 * q.size + 200, `physical size ${maxPhysical} vs live ${q.size}`);
  let last = -1;
  let n = 0;
  for (let h = q.pop(Infinity); h >= 0; h = q.pop(Infinity)) {
    assert.ok(q.poppedTime >= last);
    last = q.poppedTime;
    n++;
  }
  assert.equal(n, 2000 + 200_000 - cancelled - 2000);
  assert.equal(q.size, 0);
  assert.equal(q.physicalSize, 0);
});

test('an old pending event stays cancellable while millions of others pass', () => {
  const q = new EventQueue();
  const pinned = q.push(1e9, 0, 'pinned');
  const early: number[] = [];
  let t = 0;
  for (let i = 0; i < 3_000_000; i++) {
    const h = q.push(t + 1, 0, i);
    if (i < 5) early.push(h);
    assert.equal(q.pop(Infinity), 0);
    t = q.poppedTime;
  }
  for (const h of early) assert.equal(q.isPending(h), false);
  assert.equal(q.isPending(pinned), true);
  assert.equal(q.cancel(pinned), true);
  assert.equal(q.pop(Infinity), -1);
});

test('random push / cancel / pop sequence matches a naive reference', () => {
  const rng = new RandomStreams(99).stream('queue-fuzz');
  const q = new EventQueue(2);
  const ref = new Map<number, number>(); // seq -> time, live entries
  const handles: number[] = [];
  let now = 0;
  let pushes = 0;
  for (let step = 0; step < 60_000; step++) {
    const cancelHeavy = Math.floor(step / 5000) % 2 === 1; // alternate phases so compaction runs too
    const r = rng.next();
    if (r < (cancelHeavy ? 0.5 : 0.45)) {
      const spread = rng.next();
      const t = now + (spread < 0.4 ? rng.int(4) : spread < 0.8 ? rng.int(400) : 8192 * rng.int(4) + rng.int(2));
      const seq = q.push(t, 1, pushes);
      assert.equal(seq, pushes++);
      ref.set(seq, t);
      handles.push(seq);
    } else if (r < (cancelHeavy ? 0.97 : 0.7) && handles.length > 0) {
      const recent = Math.min(handles.length, 300);
      const h = handles[handles.length - 1 - rng.int(recent)]!;
      assert.equal(q.cancel(h), ref.delete(h), `cancel ${h}`);
    } else {
      let best = -1;
      let bestT = Infinity;
      for (const [seq, t] of ref) if (t < bestT || (t === bestT && seq < best)) [best, bestT] = [seq, t];
      const h = q.pop(Infinity);
      if (best < 0) {
        assert.equal(h, -1);
        continue;
      }
      assert.equal(h, 1);
      assert.equal(q.poppedTime, bestT);
      assert.equal(q.poppedArg, best);
      ref.delete(best);
      assert.equal(q.isPending(best), false);
      now = bestT;
    }
    assert.equal(q.size, ref.size);
  }
});
