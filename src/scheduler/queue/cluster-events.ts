/**
 * Which cluster events may make an unschedulable pod schedulable, by the plugins that rejected it.
 * Upstream each plugin declares its events (EnqueueExtensions.EventsToRegister) and the queue
 * skips a pod when none of its UnschedulablePlugins registered the event (podMatchesEvent in
 * pkg/scheduler/internal/queue/scheduling_queue.go, pre-QueueingHint). kubesim uses a fixed table.
 */

/** A cluster change the scheduler reacts to by moving unschedulable pods (upstream framework.ClusterEvent labels). */
export type ClusterEvent = 'NodeAdd' | 'NodeUpdate' | 'PodDelete' | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'UnscheduledPodUpdate'
  | 'ResourceClaimChange' | 'ResourceSliceChange' | 'DeviceClassChange';

/** Every ClusterEvent. */
export const allClusterEvents: readonly ClusterEvent[] = [
  'NodeAdd', 'NodeUpdate', 'PodDelete', 'AssignedPodAdd', 'AssignedPodUpdate', 'UnscheduledPodUpdate', 'ResourceClaimChange', 'ResourceSliceChange', 'DeviceClassChange',
];

const nodeEvents: readonly ClusterEvent[] = ['NodeAdd', 'NodeUpdate'];
const podEvents: readonly ClusterEvent[] = ['PodDelete', 'AssignedPodAdd', 'AssignedPodUpdate', 'UnscheduledPodUpdate'];

/** The events each in-tree plugin cares about; a plugin not listed cares about every event. */
export const pluginEvents: ReadonlyMap<string, ReadonlySet<ClusterEvent>> = new Map<string, ReadonlySet<ClusterEvent>>([
  ['NodeResourcesFit', new Set<ClusterEvent>([...nodeEvents, 'PodDelete'])],
  ['TaintToleration', new Set(nodeEvents)],
  ['NodeAffinity', new Set(nodeEvents)],
  ['NodeUnschedulable', new Set(nodeEvents)],
  ['NodePorts', new Set<ClusterEvent>(['PodDelete', 'NodeAdd'])],
  ['InterPodAffinity', new Set([...podEvents, ...nodeEvents])],
  ['PodTopologySpread', new Set([...podEvents, ...nodeEvents])],
  ['DynamicResources', new Set<ClusterEvent>(['NodeAdd', 'PodDelete', 'ResourceClaimChange', 'ResourceSliceChange', 'DeviceClassChange'])],
]);

/** True when `event` may help a pod rejected by `plugins` (always true when no plugin is recorded, as upstream). */
export function eventMayHelp(plugins: ReadonlySet<string>, event: ClusterEvent): boolean {
  if (plugins.size === 0) return true;
  for (const p of plugins) {
    const events = pluginEvents.get(p);
    if (events === undefined || events.has(event)) return true;
  }
  return false;
}
