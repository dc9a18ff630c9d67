import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapFlowControl } from '../../../../src/controlplane/apiserver/flowcontrol/bootstrap-configuration.js';
import {
  adjustCurrentLimits,
  computeConcurrencyAllocation,
  nominalConcurrencyLimits,
  type BorrowingLevel,
} from '../../../../src/controlplane/apiserver/flowcontrol/concurrency-limits.js';
import { resolvePriorityLevel } from '../../../../src/controlplane/apiserver/flowcontrol/flowcontrol-defaults.js';
import { newSeatDemandStats, SeatDemandIntegrator, updateSeatDemandStats } from '../../../../src/controlplane/apiserver/flowcontrol/seat-demand.js';

const builtIn = bootstrapFlowControl.priorityLevels.map(resolvePriorityLevel);
const byName = (serverCL: number) => {
  const limits = nominalConcurrencyLimits(builtIn, serverCL);
  return Object.fromEntries(builtIn.map((l, i) => [l.name, limits[i]!]));
};

test('NominalCL of the built-in levels at ServerCL 600', () => {
  // Shares: catch-all 5, exempt 0, system 30, node-high 40, leader-election 10, workload-high 40,
  // workload-low 100, global-default 20 -> sum 245 (the exempt level's 0 counts).
  // NominalCL = ceil(600 * shares / 245):
  //   catch-all       ceil( 3000/245 = 12.24) = 13
  //   system          ceil(18000/245 = 73.47) = 74
  //   node-high       ceil(24000/245 = 97.96) = 98
  //   leader-election ceil( 6000/245 = 24.49) = 25
  //   workload-high   ceil(24000/245 = 97.96) = 98
  //   workload-low    ceil(60000/245 = 244.9) = 245
  //   global-default  ceil(12000/245 = 48.98) = 49
  //   exempt          0
  // LendableCL = round(NominalCL * lendable% / 100): system round(24.42) = 24, node-high round(24.5) = 25,
  // leader-election 0, workload-high round(49) = 49, workload-low round(220.5) = 221, global-default
  // round(24.5) = 25, catch-all 0. MinCL = Nominal - Lendable; MaxCL = Nominal + 600 (no borrowing limit).
  const l = byName(600);
  const expect: Record<string, [number, number, number]> = {
    'catch-all': [13, 0, 13],
    exempt: [0, 0, 0],
    system: [74, 24, 50],
    'node-high': [98, 25, 73],
    'leader-election': [25, 0, 25],
    'workload-high': [98, 49, 49],
    'workload-low': [245, 221, 24],
    'global-default': [49, 25, 24],
  };
  for (const [name, [nominal, lendable, min]] of Object.entries(expect)) {
    const got = l[name]!;
    assert.deepEqual([got.nominalCL, got.lendableCL, got.minCL], [nominal, lendable, min], name);
    assert.equal(got.maxCL, nominal + 600, name);
  }
  // The ceilings make the nominal limits sum a little above ServerCL: 13+74+98+25+98+245+49 = 602.
  assert.equal(Object.values(l).reduce((s, x) => s + x.nominalCL, 0), 602);
  // Initial current limit before the first adjustment: Nominal - floor(Lendable / 2); workload-low 245 - 110.
  assert.equal(l['workload-low']!.initialCL, 135);
});

test('a borrowing limit percent bounds MaxCL; no shares means no seats', () => {
  const pl = resolvePriorityLevel({ metadata: { name: 'x' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 10, borrowingLimitPercent: 50, limitResponse: { type: 'Reject' } } } });
  const [x] = nominalConcurrencyLimits([pl], 100);
  assert.deepEqual(x, { nominalCL: 100, lendableCL: 0, borrowingCL: 50, minCL: 100, maxCL: 150, initialCL: 100 });
  const zero = resolvePriorityLevel({ metadata: { name: 'z' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 0, limitResponse: { type: 'Reject' } } } });
  assert.equal(nominalConcurrencyLimits([zero], 100)[0]!.nominalCL, 0);
});

