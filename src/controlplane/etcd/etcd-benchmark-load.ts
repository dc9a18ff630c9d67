/**
 * etcd's `benchmark put` tool (tools/benchmark/cmd/put.go) against a simulated cluster: `clients`
 * closed-loop clients share `conns` gRPC connections (client i uses connection i mod conns;
 * connection c dials endpoint c mod endpoints, as mustCreateClients does); each client sends its
 * next put when the previous one answers, until `total` puts have been sent. `target: 'leader'`
 * is `--target-leader`; `'all'` lists every member as an endpoint, so followers forward their
 * share of the proposals to the leader. Keys are sequential (`--sequential-keys`), so every put
 * creates a key. Reports what the tool prints: requests per second and the average latency.
 */
import { RandomStreams } from '../../engine/rng.js';
import { Simulation, type Handler, type Micros } from '../../engine/simulation.js';
import { MetricsSink } from '../../metrics/sink.js';
import type { EtcdFailure, EtcdOperation } from './etcd-backend.js';
import { EtcdCluster } from './etcd-cluster.js';
import type { EtcdClusterConfig } from './etcd-config.js';

/** `benchmark put` flags; `clientOverhead` is the tool's own time between an answer and the next request (µs). */
export interface BenchmarkPutOptions {
  readonly total: number;
  readonly conns: number;
  readonly clients: number;
  readonly keySize: number;
  readonly valueSize: number;
  readonly target: 'leader' | 'all';
  readonly clientOverhead?: Micros;
}

/** The tool's summary: requests/s over the run and latency statistics (ms). */
export interface BenchmarkPutResult {
  readonly total: number;
  readonly failed: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly averageLatencyMs: number;
  readonly p99LatencyMs: number;
}

/**
 * The benchmark tool's client work per request (µs): the published single-client row runs at
 * 583 QPS, one request per 1.715 ms, against a 1.6 ms average latency (REFERENCE.md, etcd).
 */
export const defaultBenchmarkClientOverhead: Micros = 110;

interface Client {
  readonly member: number | 'leader';
  sentAt: Micros;
  op: EtcdOperation<null>;
}

/** A running `benchmark put`: start() sends the first puts; result() summarises once finished. */
export class EtcdBenchmarkPut {
  private readonly clients: Client[] = [];
  private readonly hNext: Handler<Client>;
  private readonly latencies: Float64Array;
  private sent = 0;
  private answered = 0;
  private failed = 0;
  private startedAt: Micros = 0;
  private lastAt: Micros = 0;
  private readonly overhead: Micros;

  /** Prepares `options.clients` clients against `cluster` (options validated: RangeError). */
  constructor(private readonly sim: Simulation, private readonly cluster: EtcdCluster, private readonly options: BenchmarkPutOptions) {
    for (const f of ['total', 'conns', 'clients', 'keySize'] as const) {
      if (!(Number.isInteger(options[f]) && options[f] > 0)) throw new RangeError(`benchmark put: ${f} must be a positive integer, got ${String(options[f])}`);
    }
    if (!(options.valueSize >= 0)) throw new RangeError(`benchmark put: valueSize must be >= 0, got ${String(options.valueSize)}`);
    this.overhead = options.clientOverhead ?? defaultBenchmarkClientOverhead;
    this.latencies = new Float64Array(options.total);
    this.hNext = sim.register<Client>((c) => this.send(c));
    const members = cluster.config.members;
    for (let i = 0; i < options.clients; i++) {
      const conn = i % options.conns;
      const client: Client = { member: options.target === 'leader' ? 'leader' : conn % members, sentAt: 0, op: undefined as unknown as EtcdOperation<null> };
      client.op = {
        operation: 'create',
        type: 'benchmark',
        keyBytes: options.keySize,
        valueBytes: options.valueSize,
        count: 1,
        apply: () => null,
        done: () => this.answer(client, false),
        fail: (_failure: EtcdFailure) => this.answer(client, true),
      };
      this.clients.push(client);
    }
  }

  /** True once every put has been answered. */
  get finished(): boolean {
    return this.answered === this.options.total;
  }

  /** Sends each client's first put now. */
  start(): void {
    this.startedAt = this.sim.now;
    for (const c of this.clients) this.send(c);
  }

  /** The summary (over the puts answered so far). */
  result(): BenchmarkPutResult {
    const n = this.answered;
    const lat = this.latencies.slice(0, n).sort();
    let sum = 0;
    for (const v of lat) sum += v;
    const seconds = (this.lastAt - this.startedAt) / 1e6;
    return {
      total: n,
      failed: this.failed,
      seconds,
      requestsPerSecond: seconds > 0 ? n / seconds : 0,
      averageLatencyMs: n > 0 ? sum / n / 1e3 : 0,
      p99LatencyMs: n > 0 ? lat[Math.min(n - 1, Math.floor(0.99 * n))]! / 1e3 : 0,
    };
  }

  private send(c: Client): void {
    if (this.sent >= this.options.total) return;
    this.sent++;
    c.sentAt = this.sim.now;
    this.cluster.submitTo(c.member, c.op);
  }

  private answer(c: Client, failed: boolean): void {
    const now = this.sim.now;
    this.latencies[this.answered++] = now - c.sentAt;
    if (failed) this.failed++;
    this.lastAt = now;
    if (this.overhead > 0) this.sim.schedule(this.overhead, this.hNext, c);
    else this.send(c);
  }
}

/** Runs `benchmark put` to completion on a fresh cluster built from `config` with `seed`; records the summary as gauges too. */
export function runBenchmarkPut(config: EtcdClusterConfig, options: BenchmarkPutOptions, seed: number | string = 1): BenchmarkPutResult & { events: number } {
  const sim = new Simulation();
  const metrics = new MetricsSink(sim);
  const cluster = new EtcdCluster(sim, metrics, new RandomStreams(seed), config, 'benchmark');
  const bench = new EtcdBenchmarkPut(sim, cluster, options);
  bench.start();
  while (!bench.finished && sim.step()) {
    // run until the last put answers (periodic timers would otherwise keep the queue alive)
  }
  const r = bench.result();
  metrics.gauge('etcd_benchmark_put_requests_per_second', { cluster: 'benchmark' }).set(r.requestsPerSecond);
  metrics.gauge('etcd_benchmark_put_latency_average_seconds', { cluster: 'benchmark' }).set(r.averageLatencyMs / 1e3);
  return { ...r, events: sim.eventsProcessed };
}
