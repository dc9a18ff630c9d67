/**
 * apps/v1 Deployment, ReplicaSet and StatefulSet manifests: checked as the apiserver validates them
 * (pkg/apis/apps/validation/validation.go, with its messages) and defaulted as it defaults them
 * (pkg/apis/apps/v1/defaults.go: replicas 1, strategy RollingUpdate with maxSurge and
 * maxUnavailable 25 %, revisionHistoryLimit 10, progressDeadlineSeconds 600, minReadySeconds 0).
 * Any other `apps/` version is not served and is an error.
 */
import type { DeploymentStrategy, IntOrString, PodTemplateSpec } from '../api/apps.js';
import { matchesLabelSelector } from '../api/label-selector.js';
import { objectKey, type LabelSelector } from '../api/objects.js';
import type { NewObject } from '../api/object-store.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { compilePodTemplate } from '../scenario/pod-template.js';
import { checkSchema } from '../scenario/schema-check.js';
import { stringMap } from '../scenario/schema.js';
import { intOrPercentProblem, isZero } from './int-or-percent.js';
import { catalogOf } from './manifest-catalog.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';

type Raw = Record<string, unknown>;

const kindNames: Readonly<Record<string, string>> = { replicaset: 'ReplicaSet', deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' };

/** apps/v1 defaults (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment). */
export const deploymentDefaults = { replicas: 1, maxSurge: '25%', maxUnavailable: '25%', revisionHistoryLimit: 10, progressDeadlineSeconds: 600, minReadySeconds: 0 } as const;

/** Schema of an int-or-string field. */
export const intOrString = { type: ['integer', 'string'] };
/** Schema of a metav1.LabelSelector. */
export const labelSelectorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: stringMap,
    matchExpressions: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['key', 'operator'], properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { type: 'array', items: { type: 'string' } } } } },
  },
};
/** Schema of the ObjectMeta fields a workload manifest may set. */
export const objectMetaSchema = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 }, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap } };
const specFields = { replicas: { type: 'integer' }, minReadySeconds: { type: 'integer' }, selector: labelSelectorSchema, template: { type: 'object' } };
/** Schema of an apps/v1 workload object whose spec has the shared fields (less `omit`) plus `extra` ones. */
export function appsSchema(extra: object, omit: readonly string[] = []): object {
  const shared = Object.fromEntries(Object.entries(specFields).filter(([k]) => !omit.includes(k)));
  return {
    type: 'object',
    additionalProperties: false,
    required: ['metadata', 'spec'],
    properties: {
      apiVersion: {}, kind: {}, status: {}, metadata: objectMetaSchema,
      spec: { type: 'object', additionalProperties: false, required: ['selector', 'template'], properties: { ...shared, ...extra } },
    },
  };
}
const replicaSetSchema = appsSchema({});
const deploymentSchema = appsSchema({
  revisionHistoryLimit: { type: 'integer' },
  progressDeadlineSeconds: { type: 'integer' },
  paused: { type: 'boolean' },
  strategy: {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: { enum: ['RollingUpdate', 'Recreate'] },
      rollingUpdate: { type: 'object', additionalProperties: false, properties: { maxSurge: intOrString, maxUnavailable: intOrString } },
    },
  },
});

/** What `common` gives. */
export interface Common {
  readonly metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly replicas: number;
  readonly minReadySeconds: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplateSpec;
}

