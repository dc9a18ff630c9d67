/**
 * NodeResourcesFit (PreFilter, Filter, PreScore, Score), after upstream
 * pkg/scheduler/framework/plugins/noderesources/fit.go: the pod's requests must fit the node's
 * allocatable minus what its pods request; scoring by LeastAllocated, MostAllocated or
 * RequestedToCapacityRatio over `scoringStrategy.resources`.
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import { AMOUNT_ALLOC_CPU, AMOUNT_ALLOC_MEMORY, AMOUNT_EPHEMERAL_LEFT, AMOUNT_PODS_LEFT, AMOUNT_REQ_CPU, AMOUNT_REQ_MEMORY, type NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { Code, Status, type Result } from '../framework/status.js';
import {
  argsArray, argsInteger, argsObject, argsString, compileResources, fillAllocatableRequested, isExtendedResourceName, isScalarResourceName,
  leastAllocatedScore, mostAllocatedScore, parseResourceSpecs, podRequestList, requestedToCapacityRatioScorer,
  type CompiledResource, type ResourceSpec, type UtilizationShapePoint,
} from './resource-allocation-scorer.js';

const NAME = 'NodeResourcesFit';
const PRE_SCORE_KEY = `PreScore${NAME}`;

/** The scoring strategy types upstream supports. */
export const scoringStrategyTypes = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const;

/** NodeResourcesFitArgs after defaulting and validation. */
export interface NodeResourcesFitArgs {
  readonly ignoredResources: readonly string[];
  readonly ignoredResourceGroups: readonly string[];
  readonly scoringStrategy: {
    readonly type: (typeof scoringStrategyTypes)[number];
    readonly resources: readonly ResourceSpec[];
    readonly requestedToCapacityRatio?: { readonly shape: readonly UtilizationShapePoint[] };
  };
}

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function checkLabelName(v: string, path: readonly (string | number)[]): void {
  const slash = v.lastIndexOf('/');
  if (!QUALIFIED_NAME.test(v) || v.length - slash - 1 > 63 || slash > 253) {
    throw new PluginArgsError(path, 'must be a qualified name (an optional DNS subdomain prefix and "/", then at most 63 alphanumerics, "-", "_" or ".")');
  }
}

