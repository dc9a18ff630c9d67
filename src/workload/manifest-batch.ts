/**
 * batch/v1 Job manifests: checked as the apiserver validates them
 * (pkg/apis/batch/validation/validation.go, with its messages) and defaulted as it defaults them
 * (pkg/apis/batch/v1/defaults.go: parallelism 1, completions 1 when neither is set, backoffLimit
 * 6 — the largest int32 with backoffLimitPerIndex —, completionMode NonIndexed, suspend false,
 * podReplacementPolicy Failed with a podFailurePolicy and TerminatingOrFailed without).
 * The selector is generated at create from the Job's uid (controlplane/apiserver/job-selector.ts)
 * unless `manualSelector`. Any other `batch/` version is not served and is an error.
 */
import type { PodTemplateSpec } from '../api/apps.js';
import type { Job, SuccessPolicyRule } from '../api/batch.js';
import { parseIndexes } from '../api/job-indexes.js';
import { matchesLabelSelector } from '../api/label-selector.js';
import type { LabelSelector } from '../api/objects.js';
import type { NewObject } from '../api/object-store.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { compilePodTemplate } from '../scenario/pod-template.js';
import { checkSchema } from '../scenario/schema-check.js';
import { labelSelectorSchema, objectMetaSchema } from './manifest-apps.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';
import { compilePodFailurePolicy, podFailurePolicySchema } from './manifest-pod-failure-policy.js';

type Raw = Record<string, unknown>;

/** batch/v1 defaults (SetDefaults_Job). */
export const jobDefaults = { parallelism: 1, completions: 1, backoffLimit: 6, backoffLimitWithPerIndex: 2_147_483_647, completionMode: 'NonIndexed' } as const;
/** maxParallelismForIndexedJob (validation.go). */
const maxParallelismForIndexedJob = 100_000;

const int = { type: 'integer' } as const;
const jobSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metadata', 'spec'],
  properties: {
    apiVersion: {}, kind: {}, status: {},
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['template'],
      properties: {
        parallelism: int, completions: int, backoffLimit: int, backoffLimitPerIndex: int, maxFailedIndexes: int, activeDeadlineSeconds: int, ttlSecondsAfterFinished: int,
        completionMode: { enum: ['NonIndexed', 'Indexed'] },
        suspend: { type: 'boolean' },
        manualSelector: { type: 'boolean' },
        selector: labelSelectorSchema,
        template: { type: 'object' },
        successPolicy: {
          type: 'object',
          additionalProperties: false,
          properties: { rules: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { succeededIndexes: { type: 'string' }, succeededCount: int } } } },
        },
        podReplacementPolicy: { enum: ['TerminatingOrFailed', 'Failed'] },
        podFailurePolicy: podFailurePolicySchema,
        // An upstream field kubesim does not model; reported below.
        managedBy: { type: 'string' },
      },
    },
  },
} as const;

/** A field of `spec` that must be >= 0 when set (ValidateNonnegativeField). */
function nonNegative(ctx: CompileContext, sp: FieldPath, spec: Raw, name: string): void {
  const v = spec[name];
  if (typeof v === 'number' && v < 0) ctx.problem([...sp, name], 'must be greater than or equal to 0');
}

/** Checks a success policy (validateSuccessPolicy): Indexed only, at least one rule, each with valid indexes and a count within completions. */
function successPolicy(ctx: CompileContext, sp: FieldPath, raw: { rules?: SuccessPolicyRule[] }, indexed: boolean, completions: number | undefined): SuccessPolicyRule[] {
  const path = [...sp, 'successPolicy'];
  if (!indexed) {
    ctx.problem(path, 'Invalid value: requires indexed completion mode');
    return [];
  }
  const rules = raw.rules ?? [];
  if (rules.length === 0) ctx.problem([...path, 'rules'], 'Required value: at least one rules must be specified when the successPolicy is specified');
  const n = completions ?? 0;
  rules.forEach((rule, i) => {
    const rp = [...path, 'rules', i];
    if (rule.succeededCount === undefined && rule.succeededIndexes === undefined) ctx.problem(rp, 'Required value: at least one of succeededCount or succeededIndexes must be specified');
    let total: number | undefined;
    if (rule.succeededIndexes !== undefined) {
      const parsed = parseIndexes(rule.succeededIndexes, n);
      if ('error' in parsed) ctx.problem([...rp, 'succeededIndexes'], `Invalid value: ${JSON.stringify(rule.succeededIndexes)}: error parsing succeededIndexes: ${parsed.error}`);
      else total = parsed.length;
    }
    if (rule.succeededCount !== undefined) {
      const cp = [...rp, 'succeededCount'];
      if (rule.succeededCount < 0) ctx.problem(cp, 'must be greater than or equal to 0');
      else if (rule.succeededCount > n) ctx.problem(cp, `Invalid value: ${rule.succeededCount}: must be less than or equal to ${n} (the number of specified completions)`);
      else if (total !== undefined && rule.succeededCount > total) ctx.problem(cp, `Invalid value: ${rule.succeededCount}: must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`);
    }
  });
  return rules;
}