/** The fields the apps/v1 kinds share: metadata, replicas, minReadySeconds, selector and a template its selector matches (declared for references). */
export function common(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string, kind: string): Common | undefined {
  const before = ctx.problems.length;
  const meta = r['metadata'] as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Declared even when invalid, so its own problems are not repeated at every reference.
  catalogOf(ctx.root).declare(kindNames[kind] ?? kind, objectKey({ name: meta.name, namespace: meta.namespace ?? namespace }));
  const spec = r['spec'] as Raw;
  const sp = [...path, 'spec'];
  const replicas = (spec['replicas'] as number | undefined) ?? deploymentDefaults.replicas;
  if (replicas < 0) ctx.problem([...sp, 'replicas'], 'must be greater than or equal to 0');
  const minReadySeconds = (spec['minReadySeconds'] as number | undefined) ?? deploymentDefaults.minReadySeconds;
  if (minReadySeconds < 0) ctx.problem([...sp, 'minReadySeconds'], 'must be greater than or equal to 0');
  const selector = spec['selector'] as LabelSelector;
  if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) ctx.problem([...sp, 'selector'], `empty selector is invalid for ${kind}`);
  const factory = compilePodTemplate(ctx, [...sp, 'template'], spec['template'], meta.name);
  if (factory === undefined || ctx.problems.length > before) return undefined;
  const made = factory.make(0, namespace);
  const labels = made.metadata.labels ?? {};
  if (!matchesLabelSelector(selector, labels)) {
    ctx.problem([...sp, 'template', 'metadata', 'labels'], `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
    return undefined;
  }
  const metadata = {
    name: meta.name,
    namespace: meta.namespace ?? namespace,
    ...(meta.labels === undefined ? {} : { labels: meta.labels }),
    ...(meta.annotations === undefined ? {} : { annotations: meta.annotations }),
  };
  const tm = made.metadata;
  const template: PodTemplateSpec = {
    metadata: { labels, ...(tm.annotations === undefined ? {} : { annotations: tm.annotations }) },
    spec: made.spec,
  };
  return { metadata, replicas, minReadySeconds, selector, template };
}

function replicaSet(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, replicaSetSchema, r, path)) return undefined;
  const c = common(ctx, path, r, namespace, 'replicaset');
  if (c === undefined) return undefined;
  const object: NewObject<'ReplicaSet'> = {
    kind: 'ReplicaSet',
    metadata: c.metadata,
    spec: { replicas: c.replicas, minReadySeconds: c.minReadySeconds, selector: c.selector, template: c.template },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
  return { object, namespaced: true };
}

function strategy(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): DeploymentStrategy | undefined {
  const type = (raw?.['type'] as string | undefined) ?? 'RollingUpdate';
  const ru = raw?.['rollingUpdate'] as Raw | undefined;
  if (type === 'Recreate') {
    if (ru !== undefined) {
      ctx.problem([...path, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'");
      return undefined;
    }
    return { type: 'Recreate' };
  }
  const maxSurge = (ru?.['maxSurge'] as IntOrString | undefined) ?? deploymentDefaults.maxSurge;
  const maxUnavailable = (ru?.['maxUnavailable'] as IntOrString | undefined) ?? deploymentDefaults.maxUnavailable;
  const before = ctx.problems.length;
  const surgeProblem = intOrPercentProblem(maxSurge);
  if (surgeProblem !== undefined) ctx.problem([...path, 'rollingUpdate', 'maxSurge'], surgeProblem);
  const unavailableProblem = intOrPercentProblem(maxUnavailable);
  if (unavailableProblem !== undefined) ctx.problem([...path, 'rollingUpdate', 'maxUnavailable'], unavailableProblem);
  if (ctx.problems.length > before) return undefined;
  if (isZero(maxSurge) && isZero(maxUnavailable)) {
    ctx.problem([...path, 'rollingUpdate', 'maxUnavailable'], `Invalid value: ${JSON.stringify(maxUnavailable)}: may not be 0 when \`maxSurge\` is 0`);
    return undefined;
  }
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } };
}

