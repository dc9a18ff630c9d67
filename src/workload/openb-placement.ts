/**
 * The FGD paper's placement protocol (USENIX ATC'23 "Beware of Fragmentation", §5.1; REFERENCE.md
 * "The Alibaba GPU trace"): trace pods are resampled with the run's seed until the GPU they ask
 * for reaches `targetLoad` (1.3) × the cluster's GPUs, shuffled, and scheduled one by one, never
 * leaving, every node filtered and scored. This drives the profile's own scheduling framework
 * (the same plugins as a full run: PreFilter, Filter, PreScore, Score, Reserve) against a
 * scheduler cache of the trace's nodes, without the API or virtual time, so it takes seconds.
 * The GPU allocation ratio and the fragmentation are recorded against the arrived load.
 */
import type { CostModel } from '../scheduler/cost-model.js';
import { ClusterFragmentation } from '../dra/gpu/cluster-fragmentation.js';
import { FragmentationMeasure } from '../dra/gpu/fragmentation.js';
import { typicalPodsOf, type TypicalPod } from '../dra/gpu/typical-pods.js';
import type { RandomStreams } from '../engine/rng.js';
import { SchedulerCache } from '../scheduler/cache/scheduler-cache.js';
import type { ProfileConfig } from '../scheduler/config/scheduler-configuration.js';
import { CycleState } from '../scheduler/framework/cycle-state.js';
import type { FrameworkHandle } from '../scheduler/framework/handle.js';
import { PodInfo } from '../scheduler/framework/pod-info.js';
import type { Registry } from '../scheduler/framework/registry.js';
import { Framework } from '../scheduler/framework/runtime.js';
import { selectHost } from '../scheduler/schedule-one.js';
import type { NodeInfo } from '../scheduler/framework/node-info.js';
import { traceGpuRequest, traceNode, tracePod, tracePodShape } from './openb-objects.js';
import type { TraceNode, TracePod } from './openb-trace.js';

/** One point of the curves: after `podsArrived` pods, what arrived and what is placed. */
export interface PlacementPoint {
  /** GPU milli asked for by the pods arrived so far, over the cluster's GPU milli. */
  readonly arrived: number;
  /** GPU milli allocated over the cluster's GPU milli. */
  readonly allocation: number;
  /** Σ_n F_n(M) over the cluster's GPU milli. */
  readonly fragmentation: number;
  readonly podsArrived: number;
  readonly podsUnscheduled: number;
}

/** What the protocol needs: the trace, the profile to schedule with, and the run's random streams. */
export interface PlacementInput {
  readonly nodes: readonly TraceNode[];
  readonly pods: readonly TracePod[];
  readonly profile: ProfileConfig;
  readonly registry: Registry;
  readonly costModel: CostModel;
  readonly streams: RandomStreams;
  /** Arrived GPU request to reach, as a multiple of the cluster's GPUs (the paper: 1.3). */
  readonly targetLoad: number;
  /** Arrived-load step between recorded points (fraction of the cluster's GPUs). */
  readonly step: number;
  readonly namespace: string;
}

/** The curves and the typical pods they were measured against. */
export interface PlacementOutcome {
  readonly points: readonly PlacementPoint[];
  readonly typicalPods: readonly TypicalPod[];
  readonly clusterGpuMilli: number;
  readonly podsArrived: number;
  readonly podsUnscheduled: number;
}

/** The pods of one protocol run: trace rows drawn with replacement until the target load, then shuffled. */
export function resamplePods(pods: readonly TracePod[], clusterGpuMilli: number, targetLoad: number, streams: RandomStreams): TracePod[] {
  const rng = streams.stream('openb/resample');
  const out: TracePod[] = [];
  const target = targetLoad * clusterGpuMilli;
  let arrived = 0;
  const gpuPods = pods.some((p) => traceGpuRequest(p) > 0);
  while (gpuPods && arrived < target) {
    const p = pods[rng.int(pods.length)] as TracePod;
    out.push(p);
    arrived += traceGpuRequest(p);
  }
  const shuffle = streams.stream('openb/shuffle');
  for (let i = out.length - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    const t = out[i] as TracePod;
    out[i] = out[j] as TracePod;
    out[j] = t;
  }
  return out;
}

/**
 * The profile as the protocol runs it: FGDScore given the trace's typical pods (unless the
 * scenario set its own), and Open-Gpu-Share's Filter first — a node is feasible when every Filter
 * passes, whatever their order, and on a full cluster the GPU check turns most nodes away cheapest.
 */
