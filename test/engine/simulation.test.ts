import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { RandomStreams } from '../../src/engine/rng.js';

test('events at equal times run in the order they were scheduled (FIFO)', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const h = sim.register<string>((s) => log.push(`${sim.now}:${s}`));
  sim.schedule(10, h, 'a');
  sim.at(10, h, 'b');
  sim.schedule(5, h, 'c');
  sim.schedule(10, h, 'd');
  const spawnSame = sim.register<string>((s) => {
    log.push(`${sim.now}:${s}`);
    sim.schedule(0, h, `${s}-child`); // runs after everything already queued at this time
  });
  sim.schedule(10, spawnSame, 'e');
  sim.schedule(10, h, 'f');
  sim.run();
  assert.deepEqual(log, ['5:c', '10:a', '10:b', '10:d', '10:e', '10:f', '10:e-child']);
});

test('random schedules run in (time, scheduling order), matching a sort', () => {
  const rng = new RandomStreams(11).stream('sim-order');
  const sim = new Simulation();
  const seen: Array<[number, number]> = [];
  const h = sim.register<number>((i) => seen.push([sim.now, i]));
  const expected: Array<[number, number]> = [];
  for (let i = 0; i < 10_000; i++) {
    const t = rng.int(2_000);
    sim.schedule(t, h, i);
    expected.push([t, i]);
  }
  expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  sim.run();
  assert.deepEqual(seen, expected);
  assert.equal(sim.eventsProcessed, 10_000);
});

test('now advances to each event time before its handler runs', () => {
  const sim = new Simulation();
  const times: number[] = [];
  const h = sim.register<number>((expected) => {
    assert.equal(sim.now, expected);
    times.push(sim.now);
  });
  sim.schedule(7, h, 7);
  sim.schedule(3, h, 3);
  sim.run();
  assert.deepEqual(times, [3, 7]);
  assert.equal(sim.now, 7);
});

test('cancel: pending event never runs; cancel after run or twice returns false', () => {
  const sim = new Simulation();
  const ran: string[] = [];
  const h = sim.register<string>((s) => ran.push(s));
  const a = sim.schedule(1, h, 'a');
  const b = sim.schedule(2, h, 'b');
  assert.equal(sim.pending, 2);
  assert.equal(sim.cancel(b), true);
  assert.equal(sim.pending, 1);
  assert.equal(sim.cancel(b), false);
  assert.equal(sim.peek(), 1);
  sim.run();
  assert.deepEqual(ran, ['a']);
  assert.equal(sim.cancel(a), false);
  assert.equal(sim.cancel(12345), false);
  assert.equal(sim.eventsProcessed, 1);
  assert.equal(sim.now, 1);
});

test('a handler can cancel a later event at the same time', () => {
  const sim = new Simulation();
  const ran: string[] = [];
  const log = sim.register<string>((s) => ran.push(s));
  let victim = -1;
  const killer = sim.register<null>(() => {
    ran.push('killer');
    assert.equal(sim.cancel(victim), true);
  });
  sim.schedule(5, killer, null);
  victim = sim.schedule(5, log, 'victim');
  sim.schedule(5, log, 'survivor');
  sim.run();
  assert.deepEqual(ran, ['killer', 'survivor']);
});

test('run({until}) stops before later events and sets now = until', () => {
  const sim = new Simulation();
  const ran: number[] = [];
  const h = sim.register<number>((t) => ran.push(t));
  for (const t of [10, 20, 30, 40]) sim.schedule(t, h, t);
  sim.run({ until: 25 });
  assert.deepEqual(ran, [10, 20]);
  assert.equal(sim.now, 25);
  assert.equal(sim.pending, 2);
  assert.equal(sim.peek(), 30);
  sim.run({ until: 30 }); // inclusive
  assert.deepEqual(ran, [10, 20, 30]);
  assert.equal(sim.now, 30);
  sim.run({ until: 1000 });
  assert.equal(sim.now, 1000);
  assert.equal(sim.pending, 0);
  assert.throws(() => sim.run({ until: 999 }), RangeError);
  assert.throws(() => sim.run({ until: 1000.5 }), RangeError);
});

test('run({maxEvents}) dispatches at most that many events', () => {
  const sim = new Simulation();
  let n = 0;
  const h = sim.register<null>(() => {
    n++;
    sim.schedule(1, h, null);
  });
  sim.schedule(0, h, null);
  sim.run({ maxEvents: 100 });
  assert.equal(n, 100);
  assert.equal(sim.eventsProcessed, 100);
  assert.equal(sim.now, 99);
  sim.run({ maxEvents: 5, until: 1_000_000 });
  assert.equal(n, 105);
  assert.equal(sim.now, 104, 'now is not moved to until when maxEvents cut the run short');
  assert.throws(() => sim.run({ maxEvents: -1 }), RangeError);
});

test('stop() from a handler makes run() return after that event', () => {
  const sim = new Simulation();
  const ran: number[] = [];
  const h = sim.register<number>((i) => {
    ran.push(i);
    if (i === 3) sim.stop();
  });
  for (let i = 1; i <= 6; i++) sim.schedule(i, h, i);
  sim.run({ until: 100 });
  assert.deepEqual(ran, [1, 2, 3]);
  assert.equal(sim.now, 3, 'stopped run does not jump to until');
  sim.run();
  assert.deepEqual(ran, [1, 2, 3, 4, 5, 6]);
});

test('step() runs exactly one event', () => {
  const sim = new Simulation();
  const ran: number[] = [];
  const h = sim.register<number>((i) => ran.push(i));
  sim.schedule(2, h, 2);
  sim.schedule(1, h, 1);
  assert.equal(sim.step(), true);
  assert.deepEqual(ran, [1]);
  assert.equal(sim.now, 1);
  assert.equal(sim.step(), true);
  assert.equal(sim.step(), false);
});

test('schedule rejects negative, non-integer and non-finite delays; at rejects the past', () => {
  const sim = new Simulation();
  const h = sim.register<null>(() => undefined);
  for (const bad of [-1, 0.5, NaN, Infinity, -Infinity]) {
    assert.throws(() => sim.schedule(bad, h, null), RangeError, `delay ${bad}`);
  }
  sim.schedule(10, h, null);
  sim.run();
  assert.throws(() => sim.at(9, h, null), RangeError);
  assert.throws(() => sim.at(10.5, h, null), RangeError);
  assert.doesNotThrow(() => sim.at(10, h, null));
  assert.throws(() => sim.schedule(1, 999 as typeof h, null), RangeError);
});
