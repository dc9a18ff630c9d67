import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EtcdCompactor } from '../../../src/controlplane/apiserver/etcd-compactor.js';
import { Simulation } from '../../../src/engine/simulation.js';

test('every interval the apiserver compacts to the revision it saw one interval earlier', () => {
  const sim = new Simulation();
  const compactions: [number, number][] = [];
  const etcd = { revision: 0, compact: (rev: number) => (compactions.push([sim.now, rev]), 0) };
  // 10 writes per second.
  const write = sim.register<null>(() => {
    etcd.revision++;
    if (sim.now < 1_000_000_000) sim.schedule(100_000, write, null);
  });
  sim.schedule(100_000, write, null);
  new EtcdCompactor(sim, etcd, 300_000_000);
  sim.run({ until: 1_000_000_000 });
  // Ticks at 300 s (records ~2,999), 600 s (compacts to it), 900 s (compacts to the 600 s revision).
  assert.deepEqual(compactions.map(([t]) => t), [600_000_000, 900_000_000]);
  assert.ok(Math.abs((compactions[0] as [number, number])[1] - 3_000) <= 1, `${compactions[0]}`);
  assert.ok(Math.abs((compactions[1] as [number, number])[1] - 6_000) <= 1, `${compactions[1]}`);
});

test('an interval of 0 never compacts and schedules nothing', () => {
  const sim = new Simulation();
  new EtcdCompactor(sim, { revision: 5, compact: () => assert.fail('compacted') }, 0);
  assert.equal(sim.pending, 0);
});
