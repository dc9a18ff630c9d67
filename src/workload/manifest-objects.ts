/**
 * One Kubernetes manifest object compiled into what the workload creates through the API. The
 * modelled kinds are listed here (resource.k8s.io/v1 DRA kinds, v1 Pod, apps/v1 Deployment, ReplicaSet, StatefulSet and DaemonSet, autoscaling/v2 HorizontalPodAutoscaler, policy/v1 PodDisruptionBudget, scheduling.k8s.io/v1 PriorityClass, batch/v1 Job; a new kind adds its
 * module and one entry); any other kind is accepted and reported as not modelled yet.
 */
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { appsManifestKinds } from './manifest-apps.js';
import { batchManifestKinds } from './manifest-batch.js';
import { draManifestKinds } from './manifest-dra.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';
import { podManifestKind } from './manifest-pod.js';
import { policyManifestKinds } from './manifest-policy.js';
import { schedulingManifestKinds } from './manifest-scheduling.js';
import { daemonSetManifestKind } from './manifest-daemonset.js';
import { hpaManifestKind } from './manifest-autoscaling.js';

/** Re-exported: what compiling a manifest gives. */
export type { CompiledManifest } from './manifest-kind.js';

const modelled: ReadonlyMap<string, ManifestKind> = new Map([podManifestKind, ...draManifestKinds, ...appsManifestKinds, ...policyManifestKinds, ...schedulingManifestKinds,
  ...batchManifestKinds,
  daemonSetManifestKind,
  hpaManifestKind,
].map((k) => [`${k.apiVersion} ${k.kind}`, k]));

/** Compiles manifest `raw` found at `path`; namespaced objects default to `namespace`. Records problems and returns undefined when invalid. */
export function compileManifest(ctx: CompileContext, path: FieldPath, raw: unknown, namespace: string): CompiledManifest | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problem(path, 'a manifest must be a mapping with apiVersion, kind and metadata');
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const kind = String(r['kind'] ?? '');
  const apiVersion = String(r['apiVersion'] ?? '');
  if (kind === '' || apiVersion === '') {
    ctx.problem(path, 'apiVersion and kind are required');
    return undefined;
  }
  const known = modelled.get(`${apiVersion} ${kind}`);
  if (known !== undefined) return known.compile(ctx, path, r, namespace);
  if (apiVersion.startsWith('resource.k8s.io/')) {
    ctx.problem([...path, 'apiVersion'], `${apiVersion} ${kind} is not supported (use resource.k8s.io/v1 DeviceClass, ResourceSlice, ResourceClaim or ResourceClaimTemplate)`);
    return undefined;
  }
  if ((apiVersion.startsWith('apps/') && apiVersion !== 'apps/v1') || apiVersion.startsWith('extensions/')) {
    // kubectl: the server has no such version, so the object cannot be mapped to a resource.
    ctx.problem([...path, 'apiVersion'], `no matches for kind "${kind}" in version "${apiVersion}" (Deployment and ReplicaSet are served as apps/v1)`);
    return undefined;
  }
  if ((apiVersion.startsWith('policy/') && apiVersion !== 'policy/v1') || (apiVersion.startsWith('scheduling.k8s.io/') && apiVersion !== 'scheduling.k8s.io/v1')) {
    ctx.problem([...path, 'apiVersion'], `no matches for kind "${kind}" in version "${apiVersion}" (PodDisruptionBudget is served as policy/v1, PriorityClass as scheduling.k8s.io/v1)`);
    return undefined;
  }
  if (apiVersion.startsWith('batch/') && kind === 'Job') {
    ctx.problem([...path, 'apiVersion'], `no matches for kind "${kind}" in version "${apiVersion}" (Job is served as batch/v1)`);
    return undefined;
  }
  return { ignored: `${apiVersion} ${kind}` };
}
