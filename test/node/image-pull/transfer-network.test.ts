import assert from 'node:assert/strict';
import { test } from 'node:test';
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
