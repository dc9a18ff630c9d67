/**
 * The PodTopologySpread plugin (upstream pkg/scheduler/framework/plugins/podtopologyspread/plugin.go):
 * PreFilter/Filter enforce DoNotSchedule constraints, PreScore/Score/NormalizeScore prefer nodes that
 * improve the spread for ScheduleAnyway ones. Pods without constraints get the configured defaults
 * (PodTopologySpreadArgs), with the pod's own labels as selector (see podConstraints).
 */
import type { TopologySpreadConstraint } from '../../api/objects.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { asError, skip, type Result } from '../framework/status.js';
import { MatchCountMemo, podConstraints, systemDefaultConstraints } from './pod-topology-spread-common.js';
import { SpreadPreFilterState, computePreFilterState, filterNode, updateWithPod } from './pod-topology-spread-filter.js';
import { SpreadPreScoreState, computePreScoreState, normalizeScores, scoreNode } from './pod-topology-spread-score.js';

/** The plugin's registry name. */
export const PodTopologySpreadName = 'PodTopologySpread';
const preFilterStateKey = `PreFilter${PodTopologySpreadName}`;
const preScoreStateKey = `PreScore${PodTopologySpreadName}`;

/** PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1) after defaulting and validation. */
export interface PodTopologySpreadArgs {
  readonly defaultConstraints: readonly TopologySpreadConstraint[];
  readonly defaultingType: 'System' | 'List';
}

// A qualified name: optional DNS-subdomain prefix and '/', then a name of at most 63 characters.
const qualifiedName = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function isLabelName(v: string): boolean {
  const slash = v.indexOf('/');
  const name = slash < 0 ? v : v.slice(slash + 1);
  return qualifiedName.test(v) && name.length <= 63 && (slash < 0 || slash <= 253);
}

