/**
 * Runs a compiled scenario: builds the cluster, plays the workload ops one after another as a
 * process in virtual time, stops when the last op ends (or at the duration limit, or when
 * nothing is left to happen) and returns everything the reporters need.
 */
import { RandomStreams } from '../engine/rng.js';
import { spawn } from '../engine/process.js';
import { Simulation, type Micros } from '../engine/simulation.js';
import { PodLifecycleTracker, type PodRecord } from '../metrics/pod-lifecycle.js';
import { MetricsSink, type SeriesPoint } from '../metrics/sink.js';
import { collectMetrics, roundMetric, type MetricValue } from '../metrics/summary.js';
import type { Explanation } from '../scheduler/attempt-recorder.js';
import type { PluginProfiler } from '../scheduler/framework/plugin-profiler.js';
import { allocationBalance } from './allocation-balance.js';
import { ClusterRuntime } from './cluster-runtime.js';
import { RunContext } from './run-context.js';
import type { ScenarioSpec } from './spec.js';

/** Everything a run produced (virtual quantities only: deterministic for a scenario and seed). */
export interface RunResult {
  readonly spec: ScenarioSpec;
  readonly simSeconds: number;
  readonly events: number;
  readonly completed: boolean;
  readonly metrics: Record<string, MetricValue>;
  readonly pods: readonly PodRecord[];
  readonly points: readonly SeriesPoint[];
  readonly warnings: readonly string[];
  /** The scheduler's last attempt per pod, in the order pods were first attempted. */
  readonly explanations: readonly Explanation[];
  /** Extra result files the ops produced, by file name. */
  readonly files: Readonly<Record<string, string>>;
}

/** Called between slices of the run with the virtual time reached and the events so far. */
export type ProgressListener = (now: Micros, events: number) => void;

/** Events per slice between progress callbacks. */
const sliceEvents = 200_000;

/** Optional instrumentation of a run that does not change its results. */
export interface RunInstrumentation {
  readonly onProgress?: ProgressListener;
  readonly pluginProfiler?: PluginProfiler;
}

/** Runs `spec` to the end and collects its results. */
export function runScenario(spec: ScenarioSpec, instrumentation: RunInstrumentation = {}): RunResult {
  const onProgress = instrumentation.onProgress;
  const sim = new Simulation();
  const streams = new RandomStreams(spec.seed);
  const metrics = new MetricsSink(sim);
  metrics.collecting = !spec.workload.some((op) => op.opcode === 'startCollectingMetrics');
  const cluster = new ClusterRuntime(sim, metrics, streams, spec.cluster);
  cluster.scheduler.setProfiler(instrumentation.pluginProfiler);
  const tracker = new PodLifecycleTracker(sim, cluster.store, metrics);
  const ctx = new RunContext(sim, cluster, metrics, tracker, cluster.client('kubesim-workload'));
  metrics.startSampling(spec.sampleInterval);

  let completed = false;
  spawn(sim, function* () {
    for (const op of spec.workload) yield* op.run(ctx);
    completed = true;
    sim.stop();
  });
  while (!completed && sim.now < spec.duration) {
    const before = sim.eventsProcessed;
    sim.run({ until: spec.duration, maxEvents: sliceEvents });
    onProgress?.(sim.now, sim.eventsProcessed);
    if (sim.eventsProcessed === before && !completed) {
      ctx.warn('nothing left to happen before the workload finished');
      break;
    }
  }
  if (!completed && sim.now >= spec.duration) ctx.warn(`stopped at the duration limit (${spec.duration / 1e6} s) before the workload finished`);
  metrics.stopSampling();

  const pods = [...tracker.records.values()];
  metrics.gauge('scheduler_throughput_pods_per_second').set(throughput(pods, ctx, sim.now));
  const balance = allocationBalance(cluster.store);
  metrics.gauge('kubesim_node_allocation_stddev', { resource: 'cpu' }).set(balance.cpu);
  metrics.gauge('kubesim_node_allocation_stddev', { resource: 'memory' }).set(balance.memory);
  cluster.scheduler.stop();
  return {
    spec,
    simSeconds: roundMetric(sim.now / 1e6),
    events: sim.eventsProcessed,
    completed,
    metrics: collectMetrics(metrics),
    pods,
    points: metrics.points,
    warnings: ctx.warnings,
    explanations: cluster.scheduler.recorder.explanations(),
    files: Object.fromEntries(ctx.outputFiles),
  };
}

/**
 * Pods scheduled per virtual second inside the collection window: from its start (or the first
 * pod's creation) to the last scheduling inside it.
 */
function throughput(pods: readonly PodRecord[], ctx: RunContext, end: Micros): number {
  let first = Infinity;
  let last = -Infinity;
  let n = 0;
  const from = ctx.collectStart ?? -Infinity;
  const to = ctx.collectStop ?? end;
  for (const p of pods) {
    if (p.scheduled === undefined || p.scheduled < from || p.scheduled > to) continue;
    n++;
    first = Math.min(first, p.created);
    last = Math.max(last, p.scheduled);
  }
  const start = ctx.collectStart ?? first;
  const stop = Math.min(ctx.collectStop ?? last, last);
  return n === 0 || stop <= start ? 0 : n / ((stop - start) / 1e6);
}
