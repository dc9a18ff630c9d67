import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuPool } from '../../../src/controlplane/apiserver/cpu-pool.js';

test('a pool of 2 CPUs runs two jobs at once and queues the third FIFO', () => {
  const pool = new CpuPool(2);
  assert.equal(pool.run(0, 100), 100);
  assert.equal(pool.run(0, 50), 50);
  assert.equal(pool.run(10, 30), 80, 'third job starts when the 50 µs job ends');
  assert.equal(pool.run(200, 10), 210, 'an idle pool starts a job at once');
  assert.equal(pool.busySeconds, 190 / 1e6);
});

test('throughput saturates at cpus / work: 8 CPUs at 1.6 ms per request serve 5,000 requests/s', () => {
  const pool = new CpuPool(8);
  let end = 0;
  for (let i = 0; i < 10_000; i++) end = pool.run(i * 100, 1_600); // offered 10,000/s
  assert.ok(Math.abs(10_000 / (end / 1e6) - 5_000) < 5, `served ${10_000 / (end / 1e6)}/s`);
  assert.ok(pool.backlog(1e6) > 0);
});

test('cpus must be a positive integer', () => {
  assert.throws(() => new CpuPool(0), /positive integer/);
});
