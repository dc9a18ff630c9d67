/**
 * apps/v1 DaemonSet manifests, checked as the apiserver validates them
 * (pkg/apis/apps/validation/validation.go ValidateDaemonSetSpec and ValidateRollingUpdateDaemonSet,
 * with their messages) and defaulted as pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet does:
 * updateStrategy RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10,
 * minReadySeconds 0. Exactly one of maxUnavailable and maxSurge must be non-zero, and the pod
 * template's restartPolicy must be Always.
 */
import type { DaemonSetUpdateStrategy, IntOrString } from '../api/apps.js';
import type { NewObject } from '../api/object-store.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { checkSchema } from '../scenario/schema-check.js';
import { intOrPercentProblem, isZero } from './int-or-percent.js';
import { appsSchema, common, deploymentDefaults, intOrString } from './manifest-apps.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';

type Raw = Record<string, unknown>;

/** SetDefaults_DaemonSet's RollingUpdate values. */
export const daemonSetDefaults = { maxUnavailable: 1, maxSurge: 0 } as const;

const daemonSetSchema = appsSchema({
  revisionHistoryLimit: { type: 'integer' },
  templateGeneration: { type: 'integer' },
  updateStrategy: {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: { enum: ['RollingUpdate', 'OnDelete'] },
      rollingUpdate: { type: 'object', additionalProperties: false, properties: { maxUnavailable: intOrString, maxSurge: intOrString } },
    },
  },
}, ['replicas']);

function updateStrategy(ctx: CompileContext, path: FieldPath, raw: Raw | undefined): DaemonSetUpdateStrategy | undefined {
  if (raw?.['type'] === 'OnDelete') return { type: 'OnDelete' };
  const ru = raw?.['rollingUpdate'] as Raw | undefined;
  const maxUnavailable = (ru?.['maxUnavailable'] as IntOrString | undefined) ?? daemonSetDefaults.maxUnavailable;
  const maxSurge = (ru?.['maxSurge'] as IntOrString | undefined) ?? daemonSetDefaults.maxSurge;
  const rp = [...path, 'rollingUpdate'];
  const before = ctx.problems.length;
  const u = intOrPercentProblem(maxUnavailable);
  if (u !== undefined) ctx.problem([...rp, 'maxUnavailable'], u);
  const s = intOrPercentProblem(maxSurge);
  if (s !== undefined) ctx.problem([...rp, 'maxSurge'], s);
  if (ctx.problems.length > before) return undefined;
  const hasUnavailable = !isZero(maxUnavailable);
  const hasSurge = !isZero(maxSurge);
  if (hasUnavailable && hasSurge) {
    ctx.problem([...rp, 'maxSurge'], `Invalid value: ${JSON.stringify(maxSurge)}: may not be set when maxUnavailable is non-zero`);
    return undefined;
  }
  if (!hasUnavailable && !hasSurge) {
    ctx.problem([...rp, 'maxUnavailable'], 'Required value: cannot be 0 when maxSurge is 0');
    return undefined;
  }
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } };
}

function daemonSet(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, daemonSetSchema, r, path)) return undefined;
  const c = common(ctx, path, r, namespace, 'daemonset');
  const spec = r['spec'] as Raw;
  const sp = [...path, 'spec'];
  const before = ctx.problems.length;
  const strategy = updateStrategy(ctx, [...sp, 'updateStrategy'], spec['updateStrategy'] as Raw | undefined);
  const revisionHistoryLimit = (spec['revisionHistoryLimit'] as number | undefined) ?? deploymentDefaults.revisionHistoryLimit;
  if (revisionHistoryLimit < 0) ctx.problem([...sp, 'revisionHistoryLimit'], 'must be greater than or equal to 0');
  const restartPolicy = c?.template.spec.restartPolicy;
  if (restartPolicy !== undefined && restartPolicy !== 'Always') {
    ctx.problem([...sp, 'template', 'spec', 'restartPolicy'], `Unsupported value: "${restartPolicy}": supported values: "Always"`);
  }
  if (c === undefined || strategy === undefined || ctx.problems.length > before) return undefined;
  const object: NewObject<'DaemonSet'> = {
    kind: 'DaemonSet',
    metadata: c.metadata,
    spec: { selector: c.selector, template: c.template, updateStrategy: strategy, minReadySeconds: c.minReadySeconds, revisionHistoryLimit },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 },
  };
  return { object, namespaced: true };
}

/** The apps/v1 DaemonSet kind. */
export const daemonSetManifestKind: ManifestKind = { apiVersion: 'apps/v1', kind: 'DaemonSet', compile: daemonSet };
