/**
 * One Kubernetes manifest object compiled into what the workload creates through the API:
 * resource.k8s.io/v1 DeviceClass, ResourceSlice, ResourceClaim and ResourceClaimTemplate (schema,
 * CEL selectors that must compile, quantities that must parse, class references) and v1 Pod (as a
 * pod template). Any other kind is accepted and reported as not modelled yet.
 */
import type { NewObject } from '../api/object-store.js';
import { objectKey, type Kind } from '../api/objects.js';
import { parseQuantity } from '../api/quantity.js';
import { compileSelector } from '../dra/cel/device-selector.js';
import type { DeviceSelector, ResourceClaimSpec, ResourceSlice } from '../dra/resource-api.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { compilePodTemplate } from '../scenario/pod-template.js';
import { checkSchema } from '../scenario/schema-check.js';
import { catalogOf, referencePodClaims } from './manifest-catalog.js';
import { resourceKindSchemas } from './manifest-schemas.js';

/** A manifest object ready to create, or a kind that is not modelled. */
export type CompiledManifest = { readonly object: NewObject<Kind>; readonly namespaced: boolean } | { readonly ignored: string };

type Raw = Record<string, unknown>;

function selectors(ctx: CompileContext, path: FieldPath, list: readonly DeviceSelector[] | undefined): void {
  (list ?? []).forEach((s, i) => {
    if (s.cel === undefined) return;
    const c = compileSelector(s.cel.expression);
    if ('error' in c) ctx.problem([...path, i, 'cel', 'expression'], c.error);
  });
}

function quantity(ctx: CompileContext, path: FieldPath, value: unknown): void {
  if (value === undefined) return;
  try {
    parseQuantity(value as string | number);
  } catch (e) {
    ctx.problem(path, (e as Error).message);
  }
}

function claimSpec(ctx: CompileContext, path: FieldPath, spec: ResourceClaimSpec): void {
  const catalog = catalogOf(ctx.root);
  (spec.devices?.requests ?? []).forEach((r, i) => {
    const p = [...path, 'devices', 'requests', i];
    if ((r.exactly === undefined) === (r.firstAvailable === undefined)) ctx.problem(p, 'exactly one of exactly or firstAvailable must be set');
    const alternatives = r.exactly !== undefined ? [{ at: [...p, 'exactly'], e: r.exactly }] : (r.firstAvailable ?? []).map((e, j) => ({ at: [...p, 'firstAvailable', j], e }));
    for (const { at, e } of alternatives) {
      selectors(ctx, [...at, 'selectors'], e.selectors);
      for (const [name, q] of Object.entries(e.capacity?.requests ?? {})) quantity(ctx, [...at, 'capacity', 'requests', name], q);
      if (e.allocationMode === 'All' && e.count !== undefined) ctx.problem([...at, 'count'], 'must not be set when allocationMode is All');
      catalog.reference('DeviceClass', e.deviceClassName, (m) => ctx.source.problem([...at, 'deviceClassName'], m));
    }
  });
}

function slice(ctx: CompileContext, path: FieldPath, spec: ResourceSlice['spec']): void {
  (spec.devices ?? []).forEach((d, i) => {
    for (const [name, c] of Object.entries(d.capacity ?? {})) {
      const p = [...path, 'devices', i, 'capacity', name];
      quantity(ctx, [...p, 'value'], c.value);
      quantity(ctx, [...p, 'requestPolicy', 'default'], c.requestPolicy?.default);
    }
    (d.consumesCounters ?? []).forEach((cc, j) => {
      for (const [name, v] of Object.entries(cc.counters)) quantity(ctx, [...path, 'devices', i, 'consumesCounters', j, 'counters', name, 'value'], v.value);
    });
  });
  (spec.sharedCounters ?? []).forEach((cs, i) => {
    for (const [name, v] of Object.entries(cs.counters)) quantity(ctx, [...path, 'sharedCounters', i, 'counters', name, 'value'], v.value);
  });
}

/** Compiles manifest `raw` found at `path`; namespaced objects default to `namespace`. Records problems and returns undefined when invalid. */
export function compileManifest(ctx: CompileContext, path: FieldPath, raw: unknown, namespace: string): CompiledManifest | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    ctx.problem(path, 'a manifest must be a mapping with apiVersion, kind and metadata');
    return undefined;
  }
  const r = raw as Raw;
  const kind = String(r['kind'] ?? '');
  const apiVersion = String(r['apiVersion'] ?? '');
  if (kind === '' || apiVersion === '') {
    ctx.problem(path, 'apiVersion and kind are required');
    return undefined;
  }
  const before = ctx.problems.length;
  if (apiVersion === 'v1' && kind === 'Pod') return pod(ctx, path, r, namespace);
  const schema = apiVersion === 'resource.k8s.io/v1' ? resourceKindSchemas[kind] : undefined;
  if (schema === undefined) {
    if (apiVersion.startsWith('resource.k8s.io/')) ctx.problem([...path, 'apiVersion'], `${apiVersion} ${kind} is not supported (use resource.k8s.io/v1 DeviceClass, ResourceSlice, ResourceClaim or ResourceClaimTemplate)`);
    return ctx.problems.length > before ? undefined : { ignored: `${apiVersion} ${kind}` };
  }
  const meta = (r['metadata'] ?? {}) as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  const catalog = catalogOf(ctx.root);
  const namespaced = kind === 'ResourceClaim' || kind === 'ResourceClaimTemplate';
  const ns = meta.namespace ?? namespace;
  // Declared even when invalid, so its own problems are not repeated at every reference.
  if (typeof meta.name === 'string' && kind !== 'ResourceSlice') catalog.declare(kind as 'DeviceClass' | 'ResourceClaim' | 'ResourceClaimTemplate', namespaced ? objectKey({ name: meta.name, namespace: ns }) : meta.name);
  if (!checkSchema(ctx, schema, r, path)) return undefined;
  const spec = r['spec'] as Raw;
  switch (kind) {
    case 'DeviceClass':
      selectors(ctx, [...path, 'spec', 'selectors'], spec['selectors'] as DeviceSelector[] | undefined);
      break;
    case 'ResourceClaim':
      claimSpec(ctx, [...path, 'spec'], spec as ResourceClaimSpec);
      break;
    case 'ResourceClaimTemplate':
      claimSpec(ctx, [...path, 'spec', 'spec'], spec['spec'] as ResourceClaimSpec);
      break;
    case 'ResourceSlice':
      slice(ctx, [...path, 'spec'], spec as ResourceSlice['spec']);
      break;
  }
  if (ctx.problems.length > before) return undefined;
  const metadata = {
    name: meta.name,
    ...(namespaced ? { namespace: ns } : {}),
    ...(meta.labels === undefined ? {} : { labels: meta.labels }),
    ...(meta.annotations === undefined ? {} : { annotations: meta.annotations }),
  };
  const status = kind === 'ResourceClaim' ? { status: {} } : {};
  return { object: { kind, metadata, spec, ...status } as unknown as NewObject<Kind>, namespaced };
}

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
