import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProcessorSharingCpu } from '../../../src/controlplane/apiserver/processor-sharing-cpu.js';
import { Simulation } from '../../../src/engine/simulation.js';

function run(cpus: number, jobs: [at: number, work: number][]): number[] {
  const sim = new Simulation();
  const cpu = new ProcessorSharingCpu(sim, cpus);
  const ends: number[] = jobs.map(() => -1);
  const start = sim.register<number>((i) => cpu.submit((jobs[i] as [number, number])[1], { cpuDone: () => (ends[i] = sim.now) }));
  jobs.forEach(([at], i) => sim.at(at, start, i));
  sim.run();
  return ends;
}

test('up to `cpus` jobs run at full speed', () => {
  assert.deepEqual(run(2, [[0, 100], [0, 50]]), [100, 50]);
});

test('more jobs than CPUs share them: a short job next to long ones is slowed, not queued behind them', () => {
  // 4 jobs on 2 CPUs run at half speed: the 10 µs job ends at 20 µs, not after a 1,000 µs one.
  const ends = run(2, [[0, 1_000], [0, 1_000], [0, 1_000], [0, 10]]);
  assert.equal(ends[3], 20);
  // Then 3 jobs on 2 CPUs (rate 2/3) for the remaining 990 µs of each: 20 + 1,485.
  for (const e of ends.slice(0, 3)) assert.ok(Math.abs(e - 1_505) <= 1, `ended at ${e}`);
});

test('total work is conserved: n equal jobs on c CPUs all end at n·work/c', () => {
  const ends = run(8, Array.from({ length: 80 }, () => [0, 1_600] as [number, number]));
  for (const e of ends) assert.ok(Math.abs(e - 16_000) <= 1, `ended at ${e}`);
});

test('cpus must be a positive integer', () => {
  assert.throws(() => new ProcessorSharingCpu(new Simulation(), 0), /positive integer/);
});