/** Defaults and validates NodeResourcesFit args as upstream (v1 defaults.go, validation_pluginargs.go ValidateNodeResourcesFitArgs). */
export function parseNodeResourcesFitArgs(raw: Readonly<Record<string, unknown>>): NodeResourcesFitArgs {
  const args = argsObject(raw, [], ['ignoredResources', 'ignoredResourceGroups', 'scoringStrategy']);
  const ignoredResources = argsArray(args['ignoredResources'], ['ignoredResources']).map((v, i) => {
    const s = argsString(v, ['ignoredResources', i]);
    checkLabelName(s, ['ignoredResources', i]);
    return s;
  });
  const ignoredResourceGroups = argsArray(args['ignoredResourceGroups'], ['ignoredResourceGroups']).map((v, i) => {
    const s = argsString(v, ['ignoredResourceGroups', i]);
    if (s.includes('/')) throw new PluginArgsError(['ignoredResourceGroups', i], "resource group name can't contain '/'");
    checkLabelName(s, ['ignoredResourceGroups', i]);
    return s;
  });
  const rawStrategy = args['scoringStrategy'];
  if (rawStrategy === undefined || rawStrategy === null) {
    return { ignoredResources, ignoredResourceGroups, scoringStrategy: { type: 'LeastAllocated', resources: parseResourceSpecs([], ['scoringStrategy', 'resources']) } };
  }
  const st = argsObject(rawStrategy, ['scoringStrategy'], ['type', 'resources', 'requestedToCapacityRatio']);
  const type = st['type'];
  if (typeof type !== 'string' || !(scoringStrategyTypes as readonly string[]).includes(type)) {
    throw new PluginArgsError(['scoringStrategy', 'type'], `must be one of ${scoringStrategyTypes.join(', ')}`);
  }
  const resources = parseResourceSpecs(st['resources'], ['scoringStrategy', 'resources']);
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) throw new PluginArgsError(['scoringStrategy', 'resources', i, 'weight'], `resource weight of ${r.name} not in valid range (0, 100]`);
  });
  const strategyType = type as NodeResourcesFitArgs['scoringStrategy']['type'];
  const rawRatio = st['requestedToCapacityRatio'];
  if (rawRatio === undefined || rawRatio === null) {
    if (strategyType === 'RequestedToCapacityRatio') {
      throw new PluginArgsError(['scoringStrategy', 'requestedToCapacityRatio', 'shape'], 'at least one point must be specified');
    }
    return { ignoredResources, ignoredResourceGroups, scoringStrategy: { type: strategyType, resources } };
  }
  const ratio = argsObject(rawRatio, ['scoringStrategy', 'requestedToCapacityRatio'], ['shape']);
  const shapePath = ['scoringStrategy', 'requestedToCapacityRatio', 'shape'];
  const shape = argsArray(ratio['shape'], shapePath).map((p, i) => {
    const o = argsObject(p, [...shapePath, i], ['utilization', 'score']);
    const utilization = argsInteger(o['utilization'], [...shapePath, i, 'utilization'], 0);
    const score = argsInteger(o['score'], [...shapePath, i, 'score'], 0);
    if (utilization < 0 || utilization > 100) throw new PluginArgsError([...shapePath, i, 'utilization'], 'not in valid range [0, 100]');
    if (score < 0 || score > 10) throw new PluginArgsError([...shapePath, i, 'score'], 'not in valid range [0, 10]');
    return { utilization, score };
  });
  if (shape.length === 0) throw new PluginArgsError(shapePath, 'at least one point must be specified');
  for (let i = 1; i < shape.length; i++) {
    if ((shape[i - 1] as UtilizationShapePoint).utilization >= (shape[i] as UtilizationShapePoint).utilization) {
      throw new PluginArgsError([...shapePath, i, 'utilization'], 'values must be sorted in increasing order');
    }
  }
  return { ignoredResources, ignoredResourceGroups, scoringStrategy: { type: strategyType, resources, requestedToCapacityRatio: { shape } } };
}

/** The pod's requests as Filter checks them: scalar resources to check already exclude ignored ones and zero amounts. */
interface FitState {
  readonly milliCpu: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** True when the pod requests nothing at all (only the pod count is checked). */
  readonly empty: boolean;
  readonly scalarNames: readonly string[];
  readonly scalarAmounts: readonly number[];
  readonly scalarReasons: readonly string[];
}

