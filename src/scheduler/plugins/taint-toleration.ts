/**
 * TaintToleration (Filter, PreScore, Score, NormalizeScore), after upstream
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go and the toleration matching of
 * k8s.io/api core/v1 toleration.go (ToleratesTaint).
 */
import type { Taint, Toleration } from '../../api/objects.js';
import { tolerationsTolerateTaint } from '../../api/toleration.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/extension-points.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { MaxNodeScore, unresolvable, type Result } from '../framework/status.js';

const NAME = 'TaintToleration';

/** Toleration matching lives in src/api/toleration.ts; re-exported for the plugins that import it from here. */
export { toleratesTaint, tolerationsTolerateTaint } from '../../api/toleration.js';

/** Upstream helper.DefaultNormalizeScore: scales scores to 0..maxPriority by the maximum (integer division); `reverse` subtracts from maxPriority. */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > max) max = scores[i] as number;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((maxPriority * (scores[i] as number)) / max);
    scores[i] = reverse ? maxPriority - s : s;
  }
}

const noTolerations: readonly Toleration[] = [];

/** The pod's tolerations with effect PreferNoSchedule or empty (upstream getAllTolerationPreferNoSchedule). */
function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): readonly Toleration[] {
  if (tolerations === undefined || tolerations.length === 0) return noTolerations;
  return tolerations.filter((t) => t.effect === undefined || (t.effect as string) === '' || t.effect === 'PreferNoSchedule');
}

class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    const taints = node.taints;
    if (taints === undefined) return null;
    const tolerations = pod.pod.spec.tolerations;
    for (let i = 0; i < taints.length; i++) {
      const taint = taints[i] as Taint;
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerationsTolerateTaint(tolerations, taint)) {
        return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      }
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    state.write(NAME, preferNoScheduleTolerations(pod.pod.spec.tolerations));
    return null;
  }

  /** Batch Score: `score` for every node, in this plugin's own loop. */
  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const taints = node.taints;
    if (taints === undefined) return 0;
    const tolerations = state.read<readonly Toleration[]>(NAME) ?? preferNoScheduleTolerations(pod.pod.spec.tolerations);
    let count = 0;
    for (let i = 0; i < taints.length; i++) {
      const taint = taints[i] as Taint;
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) count++;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array): void {
    defaultNormalizeScore(MaxNodeScore, true, scores);
  }
}

/** TaintToleration: NoSchedule/NoExecute taints must be tolerated; fewer untolerated PreferNoSchedule taints score higher. */
export const taintTolerationPlugin: PluginDefinition = {
  name: NAME,
  factory: () => new TaintToleration(),
};
