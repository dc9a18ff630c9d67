import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Simulation } from '../../../src/engine/simulation.js';
import { Link, TransferNetwork } from '../../../src/node/image-pull/transfer-network.js';

function finishTimes(setup: (net: TransferNetwork, done: (name: string) => () => void) => void): Record<string, number> {
  const sim = new Simulation();
  const net = new TransferNetwork(sim);
  const out: Record<string, number> = {};
  setup(net, (name) => () => {
    out[name] = sim.now / 1e6;
  });
  sim.run();
  return out;
}

test('two transfers through one registry share its bandwidth equally (processor sharing)', () => {
  const registry = new Link('r', 100e6);
  const t = finishTimes((net, done) => {
    net.start({ source: registry, sink: new Link('a', 1e9), bytes: 100e6, done: done('a') });
    net.start({ source: registry, sink: new Link('b', 1e9), bytes: 100e6, done: done('b') });
  });
  assert.equal(t['a'], 2);
  assert.equal(t['b'], 2);
});

test('the slower end bounds a transfer: a node link of 10 MB/s behind a 100 MB/s registry', () => {
  const t = finishTimes((net, done) => net.start({ source: new Link('r', 100e6), sink: new Link('n', 10e6), bytes: 50e6, done: done('n') }));
  assert.equal(t['n'], 5);
});

test('when a transfer ends the others speed up', () => {
  const registry = new Link('r', 100e6);
  const t = finishTimes((net, done) => {
    net.start({ source: registry, sink: new Link('a', 1e9), bytes: 50e6, done: done('small') });
    net.start({ source: registry, sink: new Link('b', 1e9), bytes: 150e6, done: done('large') });
  });
  // 1 s at 50 MB/s each, then the large one alone: 100 MB more at 100 MB/s.
  assert.equal(t['small'], 1);
  assert.equal(t['large'], 2);
});

test('property: every transfer completes, no faster than its slower end allows, and the registry never moves more than its bandwidth', () => {
  const transfer = fc.record({ bytes: fc.integer({ min: 1, max: 500e6 }), node: fc.integer({ min: 0, max: 4 }), startMs: fc.integer({ min: 0, max: 5000 }) });
  fc.assert(
    fc.property(fc.array(transfer, { minLength: 1, maxLength: 30 }), fc.integer({ min: 10, max: 1000 }), (transfers, registryMBs) => {
      const sim = new Simulation();
      const net = new TransferNetwork(sim);
      const registry = new Link('r', registryMBs * 1e6);
      const nodes = [10e6, 50e6, 100e6, 1e9, 10e9].map((bw, i) => new Link(`n${i}`, bw));
      const start = sim.register<number>((i) => {
        const t = transfers[i]!;
        net.start({ source: registry, sink: nodes[t.node]!, bytes: t.bytes, done: () => ends.set(i, sim.now) });
      });
      const ends = new Map<number, number>();
      transfers.forEach((t, i) => sim.at(t.startMs * 1000, start, i));
      sim.run();
      assert.equal(ends.size, transfers.length);
      let total = 0;
      transfers.forEach((t, i) => {
        const floor = t.bytes / Math.min(registry.perMicro, nodes[t.node]!.perMicro);
        assert.ok(ends.get(i)! - t.startMs * 1000 >= Math.floor(floor), `transfer ${i} beat its bound`);
        total += t.bytes;
      });
      const first = Math.min(...transfers.map((t) => t.startMs * 1000));
      const last = Math.max(...ends.values());
      assert.ok(last - first >= Math.floor(total / registry.perMicro) - transfers.length, 'registry over its bandwidth');
      assert.equal(net.inFlight, 0);
      assert.equal(registry.active, 0);
    }),
    { seed: 42, numRuns: 200 },
  );
});
