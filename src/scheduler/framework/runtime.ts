/**
 * A profile's framework (upstream frameworkImpl): the instantiated plugins per extension point in
 * configured order, and the runners the scheduling cycle calls. Calls per plugin are counted for
 * the cost model; the last cycle's weighted scores per plugin stay readable (for `kubesim explain`).
 */
import type { Micros } from '../../engine/simulation.js';
import type { CostModel } from '../cost-model.js';
import type { ProfileConfig } from '../config/scheduler-configuration.js';
import type { CycleState } from './cycle-state.js';
import * as ep from './extension-points.js';
import type { FrameworkHandle } from './handle.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { PluginProfiler } from './plugin-profiler.js';
import type { Registry } from './registry.js';
import { asError, Code, MaxNodeScore, Status, type Result } from './status.js';

/** Instantiated plugins of one profile and their runners. */
export class Framework {
  readonly schedulerName: string;
  readonly queueSort: ep.QueueSortPlugin;
  readonly preEnqueue: ep.PreEnqueuePlugin[] = [];
  readonly preFilter: ep.PreFilterPlugin[] = [];
  readonly filter: ep.FilterPlugin[] = [];
  readonly postFilter: ep.PostFilterPlugin[] = [];
  readonly preScore: ep.PreScorePlugin[] = [];
  readonly score: ep.ScorePlugin[] = [];
  readonly scoreWeights: number[] = [];
  readonly reserve: ep.ReservePlugin[] = [];
  readonly permit: ep.PermitPlugin[] = [];
  readonly preBind: ep.PreBindPlugin[] = [];
  readonly bind: ep.BindPlugin[] = [];
  readonly postBind: ep.PostBindPlugin[] = [];
  /** Weighted scores of the last runScore, one row per Score plugin (NaN where skipped); reused across cycles. */
  private weighted: Float64Array[] = [];
  /** Set by the CLI to measure plugins' real time (never read by the model). */
  profiler: PluginProfiler | undefined;
  private profileTick = 0;
  private filterCalls: Float64Array;
  private activeFor: CycleState | undefined;
  private activeFilters: ep.FilterPlugin[] = [];
  /** Filter and Score methods bound once: calling them skips a megamorphic property lookup per node. */
  /** Cost (ns) per call of each plugin, by extension point, in plugin order. */
  private readonly costs: { readonly preFilter: number[]; readonly preScore: number[]; readonly filter: number[]; readonly score: number[] };
  private readonly boundFilter: ((state: CycleState, pod: PodInfo, node: NodeInfo) => Result)[];
  private readonly boundScore: ((state: CycleState, pod: PodInfo, node: NodeInfo) => number)[];
  private activeFilterFns: ((state: CycleState, pod: PodInfo, node: NodeInfo) => Result)[] = [];
  private activeFilterIndex: number[] = [];
  private scoreCalls: Float64Array;
  /** How many PreFilter / PreScore plugins ran this attempt (they run in order), for the cost model. */
  private preFilterRan = 0;
  private preScoreRan = 0;

