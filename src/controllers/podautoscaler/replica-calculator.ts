/**
 * The replica count a Resource metric asks for, after pkg/controller/podautoscaler/replica_calculator.go
 * (GetResourceReplicas, GetRawResourceReplicas, groupPods): pods being deleted or Failed are
 * ignored; Pending pods, and for cpu pods still in their cpu-initialization-period that are not
 * ready or whose sample predates readiness (or that never became ready within the initial
 * readiness delay) are unready; pods without a sample are missing. Usage is compared with the
 * ready pods' requests; within the tolerance nothing changes. On a scale up unready pods count as
 * using nothing; missing pods count as using their whole request (the target value for
 * AverageValue) on a scale down and nothing on a scale up — and when these assumptions would
 * reverse the direction, nothing changes.
 */
import { findCondition, podRequest, type Pod } from '../../api/objects.js';
import type { ResourceMetricTarget } from '../../api/autoscaling.js';
import type { PodMetric } from '../../controlplane/metrics-server/pod-metrics.js';
import type { Micros } from '../../engine/simulation.js';

/** What the calculation needs besides the pods and their metrics. */
export interface ReplicaCalculatorInput {
  readonly currentReplicas: number;
  readonly resource: 'cpu' | 'memory';
  readonly target: ResourceMetricTarget;
  readonly pods: readonly Pod[];
  /** Samples by pod name. */
  readonly metrics: ReadonlyMap<string, PodMetric>;
  readonly now: Micros;
  readonly tolerance: number;
  readonly cpuInitializationPeriod: Micros;
  readonly delayOfInitialReadinessStatus: Micros;
}

/** The recommendation, with the current utilisation (percent of requests) or average value. */
export type ReplicaCalculation =
  | { readonly replicas: number; readonly utilization?: number; readonly averageValue: number; readonly timestamp: Micros }
  | { readonly error: string };

/** Ready pods, unready pods and missing pods (groupPods); ignored pods are left out. */
export function groupPods(input: ReplicaCalculatorInput): { readyCount: number; unready: Set<string>; missing: Set<string>; ignored: Set<string> } {
  let readyCount = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const pod of input.pods) {
    const name = pod.metadata.name;
    if (pod.metadata.deletionTimestamp !== undefined || pod.status.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = input.metrics.get(name);
    if (metric === undefined) {
      missing.add(name);
      continue;
    }
    if (input.resource === 'cpu') {
      const ready = findCondition(pod.status.conditions, 'Ready');
      const start = pod.status.startTime;
      let isUnready: boolean;
      if (ready === undefined || start === undefined) isUnready = true;
      else if (start + input.cpuInitializationPeriod > input.now) {
        // Within the initialization period: unready if not ready, or the sample began before readiness.
        isUnready = ready.status === 'False' || metric.timestamp < ready.lastTransitionTime + metric.window;
      } else {
        // After it: unready only if it has never been ready (went unready within the initial readiness delay).
        isUnready = ready.status === 'False' && start + input.delayOfInitialReadinessStatus > ready.lastTransitionTime;
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    readyCount++;
  }
  return { readyCount, unready, missing, ignored };
}

function ratioOf(metrics: ReadonlyMap<string, number>, requests: ReadonlyMap<string, number>, target: ResourceMetricTarget): { ratio: number; utilization?: number; average: number } {
  let usage = 0;
  let requested = 0;
  for (const [name, v] of metrics) {
    usage += v;
    requested += requests.get(name) ?? 0;
  }
  const average = metrics.size === 0 ? 0 : usage / metrics.size;
  if (target.type === 'Utilization') {
    // GetResourceUtilizationRatio: utilisation is truncated to an integer percentage.
    const utilization = requested === 0 ? 0 : Math.trunc((usage * 100) / requested);
    return { ratio: utilization / target.averageUtilization, utilization, average };
  }
  return { ratio: average / target.averageValue, average };
}

/** The replicas the metric asks for (GetResourceReplicas / GetRawResourceReplicas). */
export function resourceReplicas(input: ReplicaCalculatorInput): ReplicaCalculation {
  const { currentReplicas, target, tolerance } = input;
  if (input.pods.length === 0) return { error: 'no pods returned by selector while calculating replica count' };
  const { readyCount, unready, missing, ignored } = groupPods(input);
  const metrics = new Map<string, number>();
  let timestamp = 0;
  for (const [name, m] of input.metrics) {
    if (ignored.has(name) || unready.has(name) || !input.pods.some((p) => p.metadata.name === name)) continue;
    metrics.set(name, input.resource === 'cpu' ? m.cpu : m.memory);
    timestamp = Math.max(timestamp, m.timestamp);
  }
  const requests = new Map<string, number>();
  for (const pod of input.pods) {
    const r = podRequest(pod, input.resource);
    if (target.type === 'Utilization' && r === 0 && !ignored.has(pod.metadata.name)) return { error: `missing request for ${input.resource} in container of pod ${pod.metadata.name}` };
    requests.set(pod.metadata.name, r);
  }
  if (metrics.size === 0) return { error: `did not receive metrics for targeted pods (pods might be unready)` };
  const first = ratioOf(metrics, requests, target);
  const out = (replicas: number): ReplicaCalculation => ({ replicas, ...(first.utilization === undefined ? {} : { utilization: first.utilization }), averageValue: Math.round(first.average), timestamp });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= tolerance) return out(currentReplicas);
    return out(Math.ceil(first.ratio * readyCount));
  }
  if (missing.size > 0) {
    for (const name of missing) {
      const assumed = first.ratio < 1 ? (target.type === 'Utilization' ? (requests.get(name) ?? 0) : target.averageValue) : 0;
      metrics.set(name, assumed);
    }
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);
  const second = ratioOf(metrics, requests, target);
  if (Math.abs(1 - second.ratio) <= tolerance || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) return out(currentReplicas);
  const replicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas)) return out(currentReplicas);
  return out(replicas);
}
