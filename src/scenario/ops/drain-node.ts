/**
 * One node's `kubectl drain` (staging/src/k8s.io/kubectl/pkg/drain/drain.go and cordon.go), as a
 * process: cordon (PATCH spec.unschedulable), list the node's pods (a LIST), filter them as
 * GetPodsForDeletion does — DaemonSet-owned and mirror pods are skipped (--ignore-daemonsets),
 * a pod without a controller that has not finished stops the drain unless `force` — then evict
 * every pod at once (POST pods/eviction; a 429 is retried after 5 s, kubectl's wait; a pod
 * already gone is done; any other error stops the drain), or with `disableEviction` DELETE them,
 * and poll each pod every second (a GET) until it is gone or replaced by a pod of another uid
 * (waitForDelete). `timeout` (0: none) bounds the whole node, as kubectl's --timeout.
 */
import type { Pod } from '../../api/objects.js';
import { controllerOf } from '../../controllers/informer.js';
import type { ApiRequest, ApiResponse } from '../../controlplane/apiserver/request.js';
import type { RestClient } from '../../controlplane/rest-client.js';
import { Signal, spawn, type Wait } from '../../engine/process.js';
import type { Micros } from '../../engine/simulation.js';
import type { ObjectStore } from '../../api/object-store.js';
import type { Simulation } from '../../engine/simulation.js';

/** What a drain reads: the clock and the cluster's objects (for the pods a LIST returns). */
export interface DrainEnvironment {
  readonly sim: Simulation;
  readonly store: ObjectStore;
}

/** What a drain does to each node. */
export interface DrainOptions {
  /** µs; 0 means no limit. */
  readonly timeout: Micros;
  /** DeleteOptions.gracePeriodSeconds; unset: each pod's terminationGracePeriodSeconds. */
  readonly gracePeriodSeconds?: number;
  readonly force: boolean;
  readonly disableEviction: boolean;
}

/** How one node's drain ended. */
export interface NodeDrainResult {
  readonly ok: boolean;
  readonly message: string;
  /** Eviction answers by HTTP code. */
  readonly evictionCodes: ReadonlyMap<number, number>;
}

/** kubectl's wait between a refused eviction (429) and the next try (drain.go, 5 s). */
export const evictionRetryWait: Micros = 5_000_000;
/** kubectl's poll interval while waiting for an evicted pod to be gone (waitForDelete, 1 s). */
export const deletePollInterval: Micros = 1_000_000;

const mirrorAnnotation = 'kubernetes.io/config.mirror';

/** Sends `req` and gives a signal fired with the answer. */
function call(run: DrainEnvironment, client: RestClient, req: ApiRequest): Signal<ApiResponse> {
  const s = new Signal<ApiResponse>(run.sim);
  client.send(req, (r) => s.fire(r));
  return s;
}

/** GetPodsForDeletion's filters: the pods to evict, or the reason the drain cannot go on. */
export function podsForDeletion(pods: readonly Pod[], force: boolean): { pods: Pod[] } | { error: string } {
  const out: Pod[] = [];
  const unreplicated: string[] = [];
  for (const pod of pods) {
    const owner = controllerOf(pod.metadata);
    if (owner?.kind === 'DaemonSet' || pod.metadata.annotations?.[mirrorAnnotation] !== undefined) continue;
    const finished = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    if (owner === undefined && !finished && !force) unreplicated.push(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`);
    out.push(pod);
  }
  if (unreplicated.length > 0) return { error: `cannot delete Pods that declare no controller (use --force to override): ${unreplicated.join(', ')}` };
  return { pods: out };
}

/** Drains node `name` with `client` as `user` (in `groups`); the process ends with the result in `result`. */
export function* drainNode(
  run: DrainEnvironment, client: RestClient, user: string, name: string, options: DrainOptions, result: (r: NodeDrainResult) => void, groups: readonly string[] = [],
): Generator<Wait, void, unknown> {
  const sim = run.sim;
  const deadline = options.timeout > 0 ? sim.now + options.timeout : Infinity;
  const codes = new Map<number, number>();
  const finish = (ok: boolean, message: string): void => result({ ok, message, evictionCodes: codes });
  const cordon = (yield call(run, client, { verb: 'PATCH', kind: 'Node', name, body: { spec: { unschedulable: true } }, user, groups })) as ApiResponse;
  if (cordon.code >= 300) return finish(false, `cordon failed with ${cordon.code}: ${cordon.message ?? ''}`);
  const listed = (yield call(run, client, { verb: 'LIST', kind: 'Pod', user, groups })) as ApiResponse;
  if (listed.code >= 300) return finish(false, `listing the node's pods failed with ${listed.code}`);
  const selected = podsForDeletion(run.store.list('Pod').filter((p) => p.spec.nodeName === name), options.force);
  if ('error' in selected) return finish(false, selected.error);
  if (selected.pods.length === 0) return finish(true, '');
  const done = new Signal<void>(sim);
  let left = selected.pods.length;
  let failure: string | undefined;
  const podDone = (error?: string): void => {
    if (error !== undefined && failure === undefined) failure = error;
    if (--left === 0) done.fire();
  };
  const grace = options.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: options.gracePeriodSeconds };
  for (const pod of selected.pods) {
    const ns = pod.metadata.namespace ?? 'default';
    const podName = pod.metadata.name;
    spawn(sim, function* () {
      // Evict (or delete) until the apiserver accepts it.
      for (;;) {
        const req: ApiRequest = options.disableEviction
          ? { verb: 'DELETE', kind: 'Pod', namespace: ns, name: podName, user, groups, ...grace }
          : { verb: 'POST', kind: 'Pod', subresource: 'eviction', namespace: ns, name: podName, user, groups, ...grace };
        const r = (yield call(run, client, req)) as ApiResponse;
        if (!options.disableEviction) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        if (r.code === 404) return podDone();
        if (r.code < 300) break;
        if (r.code !== 429) return podDone(`error when evicting pods/"${podName}" -n "${ns}": ${r.code} ${r.message ?? ''}`);
        if (sim.now + evictionRetryWait > deadline) return podDone(`drain did not complete within ${options.timeout / 1e6}s`);
        yield evictionRetryWait;
      }
      // waitForDelete: gone, or replaced by a pod of the same name and another uid.
      for (;;) {
        if (sim.now + deletePollInterval > deadline) return podDone(`drain did not complete within ${options.timeout / 1e6}s`);
        yield deletePollInterval;
        const r = (yield call(run, client, { verb: 'GET', kind: 'Pod', namespace: ns, name: podName, user, groups })) as ApiResponse;
        if (r.code === 404 || (r.object !== undefined && r.object.metadata.uid !== pod.metadata.uid)) return podDone();
      }
    });
  }
  yield done;
  finish(failure === undefined, failure ?? '');
}