  /** Instantiates each enabled plugin once (a plugin enabled at several points is one instance). */
  constructor(readonly profile: ProfileConfig, registry: Registry, readonly handle: FrameworkHandle, costModel: CostModel) {
    this.schedulerName = profile.schedulerName;
    const instances = new Map<string, ep.Plugin>();
    const get = (name: string): ep.Plugin => {
      let p = instances.get(name);
      if (p === undefined) {
        const factory = registry.get(name);
        if (factory === undefined) throw new Error(`plugin "${name}" is not registered`);
        p = factory(profile.pluginArgs.get(name) ?? {}, handle);
        instances.set(name, p);
      }
      return p;
    };
    const at = <T>(point: ep.ExtensionPoint): T[] => profile.points[point].map((e) => get(e.name) as T);
    const sorts = at<ep.QueueSortPlugin>('queueSort');
    if (sorts.length !== 1 || sorts[0] === undefined) throw new Error(`profile "${profile.schedulerName}" must enable exactly one queueSort plugin`);
    this.queueSort = sorts[0];
    this.preEnqueue.push(...at<ep.PreEnqueuePlugin>('preEnqueue'));
    this.preFilter.push(...at<ep.PreFilterPlugin>('preFilter'));
    this.filter.push(...at<ep.FilterPlugin>('filter'));
    this.postFilter.push(...at<ep.PostFilterPlugin>('postFilter'));
    this.preScore.push(...at<ep.PreScorePlugin>('preScore'));
    this.score.push(...at<ep.ScorePlugin>('score'));
    this.scoreWeights.push(...profile.points.score.map((e) => e.weight));
    this.reserve.push(...at<ep.ReservePlugin>('reserve'));
    this.permit.push(...at<ep.PermitPlugin>('permit'));
    this.preBind.push(...at<ep.PreBindPlugin>('preBind'));
    this.bind.push(...at<ep.BindPlugin>('bind'));
    this.postBind.push(...at<ep.PostBindPlugin>('postBind'));
    this.filterCalls = new Float64Array(this.filter.length);
    this.boundFilter = this.filter.map((p) => p.filter.bind(p));
    const m = costModel;
    this.costs = {
      preFilter: this.preFilter.map((p) => m.plugins[p.name]?.preFilter ?? m.defaults.preFilter),
      preScore: this.preScore.map((p) => m.plugins[p.name]?.preScore ?? m.defaults.preScore),
      filter: this.filter.map((p) => m.plugins[p.name]?.filterPerNode ?? m.defaults.filterPerNode),
      score: this.score.map((p) => m.plugins[p.name]?.scorePerNode ?? m.defaults.scorePerNode),
    };
    this.boundScore = this.score.map((p) => p.score.bind(p));
    this.scoreCalls = new Float64Array(this.score.length);
  }

  /** PreEnqueue plugins in order; the first non-success wins. */
  runPreEnqueue(pod: PodInfo): Result {
    for (const p of this.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (s !== null) return withPlugin(s, p.name);
    }
    return null;
  }

