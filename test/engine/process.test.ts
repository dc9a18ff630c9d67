import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../src/engine/simulation.js';
import { Signal, spawn, type Wait } from '../../src/engine/process.js';

test('a process with delays and a signal resumes at the right virtual times', () => {
  const sim = new Simulation();
  const ready = new Signal<string>(sim);
  const log: string[] = [];

  const worker = spawn(sim, function* (): Generator<Wait, void, unknown> {
    log.push(`start@${sim.now}`);
    yield 100;
    log.push(`slept@${sim.now}`);
    const v = yield ready;
    log.push(`got ${String(v)}@${sim.now}`);
    yield 50;
    log.push(`end@${sim.now}`);
  });

  spawn(sim, function* () {
    yield 250;
    ready.fire('go');
    log.push(`fired@${sim.now}`);
  });

  assert.equal(worker.done, false);
  sim.run();
  assert.deepEqual(log, ['start@0', 'slept@100', 'fired@250', 'got go@250', 'end@300']);
  assert.equal(worker.done, true);
  assert.equal(sim.now, 300);
});

test('signal waiters resume in wait order; waiting on a fired signal resumes at once', () => {
  const sim = new Simulation();
  const s = new Signal<number>(sim);
  const log: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    spawn(sim, function* () {
      yield 10;
      const v = yield s;
      log.push(`${name}:${String(v)}@${sim.now}`);
    });
  }
  spawn(sim, function* () {
    yield 20;
    s.fire(7);
    assert.equal(s.fired, true);
    yield 5;
    const v = yield s; // already fired
    log.push(`late:${String(v)}@${sim.now}`);
  });
  sim.run();
  assert.deepEqual(log, ['a:7@20', 'b:7@20', 'c:7@20', 'late:7@25']);
  assert.throws(() => s.fire(8), Error);
});

test('finished signal lets one process wait for another', () => {
  const sim = new Simulation();
  const child = spawn(sim, function* () {
    yield 40;
  });
  let seen = -1;
  spawn(sim, function* () {
    yield child.finished;
    seen = sim.now;
  });
  sim.run();
  assert.equal(seen, 40);
  assert.equal(child.done, true);
});

test('spawn does not run the body synchronously; bad yields throw', () => {
  const sim = new Simulation();
  let started = false;
  spawn(sim, function* () {
    started = true;
  });
  assert.equal(started, false);
  sim.run();
  assert.equal(started, true);

  const p = spawn(sim, function* () {
    yield -5;
  });
  assert.throws(() => sim.run(), RangeError);
  assert.equal(p.done, true);
});
