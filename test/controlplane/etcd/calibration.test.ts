import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBenchmarkPut, type BenchmarkPutOptions } from '../../../src/controlplane/etcd/etcd-benchmark-load.js';
import { defaultEtcdClusterConfig } from '../../../src/controlplane/etcd/etcd-config.js';

// REFERENCE.md, etcd table (op-guide/performance; 3 members, SSD, keys 8 B, values 256 B).
const rows: Array<{ name: string; options: BenchmarkPutOptions; qps: number; avgMs: number }> = [
  { name: '10,000 keys, 1 conn, 1 client, leader', options: { total: 10_000, conns: 1, clients: 1, keySize: 8, valueSize: 256, target: 'leader' }, qps: 583, avgMs: 1.6 },
  { name: '100,000 keys, 100 conns, 1000 clients, leader', options: { total: 100_000, conns: 100, clients: 1000, keySize: 8, valueSize: 256, target: 'leader' }, qps: 44_341, avgMs: 22 },
  { name: '100,000 keys, 100 conns, 1000 clients, all members', options: { total: 100_000, conns: 100, clients: 1000, keySize: 8, valueSize: 256, target: 'all' }, qps: 50_104, avgMs: 20 },
];

for (const row of rows) {
  test(`benchmark put ${row.name}: ${row.qps} QPS and ${row.avgMs} ms average within ±15 % with the defaults`, () => {
    const r = runBenchmarkPut(defaultEtcdClusterConfig, row.options, 1);
    assert.equal(r.total, row.options.total);
    assert.equal(r.failed, 0);
    assert.ok(Math.abs(r.requestsPerSecond / row.qps - 1) <= 0.15, `QPS ${r.requestsPerSecond.toFixed(0)} vs ${row.qps}`);
    assert.ok(Math.abs(r.averageLatencyMs / row.avgMs - 1) <= 0.15, `average ${r.averageLatencyMs.toFixed(2)} ms vs ${row.avgMs} ms`);
  });
}

test('spreading the clients over all members is faster than sending everything to the leader (followers carry the gRPC work)', () => {
  const base = { total: 30_000, conns: 100, clients: 1000, keySize: 8, valueSize: 256 } as const;
  const leader = runBenchmarkPut(defaultEtcdClusterConfig, { ...base, target: 'leader' }, 3);
  const all = runBenchmarkPut(defaultEtcdClusterConfig, { ...base, target: 'all' }, 3);
  assert.ok(all.requestsPerSecond > leader.requestsPerSecond * 1.05, `${all.requestsPerSecond} vs ${leader.requestsPerSecond}`);
});

test('a batch costs a bounded number of events: about one event per put at 1000 clients (the client think time), not one per member per put', () => {
  const r = runBenchmarkPut(defaultEtcdClusterConfig, { total: 30_000, conns: 100, clients: 1000, keySize: 8, valueSize: 256, target: 'leader' }, 1);
  assert.ok(r.events / r.total < 1.5, `${(r.events / r.total).toFixed(2)} events per put`);
});
