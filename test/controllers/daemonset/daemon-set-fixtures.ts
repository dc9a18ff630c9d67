/** DaemonSet and Node objects for the DaemonSet controller tests. */
import type { DaemonSet, DaemonSetUpdateStrategy } from '../../../src/api/apps.js';
import type { NewObject } from '../../../src/api/object-store.js';
import type { Pod, Taint } from '../../../src/api/objects.js';
import type { Harness } from '../controller-harness.js';

/** A node `name` with `labels` and `taints`. */
export function nodeObject(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): NewObject<'Node'> {
  return { kind: 'Node', metadata: { name, labels }, spec: { taints }, status: { capacity: { cpu: 8000, pods: 110 }, allocatable: { cpu: 8000, pods: 110 }, conditions: [] } };
}

/** A DaemonSet `name` of image `image` with the given strategy and pod spec additions. */
export function daemonSetObject(name: string, image: string, updateStrategy: DaemonSetUpdateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, minReadySeconds = 0, spec: Partial<Pod['spec']> = {}): NewObject<'DaemonSet'> {
  return {
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { schedulerName: 'default-scheduler', priority: 0, containers: [{ name: 'agent', image, resources: { requests: {}, limits: {} } }], ...spec } },
      updateStrategy,
      minReadySeconds,
      revisionHistoryLimit: 10,
    },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 },
  };
}

/** Starts the DaemonSet controller and creates `ds` in the harness's store at generation 1. */
export function createDaemonSet(h: Harness, ds: NewObject<'DaemonSet'>): void {
  h.manager.startDaemonSetController();
  h.store.create({ ...ds, metadata: { ...ds.metadata, generation: 1 } });
}

/** The DaemonSet `default/name`. */
export function daemonSet(h: Harness, name: string): DaemonSet {
  const ds = h.store.get('DaemonSet', `default/${name}`);
  if (ds === undefined) throw new Error(`no daemonset ${name}`);
  return ds;
}
