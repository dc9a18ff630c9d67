/**
 * DefaultBinder (Bind), after upstream pkg/scheduler/framework/plugins/defaultbinder/default_binder.go:
 * POSTs the pod's `binding` subresource as the scheduler.
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { BindPlugin } from '../framework/extension-points.js';
import type { FrameworkHandle } from '../framework/handle.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { PluginDefinition } from '../framework/registry.js';
import { asError, type Result } from '../framework/status.js';

const NAME = 'DefaultBinder';

/** The user the scheduler's API requests run as. */
export const schedulerUser = 'system:kube-scheduler';

class DefaultBinder implements BindPlugin {
  readonly name = NAME;

  constructor(private readonly handle: FrameworkHandle) {}

  bind(_state: CycleState, pod: PodInfo, nodeName: string, done: (status: Result) => void): boolean {
    const meta = pod.pod.metadata;
    this.handle.send(
      {
        verb: 'POST', kind: 'Pod', subresource: 'binding', name: meta.name,
        ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
        nodeName, user: schedulerUser,
      },
      (response) => {
        if (response.code === 201) done(null);
        else done(asError(response.message ?? `binding pod ${pod.key} to node ${nodeName} failed with code ${response.code}`));
      },
    );
    return true;
  }
}

/** DefaultBinder: binds through the API (`pods/binding` POST); 201 is success, anything else an Error status. */
export const defaultBinderPlugin: PluginDefinition = {
  name: NAME,
  factory: (_args, handle) => new DefaultBinder(handle),
};
