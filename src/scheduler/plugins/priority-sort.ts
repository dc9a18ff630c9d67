/** PrioritySort (QueueSort), after upstream pkg/scheduler/framework/plugins/queuesort/priority_sort.go. */
import type { QueueSortPlugin } from '../framework/extension-points.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';

const NAME = 'PrioritySort';

class PrioritySort implements QueueSortPlugin {
  readonly name = NAME;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = a.podInfo.pod.spec.priority;
    const p2 = b.podInfo.pod.spec.priority;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}

/** PrioritySort: higher `spec.priority` first, then the earlier queue timestamp. */
export const prioritySortPlugin: PluginDefinition = {
  name: NAME,
  factory: () => new PrioritySort(),
};
