/**
 * Finding and ranking preemption candidates, after upstream
 * pkg/scheduler/framework/preemption/preemption.go (findCandidates, DryRunPreemption,
 * pickOneNodeForPreemption) and default_preemption.go (calculateNumCandidates). The dry run is
 * sequential over the nodes (upstream runs it in parallel and cancels once enough candidates are
 * found; with parallelism 1 the two agree). Written for kubesim; no upstream code is copied.
 */
import type { Micros } from '../../engine/simulation.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { NodeToStatus } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { Code, Status } from '../framework/status.js';
import { podPriority, podStartTime, selectVictimsOnNode, type PdbView } from './default-preemption-victims.js';

/** A node where the preemptor fits once `victims` (most important first) are gone. */
export interface Candidate {
  readonly nodeName: string;
  readonly victims: readonly PodInfo[];
  readonly numPDBViolations: number;
}

/** What the dry run found: candidates (non-PDB-violating first), statuses of nodes that cannot help, and internal errors. */
export interface DryRunResult {
  readonly candidates: readonly Candidate[];
  readonly nodeStatuses: ReadonlyMap<string, Status>;
  readonly errors: readonly Status[];
}

// Upstream calculateNumCandidates: numNodes·percentage/100 (integer division), raised to
// `absolute`, capped at numNodes.
/** Upstream calculateNumCandidates: max(numNodes·percentage/100, absolute) capped at numNodes. */
export function calculateNumCandidates(numNodes: number, percentage: number, absolute: number): number {
  let n = Math.trunc((numNodes * percentage) / 100);
  if (n < absolute) n = absolute;
  if (n > numNodes) n = numNodes;
  return n;
}

// Nodes preemption may help on, in snapshot order: those whose filter status is Unschedulable,
// plus those absent from `statuses` (not evaluated). Upstream NodesForStatusCode treats absent
// nodes by the map's AbsentNodesStatus (UnschedulableAndUnresolvable by default), so callers must
// record UnschedulableAndUnresolvable for nodes a PreFilter result excluded.
/** Nodes preemption may help on, in snapshot order: filter status Unschedulable, or absent from `statuses`. */
export function potentialNodes(nodes: readonly NodeInfo[], statuses: NodeToStatus): NodeInfo[] {
  return nodes.filter((n) => {
    const s = statuses.get(n.name);
    return s === undefined || s.code === Code.Unschedulable;
  });
}

/** A bounded list as upstream candidateList: adds past `capacity` are dropped. */
class BoundedList {
  readonly items: Candidate[] = [];
  constructor(private readonly capacity: number) {}
  add(c: Candidate): void {
    if (this.items.length < this.capacity) this.items.push(c);
  }
}

// Upstream DryRunPreemption: visits potentialNodes[(offset+i) % n] in turn, running
// selectVictimsOnNode on a copy of each node and state. Candidates go to a non-violating or a
// violating list (each holding at most `numCandidates`); the walk stops once a non-violating
// candidate exists and the two lists hold at least `numCandidates` together. A node that succeeds
// without victims is an error, as upstream.
/** Upstream DryRunPreemption run sequentially from `offset`, stopping once enough candidates (one non-violating) are found. */
export function dryRunPreemption(
  handle: FrameworkHandle,
  state: CycleState,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  pdbs: readonly PdbView[],
  offset: number,
  numCandidates: number,
  now: Micros,
): DryRunResult {
  const nonViolating = new BoundedList(numCandidates);
  const violating = new BoundedList(numCandidates);
  const nodeStatuses = new Map<string, Status>();
  const errors: Status[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const original = nodes[(offset + i) % nodes.length] as NodeInfo;
    const sel = selectVictimsOnNode(handle, state.clone(), pod, original.snapshotCopy(), pdbs, now);
    if (sel.ok && sel.victims.length > 0) {
      const c: Candidate = { nodeName: original.name, victims: sel.victims, numPDBViolations: sel.numPDBViolations };
      (c.numPDBViolations === 0 ? nonViolating : violating).add(c);
      const nvc = nonViolating.items.length;
      if (nvc > 0 && nvc + violating.items.length >= numCandidates) break;
      continue;
    }
    const status = sel.ok ? new Status(Code.Error, [`expected at least one victim pod on node "${original.name}"`]) : sel.status;
    if (status.code === Code.Error) errors.push(status);
    nodeStatuses.set(original.name, status);
  }
  return { candidates: [...nonViolating.items, ...violating.items], nodeStatuses, errors };
}

/** Upstream GetEarliestPodStartTime: the earliest start among the victims of the highest priority. */
function earliestStartOfTopVictims(victims: readonly PodInfo[], now: Micros): Micros {
  let top = -Infinity;
  let earliest = Infinity;
  for (const v of victims) {
    const p = podPriority(v.pod);
    const t = podStartTime(v.pod, now);
    if (p > top) {
      top = p;
      earliest = t;
    } else if (p === top && t < earliest) {
      earliest = t;
    }
  }
  return earliest;
}

/** Upstream adds MaxInt32+1 to each priority before summing, so that more victims never look cheaper. */
const priorityOffset = 2 ** 31;

// Upstream pickOneNodeForPreemption with the default score functions, each keeping only the
// best-scoring nodes: fewest PDB violations; lowest highest-victim priority; smallest sum of
// (offset) victim priorities; fewest victims; latest earliest-start among the highest-priority
// victims; then the first remaining in `candidates` order (upstream: first of a Go map, i.e. arbitrary).
/** Upstream pickOneNodeForPreemption with its default score functions; undefined when there is no candidate. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: Micros): Candidate | undefined {
  if (candidates.length <= 1) return candidates[0];
  const scores: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0] === undefined ? -Infinity : podPriority(c.victims[0].pod)),
    (c) => -c.victims.reduce((sum, v) => sum + podPriority(v.pod) + priorityOffset, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfTopVictims(c.victims, now),
  ];
  let remaining = candidates;
  for (const score of scores) {
    let best = -Infinity;
    let kept: Candidate[] = [];
    for (const c of remaining) {
      const s = score(c);
      if (s > best) {
        best = s;
        kept = [c];
      } else if (s === best) {
        kept.push(c);
      }
    }
    if (kept.length === 1) return kept[0];
    remaining = kept;
  }
  return remaining[0];
}
