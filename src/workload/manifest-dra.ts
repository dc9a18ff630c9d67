/**
 * Manifests of the resource.k8s.io/v1 kinds: DeviceClass, ResourceSlice, ResourceClaim and
 * ResourceClaimTemplate — schema (manifest-schemas.ts), CEL selectors that must compile,
 * quantities that must parse, and the class references checked once the workload has compiled.
 */
import { objectKey, type Kind } from '../api/objects.js';
import type { NewObject } from '../api/object-store.js';
import { parseQuantity } from '../api/quantity.js';
import { compileSelector } from '../dra/cel/device-selector.js';
import type { DeviceSelector, ResourceClaimSpec, ResourceSlice } from '../dra/resource-api.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { checkSchema } from '../scenario/schema-check.js';
import { catalogOf } from './manifest-catalog.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';
import { resourceKindSchemas } from './manifest-schemas.js';

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

function compileResource(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string, kind: string): CompiledManifest | undefined {
  const before = ctx.problems.length;
  const schema = resourceKindSchemas[kind] as object;
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

/** The resource.k8s.io/v1 kinds kubesim models. */
export const draManifestKinds: readonly ManifestKind[] = Object.keys(resourceKindSchemas).map((kind) => ({
  apiVersion: 'resource.k8s.io/v1',
  kind,
  compile: (ctx, path, raw, namespace) => compileResource(ctx, path, raw, namespace, kind),
}));
