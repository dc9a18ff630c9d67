/**
 * The algorithmic core of one scheduling attempt (upstream schedule_one.go): how many feasible
 * nodes to look for, the filter pass starting where the previous attempt stopped, scoring, and
 * host selection with ties broken from the seeded stream.
 */
import type { RandomStream } from '../engine/rng.js';
import type { CycleState } from './framework/cycle-state.js';
import type { NodeInfo } from './framework/node-info.js';
import type { PodInfo } from './framework/pod-info.js';
import type { Framework } from './framework/runtime.js';
import { Code, Status } from './framework/status.js';

/** Below this many nodes every node is evaluated (minFeasibleNodesToFind). */
export const minFeasibleNodesToFind = 100;
/** The adaptive percentage never drops below this (minFeasibleNodesPercentageToFind). */
export const minFeasibleNodesPercentageToFind = 5;

/**
 * How many feasible nodes to find before scoring (upstream numFeasibleNodesToFind; REFERENCE.md):
 * all when N < 100 or pct >= 100; pct 0 means adaptive 50 − N/125 (at least 5 %); at least 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind || percentageOfNodesToScore >= 100) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < minFeasibleNodesPercentageToFind) pct = minFeasibleNodesPercentageToFind;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}

/** Outcome of the filter pass. */
export interface FilterOutcome {
  readonly feasible: NodeInfo[];
  /** Rejection per evaluated node that did not fit. */
  readonly statuses: Map<string, Status>;
  /** Nodes evaluated (feasible + rejected), to advance nextStartNodeIndex. */
  readonly processed: number;
  /** A PreFilter rejection (no node was evaluated). */
  readonly preFilterStatus: Status | null;
}

/** Runs PreFilter, then Filter over `nodes` from `start` until `numToFind` feasible nodes are found. */
export function findNodesThatFitPod(
  fwk: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], start: number, numToFind: number,
  nominated: string | undefined = pod.pod.status.nominatedNodeName,
  filter?: (state: CycleState, pod: PodInfo, node: NodeInfo) => Status | null,
): FilterOutcome {
  const statuses = new Map<string, Status>();
  const pre = fwk.runPreFilter(state, pod, nodes);
  if (pre.status !== null) {
    // Upstream: a PreFilter rejection applies to every node (preemption then sees why each was rejected).
    for (const n of nodes) statuses.set(n.name, pre.status);
    return { feasible: [], statuses, processed: 0, preFilterStatus: pre.status };
  }
  let candidates = nodes;
  let offset = start;
  if (pre.nodeNames !== undefined) {
    candidates = nodes.filter((n) => pre.nodeNames?.has(n.name));
    offset = 0;
    const excluded = new Status(Code.UnschedulableAndUnresolvable, ['node(s) didn\'t satisfy plugin(s) PreFilter result']);
    for (const n of nodes) if (!pre.nodeNames.has(n.name)) statuses.set(n.name, excluded);
  }
  // Upstream evaluateNominatedNode: a pod nominated by an earlier preemption tries that node first.
  if (nominated !== undefined && pre.nodeNames === undefined) {
    const ni = nodes.find((n) => n.name === nominated);
    if (ni !== undefined && (filter === undefined ? fwk.runFilter(state, pod, ni) : filter(state, pod, ni)) === null) return { feasible: [ni], statuses, processed: 0, preFilterStatus: null };
  }
  const n = candidates.length;
  // Sized once: growing it node by node allocated several times its final size per attempt.
  const feasible = new Array<NodeInfo>(Math.min(n, numToFind));
  let found = 0;
  let processed = 0;
  for (; processed < n && found < numToFind; processed++) {
    const ni = candidates[(offset + processed) % n] as NodeInfo;
    const s = filter === undefined ? fwk.runFilter(state, pod, ni) : filter(state, pod, ni);
    if (s === null) feasible[found++] = ni;
    else statuses.set(ni.name, s);
  }
  feasible.length = found;
  return { feasible, statuses, processed: pre.nodeNames === undefined ? processed : 0, preFilterStatus: null };
}

/** The chosen node and the runner-up (for explanations). */
export interface HostChoice {
  readonly node: NodeInfo;
  readonly index: number;
  readonly runnerUp: number;
}

/** Picks the highest total; ties are broken uniformly by reservoir sampling on `rng` (upstream selectHost). */
export function selectHost(nodes: readonly NodeInfo[], totals: Float64Array, rng: RandomStream): HostChoice {
  let best = 0;
  let bestScore = -Infinity;
  let ties = 0;
  for (let i = 0; i < nodes.length; i++) {
    const s = totals[i] as number;
    if (s > bestScore) {
      bestScore = s;
      best = i;
      ties = 1;
    } else if (s === bestScore) {
      ties++;
      if (rng.int(ties) === 0) best = i;
    }
  }
  let runnerUp = -1;
  for (let i = 0; i < nodes.length; i++) {
    if (i === best) continue;
    if (runnerUp < 0 || (totals[i] as number) > (totals[runnerUp] as number)) runnerUp = i;
  }
  return { node: nodes[best] as NodeInfo, index: best, runnerUp };
}

/** Upstream's FitError message: `0/N nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint ...`. */
export function fitErrorMessage(numAllNodes: number, statuses: ReadonlyMap<string, Status>, preFilter: Status | null): string {
  if (preFilter !== null) return `0/${numAllNodes} nodes are available: ${preFilter.message()}.`;
  if (statuses.size === 0) return `0/${numAllNodes} nodes are available.`;
  const counts = new Map<string, number>();
  for (const s of statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts.entries()].map(([r, c]) => `${c} ${r}`).sort();
  return `0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
}

/** The plugins that rejected the pod, for queueing hints. */
export function rejectorPlugins(statuses: ReadonlyMap<string, Status>, preFilter: Status | null): Set<string> {
  const out = new Set<string>();
  if (preFilter !== null && preFilter.plugin !== '') out.add(preFilter.plugin);
  for (const s of statuses.values()) if (s.plugin !== '' && s.code !== Code.Error) out.add(s.plugin);
  return out;
}