function checkKeys(obj: Readonly<Record<string, unknown>>, allowed: readonly string[], path: readonly (string | number)[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) throw new PluginArgsError([...path, k], `unknown field "${k}"`);
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const constraintFields = ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys'];

function parseDefaultConstraint(v: unknown, i: number, prior: readonly TopologySpreadConstraint[]): TopologySpreadConstraint {
  const p = ['defaultConstraints', i];
  if (!isRecord(v)) throw new PluginArgsError(p, 'must be an object');
  checkKeys(v, constraintFields, p);
  const { maxSkew, topologyKey, whenUnsatisfiable, minDomains, nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys } = v;
  if (typeof maxSkew !== 'number' || !Number.isInteger(maxSkew) || maxSkew <= 0) throw new PluginArgsError([...p, 'maxSkew'], 'not in valid range (0, inf)');
  if (typeof topologyKey !== 'string' || topologyKey === '') throw new PluginArgsError([...p, 'topologyKey'], 'can not be empty');
  if (!isLabelName(topologyKey)) throw new PluginArgsError([...p, 'topologyKey'], `invalid label name "${topologyKey}"`);
  if (whenUnsatisfiable === undefined || whenUnsatisfiable === '') throw new PluginArgsError([...p, 'whenUnsatisfiable'], 'can not be empty');
  if (whenUnsatisfiable !== 'DoNotSchedule' && whenUnsatisfiable !== 'ScheduleAnyway') {
    throw new PluginArgsError([...p, 'whenUnsatisfiable'], 'supported values: "DoNotSchedule", "ScheduleAnyway"');
  }
  if (v['labelSelector'] !== undefined) throw new PluginArgsError([...p, 'labelSelector'], 'constraint must not define a selector, as they deduced for each pod');
  if (minDomains !== undefined && (typeof minDomains !== 'number' || !Number.isInteger(minDomains) || minDomains <= 0)) {
    throw new PluginArgsError([...p, 'minDomains'], 'must be greater than 0');
  }
  for (const [k, pol] of [['nodeAffinityPolicy', nodeAffinityPolicy], ['nodeTaintsPolicy', nodeTaintsPolicy]] as const) {
    if (pol !== undefined && pol !== 'Honor' && pol !== 'Ignore') throw new PluginArgsError([...p, k], 'supported values: "Honor", "Ignore"');
  }
  if (matchLabelKeys !== undefined && (!Array.isArray(matchLabelKeys) || !matchLabelKeys.every((k) => typeof k === 'string'))) {
    throw new PluginArgsError([...p, 'matchLabelKeys'], 'must be a list of label keys');
  }
  if (prior.some((o) => o.topologyKey === topologyKey && o.whenUnsatisfiable === whenUnsatisfiable)) {
    throw new PluginArgsError(p, `Duplicate value: "{${topologyKey}, ${whenUnsatisfiable}}"`);
  }
  return {
    maxSkew, topologyKey, whenUnsatisfiable,
    ...(minDomains === undefined ? {} : { minDomains: minDomains as number }),
    ...(nodeAffinityPolicy === undefined ? {} : { nodeAffinityPolicy: nodeAffinityPolicy as 'Honor' | 'Ignore' }),
    ...(nodeTaintsPolicy === undefined ? {} : { nodeTaintsPolicy: nodeTaintsPolicy as 'Honor' | 'Ignore' }),
    ...(matchLabelKeys === undefined ? {} : { matchLabelKeys: matchLabelKeys as string[] }),
  };
}

/** Defaults (defaultingType System) and validates args as upstream ValidatePodTopologySpreadArgs; throws PluginArgsError. */
export function parsePodTopologySpreadArgs(args: Readonly<Record<string, unknown>>): PodTopologySpreadArgs {
  checkKeys(args, ['apiVersion', 'kind', 'defaultConstraints', 'defaultingType'], []);
  const type = args['defaultingType'] ?? 'System';
  if (type !== 'System' && type !== 'List') throw new PluginArgsError(['defaultingType'], 'supported values: "List", "System"');
  const raw = args['defaultConstraints'] ?? [];
  if (!Array.isArray(raw)) throw new PluginArgsError(['defaultConstraints'], 'must be a list');
  if (type === 'System' && raw.length > 0) throw new PluginArgsError(['defaultingType'], 'Invalid value: "System": when .defaultConstraints are not empty');
  const defaultConstraints: TopologySpreadConstraint[] = [];
  raw.forEach((c: unknown, i) => defaultConstraints.push(parseDefaultConstraint(c, i, defaultConstraints)));
  return { defaultConstraints, defaultingType: type };
}

/** The plugin instance. */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = PodTopologySpreadName;
  private readonly defaults: readonly TopologySpreadConstraint[];
  private readonly systemDefaulted: boolean;
  private readonly memo = new MatchCountMemo();

  constructor(private readonly handle: FrameworkHandle, args: PodTopologySpreadArgs) {
    this.systemDefaulted = args.defaultingType === 'System';
    this.defaults = this.systemDefaulted ? systemDefaultConstraints : args.defaultConstraints;
  }

  /** Counts matching pods per domain of each DoNotSchedule constraint; Skip when the pod has none. */
  preFilter(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[]): PreFilterResult | null {
    const constraints = podConstraints(pod.pod, 'DoNotSchedule', this.defaults);
    if (constraints.length === 0) return { status: skip };
    state.write(preFilterStateKey, computePreFilterState(pod.pod, constraints, this.handle.snapshot.nodeInfoList, this.memo));
    return null;
  }

  /** Counts `added` as if it ran on `node`. */
  addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Result {
    const s = state.read<SpreadPreFilterState>(preFilterStateKey);
    if (s !== undefined) updateWithPod(s, pod.pod, added.pod, node.node, 1);
    return null;
  }

  /** Stops counting `removed` on `node`. */
  removePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Result {
    const s = state.read<SpreadPreFilterState>(preFilterStateKey);
    if (s !== undefined) updateWithPod(s, pod.pod, removed.pod, node.node, -1);
    return null;
  }

  /** Rejects nodes missing a topology key (unresolvable) or where the skew would exceed maxSkew. */
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    const s = state.read<SpreadPreFilterState>(preFilterStateKey);
    if (s === undefined) return asError(`reading "${preFilterStateKey}" from cycleState: not found`);
    return filterNode(s, pod.pod, node.node);
  }

  /** Counts matching pods per domain of each ScheduleAnyway constraint over `nodes`' domains; Skip when none apply. */
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    const constraints = podConstraints(pod.pod, 'ScheduleAnyway', this.defaults);
    const requireAll = (pod.pod.spec.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    const s = computePreScoreState(pod.pod, constraints, nodes, this.handle.snapshot.nodeInfoList, requireAll, this.memo);
    if (s === null) return skip;
    state.write(preScoreStateKey, s);
    return null;
  }

  /** The weighted matching count of the node's domains (lower is better until normalised). */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const s = state.read<SpreadPreScoreState>(preScoreStateKey);
    return s === undefined ? 0 : scoreNode(s, pod.pod, node, this.memo);
  }

  /** Maps fewer matches to higher scores in 0..100; `scores` are in PreScore's node order. */
  normalizeScore(state: CycleState, _pod: PodInfo, scores: Float64Array): void {
    const s = state.read<SpreadPreScoreState>(preScoreStateKey);
    if (s !== undefined) normalizeScores(s, scores);
  }
}

/** Registry entry: name 'PodTopologySpread', factory validating PodTopologySpreadArgs. */
export const podTopologySpreadPlugin: PluginDefinition = {
  name: PodTopologySpreadName,
  factory: (args, handle) => new PodTopologySpread(handle, parsePodTopologySpreadArgs(args)),
};
