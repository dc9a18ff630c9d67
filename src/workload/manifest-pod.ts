/** v1 Pod manifests: compiled as a pod template (every PodSpec field), named by `metadata.name`, with their claim references recorded. */
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { compilePodTemplate } from '../scenario/pod-template.js';
import { catalogOf, referencePodClaims } from './manifest-catalog.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';

type Raw = Record<string, unknown>;

function pod(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  const allowed = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  for (const k of Object.keys(r)) if (!allowed.has(k)) ctx.problem([...path, k], 'unknown field');
  const meta = (r['metadata'] ?? {}) as { name?: string; namespace?: string };
  if (meta.name === undefined) ctx.problem([...path, 'metadata', 'name'], 'required field is missing');
  const factory = compilePodTemplate(ctx, path, { metadata: r['metadata'], spec: r['spec'] }, 'pod');
  if (factory === undefined || meta.name === undefined) return undefined;
  const ns = meta.namespace ?? namespace;
  const made = factory.make(0, ns);
  referencePodClaims(catalogOf(ctx.root), ctx, [...path, 'spec', 'resourceClaims'], made.spec.resourceClaims, ns);
  return { object: { ...made, metadata: { ...made.metadata, name: meta.name } }, namespaced: true };
}

/** The v1 Pod kind. */
export const podManifestKind: ManifestKind = { apiVersion: 'v1', kind: 'Pod', compile: pod };
