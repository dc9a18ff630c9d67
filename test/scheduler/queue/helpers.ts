/** Shared builders for the scheduling queue tests. */
import type { Pod } from '../../../src/api/objects.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';
import { PodInfo } from '../../../src/scheduler/framework/pod-info.js';
import type { QueuedPodInfo } from '../../../src/scheduler/framework/queued-pod-info.js';
import { Code, Status, type Result } from '../../../src/scheduler/framework/status.js';
import { defaultSchedulingQueueConfig, SchedulingQueue, type SchedulingQueueConfig } from '../../../src/scheduler/queue/scheduling-queue.js';
import { makePod } from '../fixtures.js';

/** One second in µs. */
export const S = 1_000_000;

/** PrioritySort: higher priority first, then earlier timestamp. */
export function prioritySort(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.podInfo.pod.spec.priority;
  const pb = b.podInfo.pod.spec.priority;
  return pa > pb || (pa === pb && a.timestamp < b.timestamp);
}

/** SchedulingGates' PreEnqueue: a pod with gates is held. */
export function gatesPreEnqueue(pod: PodInfo): Result {
  return (pod.pod.spec.schedulingGates?.length ?? 0) > 0 ? new Status(Code.UnschedulableAndUnresolvable, ['waiting for scheduling gates'], 'SchedulingGates') : null;
}

/** A queue over a fresh simulation and sink; `activations` counts onActive calls. */
export function setup(config: Partial<SchedulingQueueConfig> = {}, profile?: string) {
  const sim = new Simulation();
  const sink = new MetricsSink(sim);
  const q = new SchedulingQueue(sim, prioritySort, gatesPreEnqueue, sink, { ...defaultSchedulingQueueConfig, ...config }, profile);
  const state = { activations: 0 };
  q.onActive(() => state.activations++);
  return { sim, sink, q, state };
}

/** PodInfo of pod `name` with `priority` and optional spec extras. */
export function pod(name: string, priority = 0, spec: Partial<Pod['spec']> = {}, labels: Record<string, string> = {}): PodInfo {
  return new PodInfo(makePod(name, { cpu: 100 }, { priority, ...spec }, labels));
}

/** Pops until activeQ is empty, returning pod names. */
export function drainNames(q: SchedulingQueue): string[] {
  const out: string[] = [];
  for (let p = q.pop(); p !== undefined; p = q.pop()) out.push(p.podInfo.pod.metadata.name);
  return out;
}

/** Pops `name` (which must be the head) and fails it with `plugins`, as the loop would. */
export function failHead(q: SchedulingQueue, plugins: string[], cycle?: number): QueuedPodInfo {
  const qpi = q.pop();
  if (qpi === undefined) throw new Error('activeQ empty');
  const c = cycle ?? q.schedulingCycle();
  qpi.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(qpi, c);
  q.done(qpi.podInfo.key);
  return qpi;
}

/** The value of a gauge or counter series in `sink` (0 when absent). */
export function series(sink: MetricsSink, name: string): number {
  return sink.gauges.get(name)?.value ?? sink.counters.get(name)?.value ?? 0;
}