  /** PreFilter plugins: Skip marks the plugin's Filter skipped; node name sets are intersected. */
  runPreFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): { status: Result; nodeNames: ReadonlySet<string> | undefined } {
    let nodeNames: Set<string> | undefined;
    this.preFilterRan = 0;
    for (const p of this.preFilter) {
      this.preFilterRan++;
      const mark = this.profiler?.start() ?? 0;
      const r = p.preFilter(state, pod, nodes);
      this.profiler?.stop(p.name, 'preFilter', mark, 1);
      if (r === null) continue;
      if (r.status !== null) {
        if (r.status.code === Code.Skip) {
          state.skipFilterPlugins.add(p.name);
          continue;
        }
        return { status: withPlugin(r.status, p.name), nodeNames: undefined };
      }
      if (r.nodeNames !== undefined) nodeNames = nodeNames === undefined ? new Set(r.nodeNames) : new Set([...nodeNames].filter((n) => r.nodeNames?.has(n)));
    }
    return { status: null, nodeNames };
  }

  /** PreFilter AddPod extensions of the plugins not skipped (preemption and nominated pods' what-if). */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Result {
    return this.runExtension('addPod', state, pod, added, node);
  }

  /** PreFilter RemovePod extensions of the plugins not skipped. */
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Result {
    return this.runExtension('removePod', state, pod, removed, node);
  }

  private runExtension(which: 'addPod' | 'removePod', state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo): Result {
    for (const p of this.preFilter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const fn = p[which];
      if (fn === undefined) continue;
      const s = fn.call(p, state, pod, other, node);
      if (s !== null) return withPlugin(s, p.name);
    }
    return null;
  }

  /** Filter plugins on one node; the first rejection wins and carries the plugin name. */
  runFilter(state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    if (this.activeFor !== state) this.selectActiveFilters(state);
    const plugins = this.activeFilters;
    const fns = this.activeFilterFns;
    const index = this.activeFilterIndex;
    const calls = this.filterCalls;
    const prof = this.profiler;
    for (let i = 0; i < plugins.length; i++) {
      const p = plugins[i] as ep.FilterPlugin;
      const k = index[i] as number;
      const n = (calls[k] as number) + 1;
      calls[k] = n;
      let s: Result;
      if (prof !== undefined && ++this.profileTick % prof.sampleEvery === 0) {
        const mark = prof.start();
        s = (fns[i] as (st: CycleState, pd: PodInfo, n: NodeInfo) => Result)(state, pod, node);
        prof.stop(p.name, 'filter', mark, prof.sampleEvery);
      } else s = (fns[i] as (st: CycleState, pd: PodInfo, n: NodeInfo) => Result)(state, pod, node);
      if (s !== null) return withPlugin(s, p.name);
    }
    return null;
  }

  /** The Filter plugins not skipped in `state`, cached until another state is filtered. */
  private selectActiveFilters(state: CycleState): void {
    this.activeFor = state;
    this.activeFilters = [];
    this.activeFilterFns = [];
    this.activeFilterIndex = [];
    this.filter.forEach((p, i) => {
      if (state.skipFilterPlugins.has(p.name)) return;
      this.activeFilters.push(p);
      this.activeFilterFns.push(this.boundFilter[i] as (st: CycleState, pd: PodInfo, n: NodeInfo) => Result);
      this.activeFilterIndex.push(i);
    });
  }

  /** PostFilter plugins until one succeeds or nominates a node. */
  runPostFilter(state: CycleState, pod: PodInfo, statuses: ep.NodeToStatus): { status: Result; nominatedNodeName?: string } {
    let last: Result = new Status(Code.Unschedulable, ['no postFilter plugin could help']);
    for (const p of this.postFilter) {
      const r = p.postFilter(state, pod, statuses);
      if (r.status === null || r.nominatedNodeName !== undefined) return r;
      last = withPlugin(r.status, p.name);
    }
    return { status: last };
  }

  /** PreScore plugins; Skip marks the plugin's Score skipped. */
  runPreScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    this.preScoreRan = 0;
    for (const p of this.preScore) {
      this.preScoreRan++;
      const mark = this.profiler?.start() ?? 0;
      const s = p.preScore(state, pod, nodes);
      this.profiler?.stop(p.name, 'preScore', mark, 1);
      if (s === null) continue;
      if (s.code === Code.Skip) {
        state.skipScorePlugins.add(p.name);
        continue;
      }
      return withPlugin(s, p.name);
    }
    return null;
  }

  /** Score, NormalizeScore and weights: the total score per node (same order as `nodes`). */
  runScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Float64Array {
    const totals = new Float64Array(nodes.length);
    for (let i = 0; i < this.score.length; i++) {
      let scores = this.weighted[i];
      if (scores === undefined || scores.length < nodes.length) this.weighted[i] = scores = new Float64Array(Math.max(nodes.length, 2 * (scores?.length ?? 0)));
      scores = scores.subarray(0, nodes.length);
      const p = this.score[i] as ep.ScorePlugin;
      if (state.skipScorePlugins.has(p.name)) {
        scores.fill(NaN);
        continue;
      }
      const mark = this.profiler?.start() ?? 0;
      if (p.scoreNodes !== undefined) p.scoreNodes(state, pod, nodes, scores);
      else {
        const score = this.boundScore[i] as (st: CycleState, pd: PodInfo, n: NodeInfo) => number;
        for (let n = 0; n < nodes.length; n++) scores[n] = score(state, pod, nodes[n] as NodeInfo);
      }
      this.profiler?.stop(p.name, 'score', mark, 1);
      this.scoreCalls[i] = (this.scoreCalls[i] ?? 0) + nodes.length;
      p.normalizeScore?.(state, pod, scores);
      const w = this.scoreWeights[i] ?? 1;
      for (let n = 0; n < nodes.length; n++) {
        const s = scores[n] as number;
        if (!(s >= 0 && s <= MaxNodeScore)) throw new Error(`plugin ${p.name} returned score ${s} outside 0..${MaxNodeScore}`);
        scores[n] = s * w;
        totals[n] = (totals[n] as number) + s * w;
      }
    }
    return totals;
  }

  /** Weighted score of Score plugin `plugin` (index in `score`) on node `node` of the last runScore; NaN if it was skipped. */
  lastWeightedScore(plugin: number, node: number): number {
    return this.weighted[plugin]?.[node] ?? NaN;
  }

  /** Reserve plugins in order; on failure the ones already run are unreserved in reverse. */
  runReserve(state: CycleState, pod: PodInfo, nodeName: string): Result {
    for (let i = 0; i < this.reserve.length; i++) {
      const s = (this.reserve[i] as ep.ReservePlugin).reserve(state, pod, nodeName);
      if (s !== null) {
        this.runUnreserve(state, pod, nodeName);
        return withPlugin(s, (this.reserve[i] as ep.ReservePlugin).name);
      }
    }
    return null;
  }

  /** Unreserve in reverse order. */
  runUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reserve.length - 1; i >= 0; i--) (this.reserve[i] as ep.ReservePlugin).unreserve(state, pod, nodeName);
  }

  /** Permit plugins: a rejection wins; Wait is reported with the longest timeout. */
  runPermit(state: CycleState, pod: PodInfo, nodeName: string): { status: Result; timeout: Micros } {
    let wait: Micros = -1;
    for (const p of this.permit) {
      const r = p.permit(state, pod, nodeName);
      if (r.status === null) continue;
      if (r.status.code === Code.Wait) wait = Math.max(wait, r.timeout);
      else return { status: withPlugin(r.status, p.name), timeout: 0 };
    }
    return wait < 0 ? { status: null, timeout: 0 } : { status: new Status(Code.Wait), timeout: wait };
  }

  /** PreBind plugins; the first failure wins. */
  runPreBind(state: CycleState, pod: PodInfo, nodeName: string): Result {
    for (const p of this.preBind) {
      const s = p.preBind(state, pod, nodeName);
      if (s !== null) return withPlugin(s, p.name);
    }
    return null;
  }

  /** PreBind plugins one after another, waiting for those that work through the API; `done` gets the first failure or null. */
  runPreBindAsync(state: CycleState, pod: PodInfo, nodeName: string, done: (s: Result) => void): void {
    const next = (i: number): void => {
      for (; i < this.preBind.length; i++) {
        const p = this.preBind[i] as ep.PreBindPlugin;
        if (p.preBindAsync !== undefined) {
          p.preBindAsync(state, pod, nodeName, (s) => (s !== null ? done(withPlugin(s, p.name)) : next(i + 1)));
          return;
        }
        const s = p.preBind(state, pod, nodeName);
        if (s !== null) {
          done(withPlugin(s, p.name));
          return;
        }
      }
      done(null);
    };
    next(0);
  }

  /** The first Bind plugin that takes the pod binds it; `done` gets the API outcome. */
  runBind(state: CycleState, pod: PodInfo, nodeName: string, done: (s: Result) => void): void {
    for (const p of this.bind) if (p.bind(state, pod, nodeName, done)) return;
    done(asError('no bind plugin bound the pod'));
  }

  /** PostBind plugins. */
  runPostBind(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const p of this.postBind) p.postBind(state, pod, nodeName);
  }

  /** Virtual cost (ns) of the plugin calls since the last call, per the cost model; resets the counters. */
  takePluginCost(parallelism: number): number {
    let serial = 0;
    let parallel = 0;
    for (let i = 0; i < this.preFilterRan; i++) serial += this.costs.preFilter[i] as number;
    for (let i = 0; i < this.preScoreRan; i++) serial += this.costs.preScore[i] as number;
    for (let i = 0; i < this.filterCalls.length; i++) parallel += (this.filterCalls[i] as number) * (this.costs.filter[i] as number);
    for (let i = 0; i < this.scoreCalls.length; i++) parallel += (this.scoreCalls[i] as number) * (this.costs.score[i] as number);
    this.filterCalls.fill(0);
    this.scoreCalls.fill(0);
    this.preFilterRan = 0;
    this.preScoreRan = 0;
    return serial + parallel / Math.max(1, parallelism);
  }
}

function withPlugin(s: Status, plugin: string): Status {
  if (s.plugin === '') s.plugin = plugin;
  return s;
}
