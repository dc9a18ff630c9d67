/**
 * etcd stand-in: each write commits after a latency drawn from one distribution and each read
 * answers after another, with no batching, disks or leadership (the control-plane model replaces
 * it). It reports the apiserver-side `etcd_request_duration_seconds` by operation and type.
 */
import type { DurationSampler } from '../../engine/duration-sampler.js';
import type { Handler, Simulation } from '../../engine/simulation.js';
import type { Histogram, MetricsSink } from '../../metrics/sink.js';

/** An operation for etcd: `apply` runs at commit time, `done` receives its result. */
export interface EtcdOperation<T> {
  readonly operation: 'create' | 'update' | 'delete' | 'get' | 'list';
  readonly type: string;
  readonly apply: () => T;
  readonly done: (result: T) => void;
}

/** Storage backend the apiserver writes through. */
export interface EtcdBackend {
  /** Runs `op.apply` when the operation commits and then `op.done` with its result. */
  submit<T>(op: EtcdOperation<T>): void;
}

interface Pending {
  readonly op: EtcdOperation<unknown>;
  readonly start: number;
}

/** Latency-only etcd: writes after `writeLatency`, reads after `readLatency`. */
export class EtcdStandin implements EtcdBackend {
  private readonly commit: Handler<Pending>;
  private readonly histograms = new Map<string, Histogram>();

  constructor(
    private readonly sim: Simulation,
    private readonly metrics: MetricsSink,
    private readonly writeLatency: DurationSampler,
    private readonly readLatency: DurationSampler,
  ) {
    metrics.quantilesOverTime.add('etcd_request_duration_seconds');
    this.commit = sim.register<Pending>((p) => {
      const result = p.op.apply();
      const key = `${p.op.operation}|${p.op.type}`;
      let h = this.histograms.get(key);
      if (h === undefined) this.histograms.set(key, (h = this.metrics.histogram('etcd_request_duration_seconds', { operation: p.op.operation, type: p.op.type })));
      h.observe((this.sim.now - p.start) / 1e6);
      p.op.done(result);
    });
  }

  /** Schedules the commit of `op` after the read or write latency. */
  submit<T>(op: EtcdOperation<T>): void {
    const isRead = op.operation === 'get' || op.operation === 'list';
    const delay = isRead ? this.readLatency() : this.writeLatency();
    this.sim.schedule(delay, this.commit, { op: op as EtcdOperation<unknown>, start: this.sim.now });
  }
}

/**
 * Default write latency (µs): lognormal with median 1.4 ms and p99 5 ms, whose mean is 1.6 ms —
 * the etcd op-guide/performance benchmark's single-client put average (REFERENCE.md, etcd table:
 * 583 QPS, 1.6 ms avg); p99 stays under the 10 ms `wal_fsync_duration_seconds` health rule.
 */
export const defaultEtcdWriteLatency = { lognormal: { median: 1_400, p99: 5_000 } } as const;

/** Default read latency (µs): a serializable range read served from the leader's memory, median 0.5 ms, p99 2 ms (stand-in; no published figure). */
export const defaultEtcdReadLatency = { lognormal: { median: 500, p99: 2_000 } } as const;
