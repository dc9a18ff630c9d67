/** SchedulingGates (PreEnqueue), after upstream pkg/scheduler/framework/plugins/schedulinggates/scheduling_gates.go. */
import type { PreEnqueuePlugin } from '../framework/extension-points.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { unresolvable, type Result } from '../framework/status.js';

const NAME = 'SchedulingGates';

class SchedulingGates implements PreEnqueuePlugin {
  readonly name = NAME;

  preEnqueue(pod: PodInfo): Result {
    const gates = pod.pod.spec.schedulingGates;
    if (gates === undefined || gates.length === 0) return null;
    // Go's %v of a []string: "[a b]".
    return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }
}

/** SchedulingGates: holds a pod out of the activeQ (UnschedulableAndUnresolvable) while `spec.schedulingGates` is non-empty. */
export const schedulingGatesPlugin: PluginDefinition = {
  name: NAME,
  factory: () => new SchedulingGates(),
};
