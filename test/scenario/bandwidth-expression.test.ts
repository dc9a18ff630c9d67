import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateValue } from '../../src/scenario/expression.js';

test('bandwidths take bits or bytes per second and evaluate to bytes per second', () => {
  assert.equal(evaluateValue('1 Gb/s', 'bandwidth', {}), 125e6);
  assert.equal(evaluateValue('10 Gb/s', 'bandwidth', {}), 1.25e9);
  assert.equal(evaluateValue('125 MB/s', 'bandwidth', {}), 125e6);
  assert.equal(evaluateValue('100 MiB/s', 'bandwidth', {}), 100 * 2 ** 20);
  assert.equal(evaluateValue('1.2 GB / 60 s', 'bandwidth', {}), 20e6);
  assert.equal(evaluateValue('n * 1 MB/s', 'bandwidth', { n: 3 }), 3e6);
});

test('a bandwidth needs a unit of data per time', () => {
  assert.throws(() => evaluateValue('1000', 'bandwidth', {}), /needs a unit/);
  assert.throws(() => evaluateValue('1 GB', 'bandwidth', {}), /expected a bandwidth .*\(a size\)/);
  assert.throws(() => evaluateValue('5 / s', 'bandwidth', {}), /expected a bandwidth/);
});
