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

/** What a run keeps per pod until its explanations are written: the scores' plugin names are shared, their values packed. */
interface AttemptRecord {
  readonly pod: string;
  readonly result: 'scheduled' | 'unschedulable';
  readonly node: string;
  readonly runnerUp: string;
  readonly nodes: number;
  readonly evaluated: number;
  readonly feasible: number;
  readonly rejected: Readonly<Record<string, number>>;
  /** Score plugin names, one array shared by every record with the same plugins. */
  readonly scorePlugins: readonly string[];
  /** Per plugin of `scorePlugins`: the weighted score on the chosen node, then on the runner-up. */
  readonly scores: readonly number[];
  readonly message: string;
}

const noRejections: Readonly<Record<string, number>> = Object.freeze({});
const noScores: readonly number[] = Object.freeze([]);
const noPlugins: readonly string[] = Object.freeze([]);

function rejectedByPlugin(statuses: ReadonlyMap<string, Status>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses.values()) out[s.plugin] = (out[s.plugin] ?? 0) + 1;
  return out;
}

/** Collects explanations for all pods of a run. */
export class AttemptRecorder {
  /** Records by pod, in the order pods were first attempted. */
  private readonly records = new Map<string, AttemptRecord>();
  /** Shared score plugin name lists, by the names joined. */
  private readonly pluginLists = new Map<string, readonly string[]>();

  /** The last attempt of every pod, in the order pods were first attempted. */
  explanations(): Explanation[] {
    return [...this.records.values()].map(explanation);
  }

  /** Records a successful placement; `scored` says whether the framework ran Score this attempt. */
  chosen(fwk: Framework, scored: boolean, pod: string, nodes: number, statuses: ReadonlyMap<string, Status>, node: string, index: number, runnerUp: number, feasible: readonly NodeInfo[]): void {
    let scorePlugins = noPlugins;
    let scores = noScores;
    if (scored) {
      const names: string[] = [];
      const values: number[] = [];
      fwk.score.forEach((p, i) => {
        const chosen = fwk.lastWeightedScore(i, index);
        if (Number.isNaN(chosen)) return;
        names.push(p.name);
        values.push(chosen, runnerUp < 0 ? 0 : fwk.lastWeightedScore(i, runnerUp));
      });
      scorePlugins = this.pluginList(names);
      scores = values.slice(); // exactly sized: the pushes left room to spare
    }
    this.records.set(pod, {
      pod,
      result: 'scheduled',
      node,
      runnerUp: runnerUp < 0 ? '' : (feasible[runnerUp]?.name ?? ''),
      nodes,
      evaluated: statuses.size + feasible.length,
      feasible: feasible.length,
      rejected: statuses.size === 0 ? noRejections : rejectedByPlugin(statuses),
      scorePlugins,
      scores,
      message: '',
    });
  }

  /** Records a failed attempt with upstream's FitError message. */
  rejected(pod: string, nodes: number, statuses: ReadonlyMap<string, Status>, preFilter: Status | null, message: string): void {
    const rejected = rejectedByPlugin(statuses);
    if (preFilter !== null) rejected[preFilter.plugin] = nodes;
    this.records.set(pod, { pod, result: 'unschedulable', node: '', runnerUp: '', nodes, evaluated: statuses.size, feasible: 0, rejected, scorePlugins: noPlugins, scores: noScores, message });
  }

  private pluginList(names: string[]): readonly string[] {
    const key = names.join('\n');
    let list = this.pluginLists.get(key);
    if (list === undefined) this.pluginLists.set(key, (list = names));
    return list;
  }
}

/** The explanation of one record. */
function explanation(r: AttemptRecord): Explanation {
  const scores: Record<string, readonly [number, number]> = {};
  r.scorePlugins.forEach((name, i) => {
    scores[name] = [r.scores[2 * i] as number, r.scores[2 * i + 1] as number];
  });
  return { pod: r.pod, result: r.result, node: r.node, runnerUp: r.runnerUp, nodes: r.nodes, evaluated: r.evaluated, feasible: r.feasible, rejected: { ...r.rejected }, scores, message: r.message };
}
