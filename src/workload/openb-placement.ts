/**
 * The FGD paper's placement protocol (USENIX ATC'23 "Beware of Fragmentation", §5.1; REFERENCE.md
 * "The Alibaba GPU trace"; the paper's simulator hkust-adsl/kubernetes-scheduler-simulator): the
 * trace's pods shuffled with the run's seed, topped up with resampled pods (or thinned) until the
 * GPU they ask for reaches `targetLoad` (1.3) × the cluster's GPUs, and scheduled one by one,
 * never leaving, every node filtered and scored, ties going to a per-run random node order. This drives the profile's own scheduling framework
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
import type { NodeInfo } from '../scheduler/framework/node-info.js';
import { placementPodsPerNode, traceGpuRequest, traceNode, tracePod, tracePodShape } from './openb-objects.js';
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

/** GPU milli per GPU a trace pod asks for (0 for a CPU-only pod), as the simulator's PodResource.MilliGpu. */
function milliPerGpu(p: TracePod): number {
  return p.gpuCount > 0 ? p.gpuMilli : 0;
}

function byName(a: TracePod, b: TracePod): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The pods of one protocol run, as the paper's simulator builds them (pkg/simulator/core.go
 * Simulate, simulator.go SortClusterPods and TunePodsByNodeTotalResource, run with shufflePod and
 * workloadTuningConfig.ratio = `targetLoad`): every pod of the trace once, in name order shuffled
 * (stream `openb/shuffle`); then, when they ask for fewer GPUs than `targetLoad` × the cluster's,
 * trace pods drawn with replacement (stream `openb/resample`) are appended after them until the
 * next drawn pod's milli per GPU would pass the target (the simulator compares the total with the
 * pod's per-GPU milli, not its total, so the last pod appended may overshoot and CPU-only pods never
 * stop the draw); when they ask for more, pods drawn at random are removed until the total is at
 * most the target. The simulator draws all of this from one Go math/rand source seeded with the
 * run's seed; here each step has its own seeded stream.
 */
export function resamplePods(pods: readonly TracePod[], clusterGpuMilli: number, targetLoad: number, streams: RandomStreams): TracePod[] {
  const workload = [...pods].sort(byName);
  const out = [...workload];
  const shuffle = streams.stream('openb/shuffle');
  for (let i = out.length - 1; i > 0; i--) {
    const j = shuffle.int(i + 1);
    const t = out[i] as TracePod;
    out[i] = out[j] as TracePod;
    out[j] = t;
  }
  const rng = streams.stream('openb/resample');
  const target = targetLoad * clusterGpuMilli;
  let total = 0;
  for (const p of out) total += traceGpuRequest(p);
  if (total > target) {
    while (total > target && out.length > 0) {
      const [removed] = out.splice(rng.int(out.length), 1);
      total -= traceGpuRequest(removed as TracePod);
    }
  } else if (total < target && workload.some((p) => traceGpuRequest(p) > 0)) {
    for (;;) {
      const p = workload[rng.int(workload.length)] as TracePod;
      if (total + milliPerGpu(p) > target) break;
      total += traceGpuRequest(p);
      out.push(p);
    }
  }
  return out;
}

/**
 * A per-run priority of the nodes for breaking ties between equal scores. The simulator names
 * each node, in name order, `<i>-<name>` with i from a random permutation (simulator.go
 * syncClusterResourceList, rand.Perm) and its selectHost keeps the lexicographically smallest
 * name among the best (its vendored kube-scheduler replaces upstream's random choice with this,
 * "for reproducibility"): ties go to the node of lowest rank, the same node all run long.
 */
export function nodeRanks(nodes: readonly TraceNode[], streams: RandomStreams): Map<string, number> {
  const names = nodes.map((n) => n.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const perm = names.map((_, i) => i);
  const rng = streams.stream('openb/node-order');
  for (let i = perm.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  return new Map(names.map((n, i) => [n, perm[i] as number]));
}

/** The node with the highest total; among equal totals, the one of lowest rank (see nodeRanks). */
export function selectByRank(nodes: readonly NodeInfo[], totals: Float64Array, ranks: ReadonlyMap<string, number>): NodeInfo | undefined {
  let best: NodeInfo | undefined;
  let bestScore = -Infinity;
  let bestRank = Infinity;
  for (let i = 0; i < nodes.length; i++) {
    const s = totals[i] as number;
    if (s < bestScore) continue;
    const n = nodes[i] as NodeInfo;
    const r = ranks.get(n.name) ?? Infinity;
    if (s > bestScore || r < bestRank) {
      best = n;
      bestScore = s;
      bestRank = r;
    }
  }
  return best;
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
  for (const n of input.nodes) cache.upsertNode(traceNode(n, placementPodsPerNode));
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
  const ranks = nodeRanks(input.nodes, input.streams);
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
    if (!placeOne(fwk as Framework, cache, podInfo, tracker, feasible, ranks)) unscheduled++;
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
 * PreScore and Score, host selection (ties to the node of lowest rank), assume and Reserve. False
 * when the pod fits nowhere.
 */
function placeOne(fwk: Framework, cache: SchedulerCache, podInfo: PodInfo, tracker: ClusterFragmentation, feasible: NodeInfo[], ranks: ReadonlyMap<string, number>): boolean {
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
    chosen = selectByRank(feasible, fwk.runScore(state, podInfo, feasible), ranks);
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
