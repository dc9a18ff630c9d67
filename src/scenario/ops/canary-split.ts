/**
 * The traffic a replica-weighted canary gets: of the Ready pods a Service selecting `selector`
 * would send requests to, the share that carries `track: canary`. Kept up to date from a watch on
 * pods and written as the sampled gauge `kubesim_canary_traffic_share{service}` (0 to 1), with
 * `kubesim_canary_ready_pods` and `kubesim_stable_ready_pods` beside it.
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import type { LabelSelector, Pod } from '../../api/objects.js';
import { objectKey } from '../../api/objects.js';
import { isPodActive, isPodReady } from '../../controllers/pod-readiness.js';
import type { RunContext } from '../run-context.js';

/** The label that tells canary pods from stable ones (the Kubernetes docs' canary pattern). */
export const trackLabel = 'track';

/** Starts measuring the split of the pods `selector` matches in `namespace`, labelled `service`. */
export function measureCanarySplit(run: RunContext, namespace: string, selector: LabelSelector, service: string): void {
  const share = run.metrics.gauge('kubesim_canary_traffic_share', { service }, true);
  const canaryReady = run.metrics.gauge('kubesim_canary_ready_pods', { service }, true);
  const stableReady = run.metrics.gauge('kubesim_stable_ready_pods', { service }, true);
  const ready = new Map<string, boolean>();
  let canary = 0;
  let stable = 0;
  const update = (key: string, pod: Pod | undefined): void => {
    const was = ready.get(key);
    if (was !== undefined) {
      if (was) canary--;
      else stable--;
      ready.delete(key);
    }
    if (pod === undefined || (pod.metadata.namespace ?? 'default') !== namespace || !isPodActive(pod) || !isPodReady(pod)) return;
    if (!matchesLabelSelector(selector, pod.metadata.labels ?? {})) return;
    const isCanary = pod.metadata.labels?.[trackLabel] === 'canary';
    ready.set(key, isCanary);
    if (isCanary) canary++;
    else stable++;
  };
  const publish = (): void => {
    canaryReady.set(canary);
    stableReady.set(stable);
    share.set(canary + stable === 0 ? 0 : canary / (canary + stable));
  };
  for (const pod of run.cluster.store.list('Pod')) update(objectKey(pod.metadata), pod);
  publish();
  run.cluster.store.watch('Pod', (e) => {
    update(objectKey(e.object.metadata), e.type === 'DELETED' ? undefined : e.object);
    publish();
  });
}