class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  private readonly ignored: ReadonlySet<string>;
  private readonly ignoredGroups: ReadonlySet<string>;
  private readonly resources: readonly CompiledResource[];
  private readonly scorer: (req: Float64Array, alloc: Float64Array, resources: readonly CompiledResource[]) => number;
  private readonly alloc: Float64Array;
  private readonly req: Float64Array;
  private lastState: CycleState | undefined;
  private lastPod: PodInfo | undefined;
  private lastFit: FitState | undefined;
  private lastScoreState: CycleState | undefined;
  private lastScorePod: PodInfo | undefined;
  private lastRequests: Float64Array | undefined;

  constructor(args: NodeResourcesFitArgs) {
    this.ignored = new Set(args.ignoredResources);
    this.ignoredGroups = new Set(args.ignoredResourceGroups);
    this.resources = compileResources(args.scoringStrategy.resources);
    const st = args.scoringStrategy;
    this.scorer = st.type === 'LeastAllocated' ? leastAllocatedScore
      : st.type === 'MostAllocated' ? mostAllocatedScore
        : requestedToCapacityRatioScorer(st.requestedToCapacityRatio?.shape ?? []);
    this.alloc = new Float64Array(this.resources.length);
    this.req = new Float64Array(this.resources.length);
  }

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | null {
    state.write(NAME, this.computeState(pod));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    // The same state is read for every node of a cycle: keep the last one at hand (a Map lookup per node is measurable).
    if (state !== this.lastState || pod !== this.lastPod) {
      this.lastState = state;
      this.lastPod = pod;
      this.lastFit = state.read<FitState>(NAME) ?? this.computeState(pod);
    }
    const s = this.lastFit as FitState;
    let reasons: string[] | undefined;
    let unresolvable = false;
    // The node's numbers as one typed array (NodeInfo.amounts): the same values and subtractions as allocatable − requested.
    const m = node.amounts;
    if ((m[AMOUNT_PODS_LEFT] as number) < 1) reasons = ['Too many pods'];
    if (s.empty) return reasons === undefined ? null : new Status(Code.Unschedulable, reasons);
    const allocCpu = m[AMOUNT_ALLOC_CPU] as number;
    if (s.milliCpu > 0 && s.milliCpu > allocCpu - (m[AMOUNT_REQ_CPU] as number)) {
      (reasons ??= []).push('Insufficient cpu');
      if (s.milliCpu > allocCpu) unresolvable = true;
    }
    const allocMemory = m[AMOUNT_ALLOC_MEMORY] as number;
    if (s.memory > 0 && s.memory > allocMemory - (m[AMOUNT_REQ_MEMORY] as number)) {
      (reasons ??= []).push('Insufficient memory');
      if (s.memory > allocMemory) unresolvable = true;
    }
    if (s.ephemeralStorage > 0 && s.ephemeralStorage > (m[AMOUNT_EPHEMERAL_LEFT] as number)) {
      (reasons ??= []).push('Insufficient ephemeral-storage');
      if (s.ephemeralStorage > node.allocatable.ephemeralStorage) unresolvable = true;
    }
    const alloc = node.allocatable;
    const used = node.requested;
    for (let i = 0; i < s.scalarNames.length; i++) {
      const name = s.scalarNames[i] as string;
      const amount = s.scalarAmounts[i] as number;
      const a = alloc.scalar.get(name) ?? 0;
      if (amount > a - (used.scalar.get(name) ?? 0)) {
        (reasons ??= []).push(s.scalarReasons[i] as string);
        if (amount > a) unresolvable = true;
      }
    }
    if (reasons === undefined) return null;
    return new Status(unresolvable ? Code.UnschedulableAndUnresolvable : Code.Unschedulable, reasons);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    state.write(PRE_SCORE_KEY, podRequestList(pod, this.resources, true));
    return null;
  }

  /** Batch Score: `score` for every node, in this plugin's own loop. */
  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    if (state !== this.lastScoreState || pod !== this.lastScorePod) {
      this.lastScoreState = state;
      this.lastScorePod = pod;
      this.lastRequests = state.read<Float64Array>(PRE_SCORE_KEY) ?? podRequestList(pod, this.resources, true);
    }
    const podRequests = this.lastRequests as Float64Array;
    fillAllocatableRequested(node, this.resources, podRequests, false, this.alloc, this.req);
    return this.scorer(this.req, this.alloc, this.resources);
  }

  private computeState(pod: PodInfo): FitState {
    const r = pod.requests;
    const scalarNames: string[] = [];
    const scalarAmounts: number[] = [];
    const scalarReasons: string[] = [];
    let anyScalar = false;
    for (const [name, amount] of r.scalar) {
      if (!isScalarResourceName(name)) continue;
      anyScalar = true;
      if (amount === 0) continue;
      if (isExtendedResourceName(name) && (this.ignored.has(name) || this.ignoredGroups.has(name.slice(0, name.indexOf('/'))))) continue;
      scalarNames.push(name);
      scalarAmounts.push(amount);
      scalarReasons.push(`Insufficient ${name}`);
    }
    return {
      milliCpu: r.milliCpu,
      memory: r.memory,
      ephemeralStorage: r.ephemeralStorage,
      empty: r.milliCpu === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !anyScalar,
      scalarNames,
      scalarAmounts,
      scalarReasons,
    };
  }
}

/** NodeResourcesFit: resource fit filter (Unschedulable; UnschedulableAndUnresolvable when a request exceeds the node's whole allocatable) and allocation scoring. */
export const nodeResourcesFitPlugin: PluginDefinition = {
  name: NAME,
  factory: (args) => new NodeResourcesFit(parseNodeResourcesFitArgs(args)),
};