function assertNear(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) < 1e-9, `${actual.join(',')} vs ${expected.join(',')}`));
}

test('fair allocation: proportional to targets within bounds, summing to the requirement', () => {
  // No bound binds: 100 split 1:3.
  let r = computeConcurrencyAllocation(100, [
    { target: 10, lowerBound: 0, upperBound: 1000 },
    { target: 30, lowerBound: 0, upperBound: 1000 },
  ]);
  assert.ok(typeof r !== 'string');
  assertNear(r.allocs, [25, 75]);
  // An upper bound binds: the other class takes the rest.
  r = computeConcurrencyAllocation(100, [
    { target: 10, lowerBound: 0, upperBound: 1000 },
    { target: 30, lowerBound: 0, upperBound: 40 },
  ]);
  assert.ok(typeof r !== 'string');
  assertNear(r.allocs, [60, 40]);
  assertNear([r.fairProp], [6]);
  // A lower bound binds.
  r = computeConcurrencyAllocation(100, [
    { target: 50, lowerBound: 50, upperBound: 1000 },
    { target: 200, lowerBound: 10, upperBound: 1000 },
    { target: 1, lowerBound: 0, upperBound: 1000 },
  ]);
  assert.ok(typeof r !== 'string');
  const sum = r.allocs.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 100) < 1e-9);
  assert.equal(r.allocs[0], 50);
  assert.ok(Math.abs(r.allocs[1]! / r.allocs[2]! - 200) < 1e-9);
  assert.match(computeConcurrencyAllocation(10, [{ target: 20, lowerBound: 20, upperBound: 30 }]) as string, /lower bounds sum to 20/);
});

test('borrowing: an idle level lends to a busy one, never below MinCL, the nominal sum kept', () => {
  const limits = nominalConcurrencyLimits(builtIn, 600);
  const levels: BorrowingLevel[] = builtIn.map((l, i) => ({ exempt: l.exempt, limits: limits[i]!, stats: newSeatDemandStats(), currentCL: limits[i]!.initialCL }));
  const gd = levels[builtIn.findIndex((l) => l.name === 'global-default')]!;
  // global-default wanted 400 seats for the whole period; everyone else was idle.
  const igr = new SeatDemandIntegrator(0);
  igr.set(400, 0);
  updateSeatDemandStats(gd.stats, igr.reset(10_000_000));
  assert.deepEqual(gd.stats, { highWatermark: 400, avg: 400, stdDev: 0, smoothed: 400 });
  for (const l of levels) if (l !== gd) updateSeatDemandStats(l.stats, new SeatDemandIntegrator(0).reset(10_000_000));
  adjustCurrentLimits(levels, 602);
  assert.ok(gd.currentCL > 49, `global-default current ${gd.currentCL}`);
  for (const l of levels) assert.ok(l.currentCL >= l.limits.minCL && l.currentCL <= l.limits.maxCL);
  const total = levels.reduce((s, l) => s + l.currentCL, 0);
  assert.ok(Math.abs(total - 602) <= levels.length / 2, `sum ${total}`);
  // Targets: global-default 400, the others their MinCL (50+73+25+49+24+13 = 234); fairProp = 602/634,
  // which is below 1, so the idle levels stay at MinCL and global-default gets 602 - 234 = 368.
  assert.equal(gd.currentCL, 368);
});

test('smoothing: the envelope jumps up at once and decays with coefficient 0.977', () => {
  const stats = newSeatDemandStats();
  const igr = new SeatDemandIntegrator(0);
  igr.set(100, 0);
  igr.set(0, 5_000_000); // 100 seats for half the period: mean 50, deviation 50
  updateSeatDemandStats(stats, igr.reset(10_000_000));
  assert.deepEqual(stats, { highWatermark: 100, avg: 50, stdDev: 50, smoothed: 100 });
  updateSeatDemandStats(stats, igr.reset(20_000_000)); // idle period: envelope 0
  assert.equal(stats.highWatermark, 0);
  assert.ok(Math.abs(stats.smoothed - 97.7) < 1e-9);
});