function deployment(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, deploymentSchema, r, path)) return undefined;
  const c = common(ctx, path, r, namespace, 'deployment');
  const spec = r['spec'] as Raw;
  const sp = [...path, 'spec'];
  const s = strategy(ctx, [...sp, 'strategy'], spec['strategy'] as Raw | undefined);
  const revisionHistoryLimit = (spec['revisionHistoryLimit'] as number | undefined) ?? deploymentDefaults.revisionHistoryLimit;
  if (revisionHistoryLimit < 0) ctx.problem([...sp, 'revisionHistoryLimit'], 'must be greater than or equal to 0');
  const progressDeadlineSeconds = (spec['progressDeadlineSeconds'] as number | undefined) ?? deploymentDefaults.progressDeadlineSeconds;
  if (c !== undefined && progressDeadlineSeconds <= c.minReadySeconds) ctx.problem([...sp, 'progressDeadlineSeconds'], 'must be greater than minReadySeconds');
  if (c === undefined || s === undefined || revisionHistoryLimit < 0 || progressDeadlineSeconds <= c.minReadySeconds) return undefined;
  const object: NewObject<'Deployment'> = {
    kind: 'Deployment',
    metadata: c.metadata,
    spec: {
      replicas: c.replicas, selector: c.selector, template: c.template, strategy: s, minReadySeconds: c.minReadySeconds,
      revisionHistoryLimit, progressDeadlineSeconds, paused: (spec['paused'] as boolean | undefined) ?? false,
    },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [] },
  };
  return { object, namespaced: true };
}

const statefulSetSchema = appsSchema({
  serviceName: { type: 'string' },
  podManagementPolicy: { enum: ['OrderedReady', 'Parallel'] },
  revisionHistoryLimit: { type: 'integer' },
  // Accepted, not modelled (no volumes).
  volumeClaimTemplates: {}, persistentVolumeClaimRetentionPolicy: {}, ordinals: {},
  updateStrategy: {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: { enum: ['RollingUpdate', 'OnDelete'] },
      rollingUpdate: { type: 'object', additionalProperties: false, properties: { partition: { type: 'integer' }, maxUnavailable: intOrString } },
    },
  },
});

function statefulSet(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, statefulSetSchema, r, path)) return undefined;
  const c = common(ctx, path, r, namespace, 'statefulset');
  const spec = r['spec'] as Raw;
  const sp = [...path, 'spec', 'updateStrategy'];
  const us = spec['updateStrategy'] as { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } } | undefined;
  const before = ctx.problems.length;
  if (us?.type === 'OnDelete' && us.rollingUpdate !== undefined) ctx.problem([...sp, 'rollingUpdate'], "only allowed for updateStrategy 'RollingUpdate'");
  const partition = us?.rollingUpdate?.partition ?? 0;
  if (partition < 0) ctx.problem([...sp, 'rollingUpdate', 'partition'], 'must be greater than or equal to 0');
  // pkg/apis/apps/validation: a positive int or percent, not over 100 %, and not 0.
  const maxUnavailable = us?.rollingUpdate?.maxUnavailable;
  if (maxUnavailable !== undefined) {
    const problem = intOrPercentProblem(maxUnavailable) ?? (isZero(maxUnavailable) ? 'cannot be 0' : undefined);
    if (problem !== undefined) ctx.problem([...sp, 'rollingUpdate', 'maxUnavailable'], problem);
  }
  const revisionHistoryLimit = (spec['revisionHistoryLimit'] as number | undefined) ?? deploymentDefaults.revisionHistoryLimit;
  if (c === undefined || ctx.problems.length > before) return undefined;
  const serviceName = spec['serviceName'] as string | undefined;
  const object: NewObject<'StatefulSet'> = {
    kind: 'StatefulSet',
    metadata: c.metadata,
    spec: {
      replicas: c.replicas, selector: c.selector, template: c.template, minReadySeconds: c.minReadySeconds, revisionHistoryLimit,
      podManagementPolicy: (spec['podManagementPolicy'] as 'OrderedReady' | 'Parallel' | undefined) ?? 'OrderedReady',
      updateStrategy: us?.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition, ...(maxUnavailable === undefined ? {} : { maxUnavailable }) } },
      ...(serviceName === undefined ? {} : { serviceName }),
    },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 },
  };
  return { object, namespaced: true };
}

/** The apps/v1 kinds: ReplicaSet, Deployment and StatefulSet (defaults: podManagementPolicy OrderedReady, updateStrategy RollingUpdate with partition 0). */
export const appsManifestKinds: readonly ManifestKind[] = [
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', compile: replicaSet },
  { apiVersion: 'apps/v1', kind: 'Deployment', compile: deployment },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', compile: statefulSet },
];


