import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeSlicedCpu } from '../../../src/controlplane/apiserver/time-sliced-cpu.js';
import { Simulation } from '../../../src/engine/simulation.js';

function run(cpus: number, jobs: [at: number, work: number][], slice = 10_000): number[] {
  const sim = new Simulation();
  const cpu = new TimeSlicedCpu(sim, cpus, undefined, slice);
  const ends: number[] = jobs.map(() => -1);
  const start = sim.register<number>((i) => cpu.submit((jobs[i] as [number, number])[1], { cpuRemaining: 0, cpuDone: () => (ends[i] = sim.now) }));
  jobs.forEach(([at], i) => sim.at(at, start, i));
  sim.run();
  return ends;
}

test('an idle CPU runs a job at once; a job longer than the slice keeps its CPU while nothing else waits', () => {
  assert.deepEqual(run(2, [[0, 100], [0, 50]]), [100, 50]);
  assert.deepEqual(run(1, [[0, 35_000]]), [35_000]);
});

test('a short job arriving behind long ones waits for one slice of each job ahead of it, not for whole jobs', () => {
  // One CPU, two 100 ms jobs running from t=0; a 1 ms job at t=5 ms waits for the running slice to end
  // (10 ms) and for the other job's slice queued before it (20 ms), then runs: done at 21 ms.
  const ends = run(1, [[0, 100_000], [0, 100_000], [5_000, 1_000]]);
  assert.equal(ends[2], 21_000);
  // The long jobs share the CPU: both end near 201 ms.
  assert.ok((ends[0] as number) >= 190_000 && (ends[1] as number) <= 201_000, `${ends}`);
});

test('work is conserved: 80 jobs of 1.6 ms on 8 CPUs end by 16 ms, in arrival order', () => {
  const ends = run(8, Array.from({ length: 80 }, () => [0, 1_600] as [number, number]));
  assert.equal(Math.max(...ends), 16_000);
  for (let i = 8; i < ends.length; i++) assert.ok((ends[i] as number) >= (ends[i - 8] as number));
});

test('background work is coalesced into one runnable piece once a millisecond of it has built up', () => {
  const sim = new Simulation();
  const cpu = new TimeSlicedCpu(sim, 1);
  cpu.submit(50_000, { cpuRemaining: 0, cpuDone: () => undefined });
  for (let i = 0; i < 9; i++) cpu.addBackground(100);
  assert.equal(cpu.waiting, 0, '0.9 ms is not runnable yet');
  for (let i = 0; i < 91; i++) cpu.addBackground(100);
  assert.equal(cpu.waiting, 1);
  sim.run();
  assert.equal(sim.now, 60_000);
});

test('cpus must be a positive integer', () => {
  assert.throws(() => new TimeSlicedCpu(new Simulation(), 0), /positive integer/);
});
