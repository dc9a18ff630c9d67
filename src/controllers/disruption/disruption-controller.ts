/**
 * kube-controller-manager's disruption controller (pkg/controller/disruption/disruption.go): for
 * each PodDisruptionBudget it finds the pods its selector matches in its namespace (an empty
 * selector matches them all), the expected count and desiredHealthy (expected-scale.ts), the pods
 * counted healthy — Ready, not being deleted, and not recorded in status.disruptedPods by the
 * eviction API less than DeletionTimeout (2 min) ago — and writes status.currentHealthy,
 * desiredHealthy, expectedPods, disruptionsAllowed (currentHealthy − desiredHealthy, 0 when
 * negative or nothing is expected), the disruptedPods still pending, observedGeneration and the
 * DisruptionAllowed condition, with a status update that carries the resourceVersion it read (a
 * stale one gets 409 and the budget is synced again, rate-limited). A sync that cannot find a
 * pod's controller writes the fail-safe status (no disruption allowed, reason SyncFailed). A
 * disruptedPods entry is looked at again when its DeletionTimeout ends. One worker, as upstream.
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import { objectKey, setCondition, type Condition, type Pod } from '../../api/objects.js';
import { disruptionAllowedCondition, type PodDisruptionBudget } from '../../api/policy.js';
import type { Micros } from '../../engine/simulation.js';
import { canonicalJson } from '../../api/canonical-json.js';
import type { ControllerContext } from '../controller-context.js';
import type { Informer } from '../informer.js';
import { isPodReady } from '../pod-readiness.js';
import { WorkQueue, type SyncOutcome } from '../work-queue.js';
import { expectedPodCount, type ScaleListers } from './expected-scale.js';

/** DeletionTimeout: how long an eviction's record keeps a pod from counting as healthy (disruption.go, 2 minutes). */
export const deletionTimeout: Micros = 120_000_000;
/** The user of its requests. */
export const disruptionControllerUser = 'system:serviceaccount:kube-system:disruption-controller';

type Status = PodDisruptionBudget['status'];

