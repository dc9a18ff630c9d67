/** Test helpers for the etcd cluster model: a cluster on a fresh simulation, operations that record their outcome, steady write load. */
import { defaultEtcdClusterConfig, type EtcdClusterConfig } from '../../../src/controlplane/etcd/etcd-config.js';
import type { EtcdFailure, EtcdOperation } from '../../../src/controlplane/etcd/etcd-backend.js';
import { EtcdCluster } from '../../../src/controlplane/etcd/etcd-cluster.js';
import { RandomStreams } from '../../../src/engine/rng.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';

/** A cluster named `test` with `overrides` on the defaults. */
export function makeCluster(overrides: Partial<EtcdClusterConfig> = {}, seed: number | string = 1): { sim: Simulation; metrics: MetricsSink; etcd: EtcdCluster; streams: RandomStreams } {
  const sim = new Simulation();
  const metrics = new MetricsSink(sim);
  const streams = new RandomStreams(seed);
  const etcd = new EtcdCluster(sim, metrics, streams, { ...defaultEtcdClusterConfig, ...overrides }, 'test');
  return { sim, metrics, etcd, streams };
}

/** What happened to one operation. */
export interface Outcome {
  submitted: number;
  finished: number;
  applied: number;
  failure: EtcdFailure | undefined;
}

/** An operation that records its submit/apply/finish times and failure into `outcome`. */
export function recordingOp(sim: Simulation, operation: EtcdOperation<unknown>['operation'], valueBytes = 256, extra: { serializable?: boolean; count?: number } = {}): { op: EtcdOperation<null>; outcome: Outcome } {
  const outcome: Outcome = { submitted: sim.now, finished: -1, applied: -1, failure: undefined };
  const op: EtcdOperation<null> = {
    operation,
    type: 'pods',
    valueBytes,
    count: extra.count ?? 1,
    ...(extra.serializable !== undefined ? { serializable: extra.serializable } : {}),
    apply: () => {
      outcome.applied = sim.now;
      return null;
    },
    done: () => {
      outcome.finished = sim.now;
    },
    fail: (f) => {
      outcome.failure = f;
      outcome.finished = sim.now;
    },
  };
  return { op, outcome };
}

/** Submits `operation`s at Poisson rate `perSecond` from `from` to `until` (µs); returns the outcomes as they accrue. */
export function steadyWrites(sim: Simulation, etcd: EtcdCluster, streams: RandomStreams, perSecond: number, until: number, operation: 'update' | 'create' = 'update', valueBytes = 500): Outcome[] {
  const rng = streams.stream('test-load');
  const outcomes: Outcome[] = [];
  const tick = sim.register<null>(() => {
    if (sim.now >= until) return;
    const { op, outcome } = recordingOp(sim, operation, valueBytes);
    outcomes.push(outcome);
    etcd.submit(op);
    sim.schedule(Math.max(1, Math.round((-1e6 / perSecond) * Math.log(1 - rng.next()))), tick, null);
  });
  sim.schedule(0, tick, null);
  return outcomes;
}

/** Latencies (ms) of the finished, successful outcomes, sorted. */
export function latenciesMs(outcomes: readonly Outcome[]): number[] {
  return outcomes.filter((o) => o.finished >= 0 && o.failure === undefined).map((o) => (o.finished - o.submitted) / 1e3).sort((a, b) => a - b);
}

/** The q-quantile of sorted values (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
