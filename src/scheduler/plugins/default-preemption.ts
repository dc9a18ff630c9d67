/**
 * DefaultPreemption PostFilter plugin, after upstream
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (PostFilter,
 * PodEligibleToPreemptOthers, args) and pkg/scheduler/framework/preemption/preemption.go
 * (Evaluator.Preempt, prepareCandidate, FitError message). Written for kubesim; no upstream code
 * is copied.
 *
 * Flow of one call: eligibility (preemptionPolicy) → potential nodes (Unschedulable or absent in
 * the filter statuses) → dry run from a random offset until enough candidates → best candidate →
 * DELETE each victim through the API → Unschedulable status naming the nominated node (the caller
 * records the nomination and requeues the pod; upstream returns Success + nomination, and the
 * scheduling cycle then fails the pod as Unschedulable all the same).
 *
 * Simplifications (documented, deliberate):
 * - The "terminating victims on the nominated node" eligibility check is skipped (kubesim pods have
 *   no deletionTimestamp); so are the DisruptionTarget status PATCH before each DELETE, waiting-pod
 *   (Permit) victims, extenders, PDB status.disruptedPods and clearing lower-priority nominations
 *   (the handle has no pod nominator).
 * - Victim deletion is fire-and-forget (like upstream async preemption, minus the PreEnqueue gate).
 * - Metrics are the caller's: the victims count is the `victims: N` reason of the returned status
 *   (see `preemptionVictimCount`).
 */
