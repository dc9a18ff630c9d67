/**
 * `etcdBenchmarkPut`: etcd's `benchmark put` tool against one of the scenario's etcd clusters
 * (`--total`, `--conns`, `--clients`, `--key-size`, `--val-size`, `--target-leader`), in virtual
 * time; the op ends when every put has been answered and records what the tool prints as
 * `etcd_benchmark_put_requests_per_second{run}` and `etcd_benchmark_put_latency_average_seconds{run}`.
 */
import { EtcdBenchmarkPut } from '../../controlplane/etcd/etcd-benchmark-load.js';
import { expr } from '../schema.js';
import type { OpDefinition } from './registry.js';

/** Virtual time between checks for the end of the benchmark (µs). */
const pollInterval = 1_000;

/** The etcdBenchmarkPut op. */
export const etcdBenchmarkPutOp: OpDefinition = {
  opcode: 'etcdBenchmarkPut',
  schema: {
    required: ['total', 'clients'],
    properties: {
      name: { type: 'string' },
      cluster: { type: 'string' },
      total: expr,
      conns: expr,
      clients: expr,
      keySize: expr,
      valueSize: expr,
      target: { enum: ['leader', 'all'] },
    },
  },
  compile(ctx, path, raw, index) {
    const options = {
      total: ctx.atLeast([...path, 'total'], raw['total'], 'integer', 1),
      conns: raw['conns'] === undefined ? 1 : ctx.atLeast([...path, 'conns'], raw['conns'], 'integer', 1),
      clients: ctx.atLeast([...path, 'clients'], raw['clients'], 'integer', 1),
      keySize: raw['keySize'] === undefined ? 8 : ctx.atLeast([...path, 'keySize'], raw['keySize'], 'size', 1),
      valueSize: raw['valueSize'] === undefined ? 8 : ctx.atLeast([...path, 'valueSize'], raw['valueSize'], 'size', 0),
      target: (raw['target'] as 'leader' | 'all' | undefined) ?? 'leader',
    };
    const clusterName = ctx.etcdCluster([...path, 'cluster'], (raw['cluster'] as string | undefined) ?? 'default');
    const label = (raw['name'] as string | undefined) ?? `workload[${index}]`;
    return {
      opcode: 'etcdBenchmarkPut',
      index,
      *run(run) {
        const cluster = run.cluster.etcd.get(clusterName);
        if (cluster === undefined) throw new Error(`etcdBenchmarkPut workload[${index}]: etcd cluster "${clusterName}" not found`);
        const bench = new EtcdBenchmarkPut(run.sim, cluster, options);
        bench.start();
        while (!bench.finished) yield pollInterval;
        const r = bench.result();
        run.metrics.gauge('etcd_benchmark_put_requests_per_second', { run: label }).set(r.requestsPerSecond);
        run.metrics.gauge('etcd_benchmark_put_latency_average_seconds', { run: label }).set(r.averageLatencyMs / 1e3);
        if (r.failed > 0) run.warn(`etcdBenchmarkPut ${label}: ${r.failed} of ${r.total} puts failed`);
      },
    };
  },
};
