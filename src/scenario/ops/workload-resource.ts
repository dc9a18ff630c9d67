/**
 * What the kubectl-like workload ops share: the `resource` they act on, written as kubectl takes
 * it (`deployment/web`, `replicaset/web-abc`, `statefulset/db`, `daemonset/agent`, `job/work`, also `deploy/`, `rs/`, `sts/` and `ds/`), and one request to the
 * API as the workload's user, waited for.
 */
import type { Kind } from '../../api/objects.js';
import type { ApiRequest, ApiResponse } from '../../controlplane/apiserver/request.js';
import { Signal, type Wait } from '../../engine/process.js';
import type { CompileContext } from '../compile-context.js';
import type { FieldPath } from '../input-error.js';
import type { RunContext } from '../run-context.js';
import { workloadGroups, workloadUser } from './create-pods.js';

/** A named object of a workload kind. */
export interface WorkloadResource {
  readonly kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'Job' | 'DaemonSet';
  readonly name: string;
  readonly namespace: string;
}

const kinds: Readonly<Record<string, WorkloadResource['kind']>> = {
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment', 'deployment.apps': 'Deployment',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet', 'replicaset.apps': 'ReplicaSet',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet', 'statefulset.apps': 'StatefulSet',
  job: 'Job', jobs: 'Job', 'job.batch': 'Job',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet', 'daemonset.apps': 'DaemonSet',
};

/** Schema properties every such op takes. */
export const resourceProperties = { resource: { type: 'string', minLength: 1 }, namespace: { type: 'string' } } as const;

/** The apps/v1 kinds: what `scale` and `setImage` take (a Job's template is immutable). */
export const appsKinds: readonly WorkloadResource['kind'][] = ['Deployment', 'ReplicaSet', 'StatefulSet'];

/** Parses `raw.resource` (at `path`); `only` restricts the kinds (as `kubectl rollout` takes no ReplicaSets). Records problems. */
export function compileResource(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown>, only?: WorkloadResource['kind'] | readonly WorkloadResource['kind'][]): WorkloadResource | undefined {
  const text = String(raw['resource']);
  const m = /^([a-z.]+)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text);
  const kind = m === null ? undefined : kinds[m[1] as string];
  if (m === null || kind === undefined) {
    ctx.problem([...path, 'resource'], `expected TYPE/NAME with TYPE deployment, replicaset, statefulset, daemonset or job (e.g. deployment/web), got "${text}"`);
    return undefined;
  }
  const allowed = only === undefined ? undefined : typeof only === 'string' ? [only] : only;
  if (allowed !== undefined && !allowed.includes(kind)) {
    const names = allowed.map((k) => `${k.toLowerCase()}s`);
    const list = names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
    ctx.problem([...path, 'resource'], `only ${list} are supported here, got "${text}"`);
    return undefined;
  }
  return { kind, name: m[2] as string, namespace: (raw['namespace'] as string | undefined) ?? 'default' };
}

/** Sends one request for `r` as the workload's user and waits for its answer (the generator's return value). */
export function* request(run: RunContext, r: WorkloadResource, req: { verb: ApiRequest['verb']; body?: unknown; kind?: Kind }): Generator<Wait, ApiResponse, unknown> {
  const answered = new Signal<ApiResponse>(run.sim);
  const kind = req.kind ?? r.kind;
  const list = req.verb === 'LIST';
  run.workloadClient.send({ verb: req.verb, kind, namespace: r.namespace, ...(list ? {} : { name: r.name }), ...(req.body === undefined ? {} : { body: req.body }), user: workloadUser, groups: workloadGroups }, (resp) => answered.fire(resp));
  return (yield answered) as ApiResponse;
}

/** Warns about a failed answer; true when it succeeded. */
export function succeeded(run: RunContext, op: string, index: number, r: WorkloadResource, resp: ApiResponse): boolean {
  if (resp.code < 300) return true;
  run.warn(`${op} workload[${index}]: ${r.kind.toLowerCase()}/${r.name} failed with ${resp.code}: ${resp.message ?? ''}`);
  return false;
}
