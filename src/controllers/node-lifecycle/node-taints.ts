/**
 * The taints the node lifecycle controller manages and how it changes them through the API, as
 * SwapNodeControllerTaint, AddOrUpdateTaintOnNode and RemoveTaintOffNode do (pkg/controller/util/node
 * and pkg/controller/controller_utils.go): a PUT of the node with the new taints at the
 * resourceVersion it read; on a conflict it GETs the node and tries again (UpdateTaintBackoff, 5 steps).
 */
import type { Node, Taint } from '../../api/objects.js';
import { taintNodeNotReady, taintNodeUnreachable } from '../../controlplane/apiserver/admission/default-toleration-seconds.js';
import type { RestClient } from '../../controlplane/rest-client.js';

/** NoExecute taint of a node whose Ready condition is Unknown (UnreachableTaintTemplate). */
export const unreachableNoExecute: Taint = { key: taintNodeUnreachable, effect: 'NoExecute' };
/** NoExecute taint of a node whose Ready condition is False (NotReadyTaintTemplate). */
export const notReadyNoExecute: Taint = { key: taintNodeNotReady, effect: 'NoExecute' };

/** Node condition → status → NoSchedule taint key (nodeConditionToTaintKeyStatusMap; taint-nodes-by-condition). */
export const conditionTaintKeys: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: taintNodeNotReady, Unknown: taintNodeUnreachable },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
/** Taint of a node with `spec.unschedulable` (TaintNodeUnschedulable). */
export const unschedulableTaintKey = 'node.kubernetes.io/unschedulable';

/** The user the node lifecycle controller's requests run as. */
export const nodeControllerUser = 'system:serviceaccount:kube-system:node-controller';

/** Retries of a taint update after a conflict (UpdateTaintBackoff: 5 steps). */
const taintUpdateSteps = 5;

/** Taints are the same when key and effect match (taint.MatchTaint). */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** True when the node has a taint with `taint`'s key and effect. */
export function hasTaint(node: Node, taint: Taint): boolean {
  return (node.spec.taints ?? []).some((t) => sameTaint(t, taint));
}

/** `taints` with `remove` taken out and `add` put in (an existing taint of the same key and effect kept). */
function swapped(taints: readonly Taint[], add: readonly Taint[], remove: readonly Taint[]): Taint[] {
  const out = taints.filter((t) => !remove.some((r) => sameTaint(r, t)));
  for (const a of add) if (!out.some((t) => sameTaint(t, a))) out.push(a);
  return out;
}

/**
 * Adds `add` and removes `remove` on `node` through `client`; `done(ok)` after the write (at once,
 * with true, when nothing changes). `node` is the informer's copy; retries read the node from the API.
 */
export function swapNodeTaints(client: RestClient, node: Node, add: readonly Taint[], remove: readonly Taint[], done: (ok: boolean) => void, step = 0): void {
  const current = node.spec.taints ?? [];
  const next = swapped(current, add, remove);
  if (next.length === current.length && next.every((t) => current.some((c) => c === t))) {
    done(true);
    return;
  }
  const name = node.metadata.name;
  const { taints: _old, ...rest } = node.spec;
  const spec = next.length > 0 ? { ...rest, taints: next } : rest;
  client.send({ verb: 'PUT', kind: 'Node', name, body: { ...node, spec }, user: nodeControllerUser }, (r) => {
    if (r.code < 300) return done(true);
    if (r.code !== 409 || step + 1 >= taintUpdateSteps) return done(false);
    client.send({ verb: 'GET', kind: 'Node', name, user: nodeControllerUser }, (g) => {
      if (g.code !== 200 || g.object?.kind !== 'Node') return done(false);
      swapNodeTaints(client, g.object, add, remove, done, step + 1);
    });
  });
}