function protocolProfile(profile: ProfileConfig, typical: readonly TypicalPod[]): ProfileConfig {
  const fgd = profile.pluginArgs.get('FGDScore') ?? {};
  const pluginArgs = new Map(profile.pluginArgs);
  if (fgd['typicalPods'] === undefined) pluginArgs.set('FGDScore', { ...fgd, typicalPods: typical.map((t) => ({ ...t, gpuModels: [...t.gpuModels] })) });
  const gpuFirst = [...profile.points.filter].sort((a, b) => Number(b.name === 'Open-Gpu-Share') - Number(a.name === 'Open-Gpu-Share'));
  return { ...profile, points: { ...profile.points, filter: gpuFirst }, pluginArgs };
}

/** Runs the placement protocol once. */
export function runPlacementProtocol(input: PlacementInput): PlacementOutcome {
  const cache = new SchedulerCache();
  for (const n of input.nodes) cache.upsertNode(traceNode(n));
  const nodes = cache.nodeInfoList;
  const typicalPods = typicalPodsOf(input.pods.map(tracePodShape), thresholdOf(input.profile));
  const tracker = new ClusterFragmentation(new FragmentationMeasure(typicalPods), nodes);
  const cap = tracker.capacity;
  let fwk: Framework | undefined;
  const handle: FrameworkHandle = {
    snapshot: cache,
    now: () => 0,
    rng: input.streams.stream(`scheduler/${input.profile.schedulerName}`),
    send: () => undefined,
    runFilterPlugins: (state, pod, node) => (fwk as Framework).runFilter(state, pod, node),
    runPreFilterExtensionAddPod: (state, pod, added, node) => (fwk as Framework).runPreFilterAddPod(state, pod, added, node),
    runPreFilterExtensionRemovePod: (state, pod, removed, node) => (fwk as Framework).runPreFilterRemovePod(state, pod, removed, node),
    podDisruptionBudgets: () => [],
  };
  fwk = new Framework(protocolProfile(input.profile, typicalPods), input.registry, handle, input.costModel);
  const arrivals = resamplePods(input.pods, cap, input.targetLoad, input.streams);
  const points: PlacementPoint[] = [];
  let arrived = 0;
  let unscheduled = 0;
  let nextMark = input.step;
  const feasible: NodeInfo[] = [];
  const record = (k: number): void => {
    points.push({ arrived: arrived / cap, allocation: tracker.allocatedTotal / cap, fragmentation: tracker.total / cap, podsArrived: k, podsUnscheduled: unscheduled });
  };
  record(0);
  arrivals.forEach((p, k) => {
    arrived += traceGpuRequest(p);
    const podInfo = new PodInfo(tracePod(p, `${p.name}-${k}`, input.namespace, input.profile.schedulerName));
    if (!placeOne(fwk as Framework, cache, podInfo, tracker, feasible)) unscheduled++;
    fwk?.takePluginCost(1);
    if (arrived / cap >= nextMark - 1e-12 || k === arrivals.length - 1) {
      record(k + 1);
      while (nextMark <= arrived / cap + 1e-12) nextMark += input.step;
    }
  });
  return { points, typicalPods, clusterGpuMilli: cap, podsArrived: arrivals.length, podsUnscheduled: unscheduled };
}

function thresholdOf(profile: ProfileConfig): number | undefined {
  const t = profile.pluginArgs.get('FGDScore')?.['popularityThreshold'];
  return typeof t === 'number' ? t : undefined;
}

/**
 * One scheduling cycle without API or time: PreFilter, Filter on every node (as findNodesThatFitPod
 * with percentageOfNodesToScore 100, minus the per-node rejection statuses nobody reads here),
 * PreScore and Score, host selection, assume and Reserve. False when the pod fits nowhere.
 */
function placeOne(fwk: Framework, cache: SchedulerCache, podInfo: PodInfo, tracker: ClusterFragmentation, feasible: NodeInfo[]): boolean {
  const state = new CycleState();
  const nodes = cache.nodeInfoList;
  feasible.length = 0;
  const pre = fwk.runPreFilter(state, podInfo, nodes);
  if (pre.status !== null) return false;
  const only = pre.nodeNames;
  for (const n of nodes) if ((only === undefined || only.has(n.name)) && fwk.runFilter(state, podInfo, n) === null) feasible.push(n);
  if (feasible.length === 0) return false;
  let chosen = feasible[0];
  if (feasible.length > 1 && fwk.runPreScore(state, podInfo, feasible) === null) {
    chosen = selectHost(feasible, fwk.runScore(state, podInfo, feasible), fwk.handle.rng).node;
  }
  if (chosen === undefined) return false;
  cache.assumePod(podInfo, chosen.name);
  if (fwk.runReserve(state, podInfo, chosen.name) !== null) {
    cache.forgetPod(podInfo.key);
    return false;
  }
  tracker.update(chosen);
  return true;
}
