/**
 * scheduling.k8s.io/v1 PriorityClass manifests, validated as pkg/apis/scheduling/validation
 * does: a user's class may not exceed 1000000000, and the `system-` prefix is reserved for the
 * built-in classes; preemptionPolicy defaults to PreemptLowerPriority and globalDefault to false.
 * The classes are recorded for the workload-wide checks of priority-class-catalog.ts (one global
 * default, pods naming a class that exists).
 */
import type { NewObject } from '../api/object-store.js';
import { highestUserDefinablePriority, systemPriorityClasses } from '../api/scheduling.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { checkSchema } from '../scenario/schema-check.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';
import { manifestMetadata } from './manifest-schemas.js';
import { priorityClassCatalogOf } from './priority-class-catalog.js';

type Raw = Record<string, unknown>;

const priorityClassSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metadata', 'value'],
  properties: {
    apiVersion: {}, kind: {}, metadata: manifestMetadata,
    value: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
    globalDefault: { type: 'boolean' },
    description: { type: 'string' },
    preemptionPolicy: { enum: ['PreemptLowerPriority', 'Never'] },
  },
};

function priorityClass(ctx: CompileContext, path: FieldPath, r: Raw): CompiledManifest | undefined {
  if (!checkSchema(ctx, priorityClassSchema, r, path)) return undefined;
  const name = (r['metadata'] as { name: string }).name;
  const value = r['value'] as number;
  const globalDefault = (r['globalDefault'] as boolean | undefined) ?? false;
  const before = ctx.problems.length;
  if (name.startsWith('system-')) {
    const known = systemPriorityClasses.get(name);
    const why = known === undefined ? `${name} is not a known system priority class` : `${name} is a known system priority class; it exists in every cluster`;
    ctx.problem([...path, 'metadata', 'name'], `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`);
  } else if (value > highestUserDefinablePriority) {
    ctx.problem([...path, 'value'], `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`);
  }
  // Declared even when invalid, so pods naming it report only the class's own problem.
  priorityClassCatalogOf(ctx.root).declare(name, value, globalDefault, (m) => ctx.source.problem([...path, 'globalDefault'], m));
  if (ctx.problems.length > before) return undefined;
  const description = r['description'] as string | undefined;
  const object: NewObject<'PriorityClass'> = {
    kind: 'PriorityClass',
    metadata: { name },
    spec: {
      value, globalDefault,
      preemptionPolicy: (r['preemptionPolicy'] as 'PreemptLowerPriority' | 'Never' | undefined) ?? 'PreemptLowerPriority',
      ...(description === undefined ? {} : { description }),
    },
  };
  return { object, namespaced: false };
}

/** The scheduling.k8s.io/v1 kind: PriorityClass. */
export const schedulingManifestKinds: readonly ManifestKind[] = [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', compile: (ctx, path, r) => priorityClass(ctx, path, r) }];
