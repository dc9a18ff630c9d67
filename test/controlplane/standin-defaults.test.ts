import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultApiserverLatency } from '../../src/controlplane/apiserver/apiserver-standin.js';
import { defaultEtcdWriteLatency } from '../../src/controlplane/etcd/etcd-standin.js';
import { createDistribution } from '../../src/engine/distribution.js';
import { defaultStartLatency } from '../../src/node/kubelet-standin.js';

test('etcd stand-in write latency averages the 1.6 ms of the etcd put benchmark (REFERENCE.md, etcd table), within 5 %', () => {
  const mean = createDistribution(defaultEtcdWriteLatency).mean;
  assert.ok(Math.abs(mean - 1_600) / 1_600 < 0.05, `mean ${mean} µs`);
  assert.ok(createDistribution(defaultEtcdWriteLatency).quantile(0.99) < 10_000, 'p99 under the 10 ms wal fsync health rule');
});

test('apiserver and kubelet stand-in defaults sit inside the SIG-scalability SLOs (1 s mutating p99, 5 s pod startup p99)', () => {
  assert.ok(createDistribution(defaultApiserverLatency).quantile(0.99) < 1_000_000);
  assert.ok(createDistribution(defaultStartLatency).quantile(0.99) < 5_000_000);
});