import type { PodInfo } from '../framework/pod-info.js';
import type { NodeToStatus, PostFilterPlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { CycleState } from '../framework/cycle-state.js';
import { PluginArgsError, type PluginDefinition } from '../framework/registry.js';
import { Code, Status, type Result } from '../framework/status.js';
import { calculateNumCandidates, dryRunPreemption, pickOneNodeForPreemption, potentialNodes, type Candidate, type DryRunResult } from './default-preemption-candidates.js';

/** The plugin's name in profiles and the registry. */
export const DefaultPreemptionName = 'DefaultPreemption';

/** Upstream DefaultPreemptionArgs (kube-scheduler config v1). */
export interface DefaultPreemptionArgs {
  /** Minimum share (0–100) of potential nodes to dry-run before stopping. Default 10. */
  readonly minCandidateNodesPercentage: number;
  /** Minimum number of candidates to look for (≥ 0; not 0 together with the percentage). Default 100. */
  readonly minCandidateNodesAbsolute: number;
}

/** Upstream SetDefaults_DefaultPreemptionArgs. */
export const defaultPreemptionArgsDefaults: DefaultPreemptionArgs = { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 };

/** Reason prefix of the status reason carrying the number of victims of a successful preemption. */
export const victimsReasonPrefix = 'victims: ';

/** Reason counted for nodes the dry run did not consider (upstream SetAbsentNodesStatus message). */
export const notHelpfulMessage = 'Preemption is not helpful for scheduling';

const knownArgs = new Set(['minCandidateNodesPercentage', 'minCandidateNodesAbsolute', 'kind', 'apiVersion']);

function intArg(args: Readonly<Record<string, unknown>>, key: keyof DefaultPreemptionArgs): number {
  const v = args[key];
  if (v === undefined) return defaultPreemptionArgsDefaults[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new PluginArgsError([key], `${key} must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

/** Defaults and validates args as upstream ValidateDefaultPreemptionArgs; throws PluginArgsError. */
export function parseDefaultPreemptionArgs(args: Readonly<Record<string, unknown>>): DefaultPreemptionArgs {
  for (const k of Object.keys(args)) if (!knownArgs.has(k)) throw new PluginArgsError([k], `unknown field "${k}" in DefaultPreemptionArgs`);
  const pct = intArg(args, 'minCandidateNodesPercentage');
  const abs = intArg(args, 'minCandidateNodesAbsolute');
  if (pct < 0 || pct > 100) throw new PluginArgsError(['minCandidateNodesPercentage'], `minCandidateNodesPercentage: Invalid value: ${pct}: not in valid range [0, 100]`);
  if (abs < 0) throw new PluginArgsError(['minCandidateNodesAbsolute'], `minCandidateNodesAbsolute: Invalid value: ${abs}: not in valid range [0, inf)`);
  if (pct === 0 && abs === 0) {
    throw new PluginArgsError(['minCandidateNodesPercentage'], 'minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute');
  }
  return { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs };
}

// Upstream FitError.Error() over the dry run's statuses: "0/N nodes are available: <count> <reason>, ….",
// counting every node absent from `nodeStatuses` under "Preemption is not helpful for scheduling";
// the histogram is sorted as strings.
/** Upstream FitError.Error() over the dry-run statuses: "0/N nodes are available: <count> <reason>, …." */
export function preemptionFitErrorMessage(numAllNodes: number, nodeStatuses: ReadonlyMap<string, Status>): string {
  const counts = new Map<string, number>();
  for (const s of nodeStatuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const absent = numAllNodes - nodeStatuses.size;
  if (absent > 0) counts.set(notHelpfulMessage, (counts.get(notHelpfulMessage) ?? 0) + absent);
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
  let msg = `0/${numAllNodes} nodes are available:`;
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  return msg;
}

/** The victims count carried by a status this plugin returned after preempting, or undefined. */
export function preemptionVictimCount(status: Result): number | undefined {
  if (status === null) return undefined;
  for (const r of status.reasons) if (r.startsWith(victimsReasonPrefix)) return Number(r.slice(victimsReasonPrefix.length));
  return undefined;
}

/** The PostFilter plugin with its parsed args (exposed for tests and the profile builder). */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = DefaultPreemptionName;

  constructor(readonly args: DefaultPreemptionArgs, private readonly handle: FrameworkHandle) {}

  /** Upstream GetOffsetAndNumCandidates: a random offset from the handle's stream and calculateNumCandidates. */
  offsetAndNumCandidates(numNodes: number): { offset: number; numCandidates: number } {
    return {
      offset: this.handle.rng.int(numNodes),
      numCandidates: calculateNumCandidates(numNodes, this.args.minCandidateNodesPercentage, this.args.minCandidateNodesAbsolute),
    };
  }

  /** Upstream PostFilter → Evaluator.Preempt; see the module comment for the returned statuses. */
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): { readonly status: Result; readonly nominatedNodeName?: string } {
    // 1) Eligibility (upstream PodEligibleToPreemptOthers, minus the terminating-victims check).
    if (pod.pod.spec.preemptionPolicy === 'Never') return { status: this.fail(Code.Unschedulable, 'not eligible due to preemptionPolicy=Never.') };

    // 2) Candidates (upstream findCandidates + DryRunPreemption).
    const allNodes = this.handle.snapshot.nodeInfoList;
    if (allNodes.length === 0) return { status: this.fail(Code.Error, 'no nodes available') };
    const now = this.handle.now();
    const potential = potentialNodes(allNodes, statuses);
    let result: DryRunResult = { candidates: [], nodeStatuses: new Map(), errors: [] };
    if (potential.length > 0) {
      const { offset, numCandidates } = this.offsetAndNumCandidates(potential.length);
      result = dryRunPreemption(this.handle, state, pod, potential, this.handle.podDisruptionBudgets(), offset, numCandidates, now);
    }
    if (result.candidates.length === 0) {
      // Upstream returns the aggregated dry-run errors when no candidate was found.
      if (result.errors.length > 0) return { status: this.fail(Code.Error, result.errors.map((e) => e.message()).join(', ')) };
      return { status: this.fail(Code.Unschedulable, preemptionFitErrorMessage(allNodes.length, result.nodeStatuses)) };
    }

    // 3) Best candidate (upstream SelectCandidate / pickOneNodeForPreemption).
    const best = pickOneNodeForPreemption(result.candidates, now) as Candidate;

    // 4) Evict the victims (upstream prepareCandidate / PreemptPod's DELETE).
    this.deleteVictims(best.victims);
    const n = best.victims.length;
    return {
      status: new Status(Code.Unschedulable, [`preemption: nominated node ${best.nodeName} after preempting ${n} pod(s)`, `${victimsReasonPrefix}${n}`], this.name),
      nominatedNodeName: best.nodeName,
    };
  }

  private deleteVictims(victims: readonly PodInfo[]): void {
    for (const v of victims) {
      const { name, namespace } = v.pod.metadata;
      // Responses are not awaited: a 404 means the victim is already gone, other failures leave
      // the preemptor to retry in a later cycle (upstream async preemption re-activates it).
      this.handle.send({ verb: 'DELETE', kind: 'Pod', name, ...(namespace === undefined ? {} : { namespace }), user: 'system:kube-scheduler' }, () => {});
    }
  }

  private fail(code: typeof Code.Unschedulable | typeof Code.Error, message: string): Status {
    return new Status(code, [`preemption: ${message}`], this.name);
  }
}

/** Registry entry: name 'DefaultPreemption', factory validating DefaultPreemptionArgs. */
export const defaultPreemptionPlugin: PluginDefinition = {
  name: DefaultPreemptionName,
  factory: (args, handle) => new DefaultPreemption(parseDefaultPreemptionArgs(args), handle),
};
