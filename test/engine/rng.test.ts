import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStreams, type RandomStream } from '../../src/engine/rng.js';

function draw(s: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => s.next());
}

test('same seed and name give the same sequence; the same name returns the same object', () => {
  const a = new RandomStreams(42);
  const b = new RandomStreams(42);
  assert.deepEqual(draw(a.stream('scheduler'), 100), draw(b.stream('scheduler'), 100));
  assert.equal(a.stream('kubelet'), a.stream('kubelet'));
});

test('different names or seeds give different sequences', () => {
  const r = new RandomStreams(42);
  assert.notDeepEqual(draw(r.stream('scheduler'), 20), draw(r.stream('apiserver'), 20));
  assert.notDeepEqual(draw(new RandomStreams(1).stream('x'), 20), draw(new RandomStreams(2).stream('x'), 20));
  assert.deepEqual(draw(new RandomStreams(7).stream('x'), 5), draw(new RandomStreams('7').stream('x'), 5));
});

test('adding or using another stream does not shift an existing one', () => {
  const plain = new RandomStreams('run-1');
  const expected = draw(plain.stream('workload'), 50);

  const busy = new RandomStreams('run-1');
  const other = busy.stream('new-model'); // created first, used in between
  const w = busy.stream('workload');
  const got: number[] = [];
  for (let i = 0; i < 50; i++) {
    other.next();
    other.int(10);
    got.push(w.next());
  }
  assert.deepEqual(got, expected);
});

test('next() is in [0, 1) and int(n) is uniform on 0..n-1', () => {
  const s = new RandomStreams(5).stream('u');
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const u = s.next();
    assert.ok(u >= 0 && u < 1);
    const k = s.int(10);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
    counts[k]!++;
  }
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `bucket count ${c}`);
  assert.throws(() => s.int(0), RangeError);
  assert.throws(() => s.int(2.5), RangeError);
});

test('a non-finite seed is rejected', () => {
  assert.throws(() => new RandomStreams(NaN), RangeError);
});
