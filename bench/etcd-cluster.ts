/**
 * `node dist/bench/etcd-cluster.js`: the etcd cluster model's calibration rows (etcd benchmark put,
 * REFERENCE.md) and the users' disk scenario (SATA SSD at 100/1000 ms for 4 h, NVMe at 500/5000 ms
 * for a week of light write load), with wall time and events per write. Writes
 * results/bench/etcd-cluster.json. Wall-clock numbers are this machine's, never asserted in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { runBenchmarkPut, type BenchmarkPutOptions } from '../src/controlplane/etcd/etcd-benchmark-load.js';
import { EtcdCluster } from '../src/controlplane/etcd/etcd-cluster.js';
import { defaultEtcdClusterConfig, type EtcdClusterConfig } from '../src/controlplane/etcd/etcd-config.js';
import type { EtcdOperation } from '../src/controlplane/etcd/etcd-backend.js';
import { expectedLeaderChangesPerHour } from '../src/controlplane/etcd/leader-stability.js';
import { RandomStreams } from '../src/engine/rng.js';
import { Simulation } from '../src/engine/simulation.js';
import { MetricsSink } from '../src/metrics/sink.js';

const HOUR = 3_600_000_000;

function wall<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

const rows: Array<[string, BenchmarkPutOptions, number, number]> = [
  ['put 10,000 keys, 1 conn, 1 client, leader', { total: 10_000, conns: 1, clients: 1, keySize: 8, valueSize: 256, target: 'leader' }, 583, 1.6],
  ['put 100,000 keys, 100 conns, 1000 clients, leader', { total: 100_000, conns: 100, clients: 1000, keySize: 8, valueSize: 256, target: 'leader' }, 44_341, 22],
  ['put 100,000 keys, 100 conns, 1000 clients, all', { total: 100_000, conns: 100, clients: 1000, keySize: 8, valueSize: 256, target: 'all' }, 50_104, 20],
];
const calibration = rows.map(([name, options, qps, avgMs]) => {
  const [r, seconds] = wall(() => runBenchmarkPut(defaultEtcdClusterConfig, options, 1));
  process.stdout.write(
    `${name.padEnd(50)} ${r.requestsPerSecond.toFixed(0).padStart(6)} QPS (target ${qps})  ${r.averageLatencyMs.toFixed(2)} ms avg (target ${avgMs})  ` +
      `${(r.events / r.total).toFixed(2)} events/put  ${seconds.toFixed(2)} s wall\n`,
  );
  return { name, qps: r.requestsPerSecond, targetQps: qps, averageMs: r.averageLatencyMs, targetAverageMs: avgMs, eventsPerPut: r.events / r.total, wallSeconds: seconds };
});

/** Poisson writes at `perSecond` for `hours` through the apiserver-facing submit(); returns write p99 (ms), leader changes, events per write. */
function steady(name: string, overrides: Partial<EtcdClusterConfig>, hours: number, perSecond: number): Record<string, number | string> {
  const sim = new Simulation();
  const metrics = new MetricsSink(sim);
  const streams = new RandomStreams(1);
  const config = { ...defaultEtcdClusterConfig, ...overrides };
  const etcd = new EtcdCluster(sim, metrics, streams, config, name);
  const rng = streams.stream('bench-load');
  const latencies: number[] = [];
  const until = Math.round(hours * HOUR);
  const tick = sim.register<null>(() => {
    if (sim.now >= until) return;
    const start = sim.now;
    const op: EtcdOperation<null> = { operation: 'update', type: 'leases', valueBytes: 500, count: 1, apply: () => null, done: () => latencies.push(sim.now - start), fail: () => latencies.push(Infinity) };
    etcd.submit(op);
    sim.schedule(Math.max(1, Math.round((-1e6 / perSecond) * Math.log(1 - rng.next()))), tick, null);
  });
  sim.schedule(0, tick, null);
  const [, seconds] = wall(() => sim.run({ until: until + 60_000_000 }));
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.floor(0.99 * latencies.length)]! / 1e3;
  const result = {
    name,
    hours,
    writes: latencies.length,
    writeP99Ms: p99,
    leaderChanges: etcd.leaderChanges,
    leaderChangesPerHour: etcd.leaderChanges / hours,
    expectedPerHour: expectedLeaderChangesPerHour(config),
    eventsPerWrite: sim.eventsProcessed / latencies.length,
    wallSeconds: seconds,
  };
  process.stdout.write(
    `${name.padEnd(50)} write p99 ${p99.toFixed(1)} ms, ${etcd.leaderChanges} leader changes in ${hours} h ` +
      `(expected ${(result.expectedPerHour * hours).toFixed(2)}), ${result.eventsPerWrite.toFixed(2)} events/write, ${seconds.toFixed(2)} s wall\n`,
  );
  return result;
}

const disks = [
  steady('sata-ssd, 100/1000 ms, 4 h at 20 writes/s', { disk: 'sata-ssd' }, 4, 20),
  steady('nvme, 500/5000 ms, 1 week at 2 writes/s', { disk: 'nvme', heartbeatInterval: 500_000, electionTimeout: 5_000_000 }, 168, 2),
  steady('ssd (default), 100/1000 ms, 1 h at 200 writes/s', {}, 1, 200),
];
mkdirSync('results/bench', { recursive: true });
writeFileSync('results/bench/etcd-cluster.json', `${JSON.stringify({ calibration, disks }, null, 2)}\n`);
