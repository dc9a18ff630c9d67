import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import { runScenario, type RunResult } from '../../../src/scenario/runner.js';

const file = fileURLToPath(new URL('../../../../scenarios/eviction-storm.yaml', import.meta.url));
const nodes = 10;
const r = runScenario(await loadScenario(file, { sets: [`nodes=${nodes}`] }));

const evictions = (qos: string, signal: string): number => {
  const v = r.metrics[`kubelet_evictions{eviction_signal="${signal}",qos_class="${qos}"}`];
  return typeof v === 'number' ? v : 0;
};

/** The first sampled time (s) at which `series` is above 0. */
function firstAbove0(result: RunResult, series: string): number {
  const p = result.points.find((x) => x.series === series && x.value > 0);
  return p === undefined ? NaN : p.time / 1e6;
}

test('eviction-storm runs without warnings and every pod starts before the pressure builds', () => {
  assert.equal(r.completed, true);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.pods.filter((p) => p.observedRunning !== undefined).length, nodes * 18);
});

test('eviction-storm: BestEffort pods go for memory, Burstable log writers for nodefs, Guaranteed pods never', () => {
  assert.ok(evictions('BestEffort', 'memory.available') >= 2 * nodes, `BestEffort ${evictions('BestEffort', 'memory.available')}`);
  assert.ok(evictions('Burstable', 'nodefs.available') >= 2 * nodes, `Burstable ${evictions('Burstable', 'nodefs.available')}`);
  assert.equal(evictions('Guaranteed', 'memory.available') + evictions('Guaranteed', 'nodefs.available'), 0);
  // Evicted pods stay, Failed with reason Evicted.
  const evicted = r.pods.filter((p) => p.failed === 'Evicted').length;
  assert.equal(evicted, evictions('BestEffort', 'memory.available') + evictions('Burstable', 'nodefs.available'));
});

test('eviction-storm: the first nodefs eviction follows the soft threshold crossing plus its 1 min grace', () => {
  // 8 Burstable pods per node write 4 GiB then 100 MiB/min each: nodefs (60 GiB) reaches 85 % used after
  // (51 − 32) GiB / 800 MiB/min = 24.3 min; evictions start at the first 10 s tick after 1 min more.
  const expected = ((51 - 32) * 1024 / 800) * 60 + 60;
  const first = firstAbove0(r, 'kubelet_evictions{eviction_signal="nodefs.available",qos_class="Burstable"}');
  assert.ok(first >= expected && first <= expected + 10 + 30 + 10, `first nodefs eviction sampled at ${first} s, expected just after ${expected} s`);
});

test('eviction-storm: evictions are spread one per node per housekeeping tick, never faster', () => {
  const series = r.points.filter((x) => x.series.startsWith('kubelet_evictions{'));
  const byTime = new Map<number, number>();
  for (const p of series) byTime.set(p.time, (byTime.get(p.time) ?? 0) + p.value);
  const times = [...byTime.keys()].sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) {
    const dt = (times[i]! - times[i - 1]!) / 1e6;
    const added = byTime.get(times[i]!)! - byTime.get(times[i - 1]!)!;
    // 30 s between samples: at most 3 housekeeping ticks, so at most 3 evictions per node.
    assert.ok(added <= nodes * Math.ceil(dt / 10), `${added} evictions in ${dt} s`);
  }
});