/** Keeps each PodDisruptionBudget's status in line with its pods. */
export class DisruptionController {
  readonly queue: WorkQueue;
  private readonly pdbs: Informer<'PodDisruptionBudget'>;
  private readonly pods: Informer<'Pod'>;
  private readonly listers: ScaleListers;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, 1, (key, done) => this.sync(key, done));
    this.pdbs = ctx.informers.informerFor('PodDisruptionBudget');
    this.pods = ctx.informers.informerFor('Pod');
    this.listers = {
      replicaSets: ctx.informers.informerFor('ReplicaSet'),
      deployments: ctx.informers.informerFor('Deployment'),
      statefulSets: ctx.informers.informerFor('StatefulSet'),
    };
    const enqueue = (pdb: PodDisruptionBudget): void => this.queue.add(objectKey(pdb.metadata));
    this.pdbs.addEventHandler({ onAdd: enqueue, onUpdate: (_old, pdb) => enqueue(pdb), onDelete: enqueue });
    const podChanged = (pod: Pod): void => {
      for (const pdb of this.budgetsOf(pod)) enqueue(pdb);
    };
    this.pods.addEventHandler({ onAdd: podChanged, onUpdate: (_old, pod) => podChanged(pod), onDelete: podChanged });
  }

  /** The budgets whose selector matches `pod` (getPdbForPod). */
  private budgetsOf(pod: Pod): PodDisruptionBudget[] {
    const ns = pod.metadata.namespace ?? 'default';
    return this.pdbs.list().filter((pdb) => (pdb.metadata.namespace ?? 'default') === ns && matchesLabelSelector(pdb.spec.selector ?? {}, pod.metadata.labels ?? {}));
  }

  /** getPodsForPdb: the pods of the budget's namespace its selector matches. */
  private podsFor(pdb: PodDisruptionBudget): Pod[] {
    const ns = pdb.metadata.namespace ?? 'default';
    const selector = pdb.spec.selector ?? {};
    return this.pods.list().filter((p) => (p.metadata.namespace ?? 'default') === ns && matchesLabelSelector(selector, p.metadata.labels ?? {}));
  }

  private sync(key: string, done: (outcome: SyncOutcome) => void): void {
    const pdb = this.pdbs.get(key);
    if (pdb === undefined) {
      done('ok');
      return;
    }
    const now = this.ctx.sim.now;
    const pods = this.podsFor(pdb);
    const expected = expectedPodCount(pdb, pods, this.listers);
    if ('error' in expected) {
      this.failSafe(pdb, expected.error, done);
      return;
    }
    const { disrupted, recheck } = pendingDisruptions(pods, pdb, now);
    const currentHealthy = countHealthy(pods, disrupted, now);
    let allowed = currentHealthy - expected.desiredHealthy;
    if (expected.expectedCount <= 0 || allowed <= 0) allowed = 0;
    const status: Status = {
      ...pdb.status,
      currentHealthy,
      desiredHealthy: expected.desiredHealthy,
      expectedPods: expected.expectedCount,
      disruptionsAllowed: allowed,
      disruptedPods: disrupted,
      observedGeneration: pdb.metadata.generation ?? 1,
      conditions: allowedCondition(pdb.status.conditions ?? [], allowed > 0 ? 'True' : 'False', allowed > 0 ? 'SufficientPods' : 'InsufficientPods', now),
    };
    if (recheck !== undefined) this.queue.addAfter(key, recheck - now);
    this.write(pdb, status, done);
  }

  /** failSafe: no disruption allowed, condition False with reason SyncFailed. */
  private failSafe(pdb: PodDisruptionBudget, _error: string, done: (outcome: SyncOutcome) => void): void {
    const now = this.ctx.sim.now;
    const status: Status = {
      ...pdb.status,
      disruptionsAllowed: 0,
      observedGeneration: pdb.metadata.generation ?? 1,
      conditions: allowedCondition(pdb.status.conditions ?? [], 'False', 'SyncFailed', now),
    };
    // The sync failed: it is retried rate-limited, as upstream returns the error after writing.
    this.write(pdb, status, (outcome) => done(outcome === 'ok' ? 'error' : outcome));
  }

  /** Writes `status` unless it is what the budget already says; a conflict or failure is an error outcome. */
  private write(pdb: PodDisruptionBudget, status: Status, done: (outcome: SyncOutcome) => void): void {
    if (canonicalJson(status) === canonicalJson(pdb.status)) {
      done('ok');
      return;
    }
    const namespace = pdb.metadata.namespace ?? 'default';
    this.ctx.client.send({ verb: 'PUT', kind: 'PodDisruptionBudget', subresource: 'status', namespace, name: pdb.metadata.name, body: { ...pdb, status }, user: this.ctx.user }, (r) => done(r.code < 300 ? 'ok' : 'error'));
  }
}

/** The DisruptionAllowed condition set to `status`, keeping its transition time when unchanged (UpdateDisruptionAllowedCondition). */
function allowedCondition(conditions: readonly Condition[], status: 'True' | 'False', reason: string, now: Micros): Condition[] {
  const old = conditions.find((c) => c.type === disruptionAllowedCondition);
  if (old !== undefined && old.status === status && old.reason === reason) return [...conditions];
  return setCondition(conditions, { type: disruptionAllowedCondition, status, reason, lastTransitionTime: old?.status === status ? old.lastTransitionTime : now });
}

/** buildDisruptedPodMap: the recorded evictions of pods not yet being deleted whose DeletionTimeout has not passed, and when the first of them ends. */
export function pendingDisruptions(pods: readonly Pod[], pdb: PodDisruptionBudget, now: Micros): { disrupted: Record<string, number>; recheck: Micros | undefined } {
  const recorded = pdb.status.disruptedPods ?? {};
  const disrupted: Record<string, number> = {};
  let recheck: Micros | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const at = recorded[pod.metadata.name];
    if (at === undefined) continue;
    const expectedDeletion = at + deletionTimeout;
    // Reached: the pod was expected to be deleted and was not (upstream's NotDeleted event); it counts again.
    if (expectedDeletion <= now) continue;
    if (recheck === undefined || expectedDeletion < recheck) recheck = expectedDeletion;
    disrupted[pod.metadata.name] = at;
  }
  return { disrupted, recheck };
}

/** countHealthyPods: Ready pods neither being deleted nor recorded as disrupted within DeletionTimeout. */
export function countHealthy(pods: readonly Pod[], disrupted: Readonly<Record<string, number>>, now: Micros): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const at = disrupted[pod.metadata.name];
    if (at !== undefined && at + deletionTimeout > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}
