/**
 * Records why each pod went where it went, without touching any plugin: from the framework's
 * filter statuses (how many nodes each Filter plugin rejected) and a Score hook (each plugin's
 * weighted score on the chosen node and on the runner-up). `kubesim explain` reads it back.
 */
import type { NodeInfo } from './framework/node-info.js';
import type { Framework } from './framework/runtime.js';
import type { Status } from './framework/status.js';

/** The last scheduling attempt of one pod. */
export interface Explanation {
  readonly pod: string;
  readonly result: 'scheduled' | 'unschedulable';
  readonly node: string;
  readonly runnerUp: string;
  readonly nodes: number;
  readonly evaluated: number;
  readonly feasible: number;
  /** Nodes rejected per Filter (or PreFilter) plugin. */
  readonly rejected: Readonly<Record<string, number>>;
  /** Per Score plugin: [weighted score on the chosen node, on the runner-up]. */
  readonly scores: Readonly<Record<string, readonly [number, number]>>;
  readonly message: string;
}

function rejectedByPlugin(statuses: ReadonlyMap<string, Status>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses.values()) out[s.plugin] = (out[s.plugin] ?? 0) + 1;
  return out;
}

/** Collects explanations for all pods of a run. */
export class AttemptRecorder {
  readonly explanations = new Map<string, Explanation>();

  /** Records a successful placement; `scored` says whether the framework ran Score this attempt. */
  chosen(fwk: Framework, scored: boolean, pod: string, nodes: number, statuses: ReadonlyMap<string, Status>, node: string, index: number, runnerUp: number, feasible: readonly NodeInfo[]): void {
    const scores: Record<string, [number, number]> = {};
    if (scored) {
      fwk.score.forEach((p, i) => {
        const chosen = fwk.lastWeightedScore(i, index);
        if (Number.isNaN(chosen)) return;
        scores[p.name] = [chosen, runnerUp < 0 ? 0 : fwk.lastWeightedScore(i, runnerUp)];
      });
    }
    this.explanations.set(pod, {
      pod,
      result: 'scheduled',
      node,
      runnerUp: runnerUp < 0 ? '' : (feasible[runnerUp]?.name ?? ''),
      nodes,
      evaluated: statuses.size + feasible.length,
      feasible: feasible.length,
      rejected: rejectedByPlugin(statuses),
      scores,
      message: '',
    });
  }

  /** Records a failed attempt with upstream's FitError message. */
  rejected(pod: string, nodes: number, statuses: ReadonlyMap<string, Status>, preFilter: Status | null, message: string): void {
    const rejected = rejectedByPlugin(statuses);
    if (preFilter !== null) rejected[preFilter.plugin] = nodes;
    this.explanations.set(pod, { pod, result: 'unschedulable', node: '', runnerUp: '', nodes, evaluated: statuses.size, feasible: 0, rejected, scores: {}, message });
  }
}