function job(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, jobSchema, r, path)) return undefined;
  const before = ctx.problems.length;
  const meta = r['metadata'] as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  const spec = r['spec'] as Raw;
  const sp = [...path, 'spec'];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'ttlSecondsAfterFinished']) nonNegative(ctx, sp, spec, f);
  const mode = (spec['completionMode'] as Job['spec']['completionMode'] | undefined) ?? jobDefaults.completionMode;
  const indexed = mode === 'Indexed';
  const rawCompletions = spec['completions'] as number | undefined;
  const rawParallelism = spec['parallelism'] as number | undefined;
  if (indexed && rawCompletions === undefined) ctx.problem([...sp, 'completions'], 'Required value: when completion mode is Indexed');
  if (indexed && rawParallelism !== undefined && rawParallelism > maxParallelismForIndexedJob) {
    ctx.problem([...sp, 'parallelism'], `Invalid value: ${rawParallelism}: must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`);
  }
  if (!indexed && spec['backoffLimitPerIndex'] !== undefined) ctx.problem([...sp, 'backoffLimitPerIndex'], `Invalid value: ${String(spec['backoffLimitPerIndex'])}: requires indexed completion mode`);
  if (spec['maxFailedIndexes'] !== undefined) ctx.problem([...sp, 'maxFailedIndexes'], 'not modelled yet (backoffLimitPerIndex alone is accepted)');
  if (spec['managedBy'] !== undefined && spec['managedBy'] !== 'kubernetes.io/job-controller') ctx.problem([...sp, 'managedBy'], 'not modelled (the Job controller manages every Job)');
  const hasPolicy = spec['podFailurePolicy'] !== undefined;
  // SetDefaults_Job: podReplacementPolicy is Failed with a podFailurePolicy, else TerminatingOrFailed.
  const replacement = (spec['podReplacementPolicy'] as Job['spec']['podReplacementPolicy'] | undefined) ?? (hasPolicy ? 'Failed' : 'TerminatingOrFailed');
  if (hasPolicy && replacement !== 'Failed') ctx.problem([...sp, 'podReplacementPolicy'], `Unsupported value: ${JSON.stringify(replacement)}: supported values: "Failed"`);
  // SetDefaults_Job: both unset → 1 and 1; parallelism unset → 1; completions stays unset otherwise.
  const completions = rawCompletions ?? (rawParallelism === undefined ? jobDefaults.completions : undefined);
  const parallelism = rawParallelism ?? jobDefaults.parallelism;
  const rules = spec['successPolicy'] === undefined ? undefined : successPolicy(ctx, sp, spec['successPolicy'] as { rules?: SuccessPolicyRule[] }, indexed, completions);
  const manualSelector = spec['manualSelector'] === true;
  const selector = spec['selector'] as LabelSelector | undefined;
  if (!manualSelector && selector !== undefined) ctx.problem([...sp, 'selector'], `Invalid value: ${JSON.stringify(selector)}: \`selector\` not auto-generated`);
  if (manualSelector && selector === undefined) ctx.problem([...sp, 'selector'], 'Required value');
  const tp = [...sp, 'template'];
  const factory = compilePodTemplate(ctx, tp, spec['template'], meta.name);
  if (factory === undefined || ctx.problems.length > before) return undefined;
  const made = factory.make(0, namespace);
  const restartPolicy = made.spec.restartPolicy;
  if (restartPolicy === undefined || restartPolicy === 'Always') {
    ctx.problem([...tp, 'spec', 'restartPolicy'], 'Required value: valid values: "OnFailure", "Never"');
    return undefined;
  }
  const names = [...made.spec.containers, ...(made.spec.initContainers ?? [])].map((c) => c.name);
  const perIndex = spec['backoffLimitPerIndex'] as number | undefined;
  const policy = hasPolicy ? compilePodFailurePolicy(ctx, [...sp, 'podFailurePolicy'], spec['podFailurePolicy'] as object, names, perIndex !== undefined) : undefined;
  if (hasPolicy && restartPolicy !== 'Never') ctx.problem([...tp, 'spec', 'restartPolicy'], `Invalid value: ${JSON.stringify(restartPolicy)}: only "Never" is supported when podFailurePolicy is specified`);
  if (ctx.problems.length > before) return undefined;
  const labels = made.metadata.labels ?? {};
  if (selector !== undefined && manualSelector && !matchesLabelSelector(selector, labels)) {
    ctx.problem([...tp, 'metadata', 'labels'], `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``);
    return undefined;
  }
  const template: PodTemplateSpec = {
    metadata: { ...(made.metadata.labels === undefined ? {} : { labels }), ...(made.metadata.annotations === undefined ? {} : { annotations: made.metadata.annotations }) },
    spec: made.spec,
  };
  const opt = <K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [k]: v } as { [P in K]?: V }));
  const object: NewObject<'Job'> = {
    kind: 'Job',
    metadata: { name: meta.name, namespace: meta.namespace ?? namespace, ...opt('labels', meta.labels), ...opt('annotations', meta.annotations) },
    spec: {
      parallelism,
      ...opt('completions', completions),
      completionMode: mode,
      backoffLimit: (spec['backoffLimit'] as number | undefined) ?? (perIndex === undefined ? jobDefaults.backoffLimit : jobDefaults.backoffLimitWithPerIndex),
      ...opt('backoffLimitPerIndex', perIndex),
      ...opt('activeDeadlineSeconds', spec['activeDeadlineSeconds'] as number | undefined),
      ...(rules === undefined ? {} : { successPolicy: { rules } }),
      ...(policy === undefined ? {} : { podFailurePolicy: { rules: policy } }),
      podReplacementPolicy: replacement,
      suspend: spec['suspend'] === true,
      ...opt('ttlSecondsAfterFinished', spec['ttlSecondsAfterFinished'] as number | undefined),
      manualSelector,
      ...opt('selector', selector),
      template,
    },
    status: { active: 0, succeeded: 0, failed: 0, conditions: [] },
  };
  return { object, namespaced: true };
}

/** The batch/v1 Job kind. */
export const batchManifestKinds: readonly ManifestKind[] = [{ apiVersion: 'batch/v1', kind: 'Job', compile: job }];
