/**
 * NodeName (PreFilter, Filter), after upstream pkg/scheduler/framework/plugins/nodename/node_name.go.
 * Upstream has only Filter; the PreFilter here narrows the candidates to the named node (and is
 * skipped for pods without `spec.nodeName`), which gives the same outcome without filtering every node.
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreFilterResult } from '../framework/extension-points.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { skip, unresolvable, type Result } from '../framework/status.js';

const NAME = 'NodeName';

/** Upstream nodename.ErrReason. */
export const nodeNameErrReason = "node(s) didn't match the requested node name";

const skipResult: PreFilterResult = { status: skip };

class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;

  preFilter(_state: CycleState, pod: PodInfo): PreFilterResult | null {
    const nodeName = pod.pod.spec.nodeName;
    if (nodeName === undefined || nodeName === '') return skipResult;
    return { status: null, nodeNames: new Set([nodeName]) };
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Result {
    const nodeName = pod.pod.spec.nodeName;
    if (nodeName === undefined || nodeName === '' || nodeName === node.name) return null;
    return unresolvable(nodeNameErrReason);
  }
}

/** NodeName: a pod with `spec.nodeName` fits only that node (UnschedulableAndUnresolvable elsewhere). */
export const nodeNamePlugin: PluginDefinition = {
  name: NAME,
  factory: () => new NodeName(),
};
