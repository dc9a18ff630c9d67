/**
 * NodeUnschedulable (Filter), after upstream
 * pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go: nodes with
 * `spec.unschedulable` are rejected unless the pod tolerates the unschedulable NoSchedule taint.
 */
import type { Taint } from '../../api/objects.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin } from '../framework/extension-points.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { unresolvable, type Result } from '../framework/status.js';
import { tolerationsTolerateTaint } from './taint-toleration.js';

const NAME = 'NodeUnschedulable';

/** The taint a pod must tolerate to land on a cordoned node (v1.TaintNodeUnschedulable, NoSchedule). */
export const unschedulableTaint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

class NodeUnschedulable implements FilterPlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    if (!node.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec.tolerations, unschedulableTaint)) return null;
    return unresolvable('node(s) were unschedulable');
  }
}

/** NodeUnschedulable: rejects cordoned nodes (UnschedulableAndUnresolvable) unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule. */
export const nodeUnschedulablePlugin: PluginDefinition = {
  name: NAME,
  factory: () => new NodeUnschedulable(),
};
