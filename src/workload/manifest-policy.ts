/**
 * policy/v1 PodDisruptionBudget manifests, checked as the apiserver validates them
 * (pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec, with its messages):
 * minAvailable and maxUnavailable are mutually exclusive, each a non-negative integer or a
 * percentage of at most 100 %; unhealthyPodEvictionPolicy is IfHealthyBudget or AlwaysAllow. An
 * empty selector is valid in policy/v1 (the controller then counts every pod of the namespace).
 * policy/v1beta1 is no longer served.
 */
import type { IntOrString } from '../api/apps.js';
import type { NewObject } from '../api/object-store.js';
import type { LabelSelector } from '../api/objects.js';
import type { UnhealthyPodEvictionPolicy } from '../api/policy.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { checkSchema } from '../scenario/schema-check.js';
import { intOrPercentProblem } from './int-or-percent.js';
import { labelSelectorSchema } from './manifest-apps.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';
import { manifestMetadata } from './manifest-schemas.js';

type Raw = Record<string, unknown>;

const intOrString = { type: ['integer', 'string'] };
const pdbSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metadata', 'spec'],
  properties: {
    apiVersion: {}, kind: {}, status: {}, metadata: manifestMetadata,
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: { minAvailable: intOrString, maxUnavailable: intOrString, selector: labelSelectorSchema, unhealthyPodEvictionPolicy: { enum: ['IfHealthyBudget', 'AlwaysAllow'] } },
    },
  },
};

function podDisruptionBudget(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, pdbSchema, r, path)) return undefined;
  const meta = r['metadata'] as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = r['spec'] as { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: LabelSelector; unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy };
  const sp = [...path, 'spec'];
  const before = ctx.problems.length;
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) ctx.problem(sp, 'minAvailable and maxUnavailable cannot be both set');
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[field];
    const problem = v === undefined ? undefined : intOrPercentProblem(v);
    if (problem !== undefined) ctx.problem([...sp, field], `Invalid value: ${JSON.stringify(v)}: ${problem}`);
  }
  if (ctx.problems.length > before) return undefined;
  const object: NewObject<'PodDisruptionBudget'> = {
    kind: 'PodDisruptionBudget',
    metadata: {
      name: meta.name,
      namespace: meta.namespace ?? namespace,
      ...(meta.labels === undefined ? {} : { labels: meta.labels }),
      ...(meta.annotations === undefined ? {} : { annotations: meta.annotations }),
    },
    spec: {
      ...(spec.minAvailable === undefined ? {} : { minAvailable: spec.minAvailable }),
      ...(spec.maxUnavailable === undefined ? {} : { maxUnavailable: spec.maxUnavailable }),
      // SetDefaults_PodDisruptionBudgetSpec leaves an unset selector unset; policy/v1 treats it as empty.
      selector: spec.selector ?? {},
      ...(spec.unhealthyPodEvictionPolicy === undefined ? {} : { unhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy }),
    },
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  };
  return { object, namespaced: true };
}

/** The policy/v1 kind: PodDisruptionBudget. */
export const policyManifestKinds: readonly ManifestKind[] = [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', compile: podDisruptionBudget }];
