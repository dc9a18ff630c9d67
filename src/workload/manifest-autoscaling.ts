/**
 * autoscaling/v2 HorizontalPodAutoscaler manifests, checked as the apiserver validates them
 * (pkg/apis/autoscaling/validation/validation.go, with its messages) and defaulted as
 * pkg/apis/autoscaling/v2/defaults.go does: minReplicas 1, metrics cpu at 80 % utilisation when
 * none are given, and a given `behavior` filled in — scaleUp: stabilizationWindowSeconds 0,
 * selectPolicy Max, policies 4 Pods and 100 Percent per 15 s; scaleDown: 300 s, Max, 100 Percent
 * per 15 s. Resource metrics (cpu, memory) are modelled; the other metric source types are known
 * and refused. The target must be a Deployment, StatefulSet or ReplicaSet some apply op creates.
 */
import type { CrossVersionObjectReference, HorizontalPodAutoscalerBehavior, HPAScalingRules, ResourceMetricSpec } from '../api/autoscaling.js';
import { objectKey } from '../api/objects.js';
import type { NewObject } from '../api/object-store.js';
import { resourceAmount } from '../api/quantity.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';
import { checkSchema } from '../scenario/schema-check.js';
import { catalogOf } from './manifest-catalog.js';
import { objectMetaSchema } from './manifest-apps.js';
import type { CompiledManifest, ManifestKind } from './manifest-kind.js';

type Raw = Record<string, unknown>;

/** Upstream's behavior defaults (GenerateHPAScaleUpRules, GenerateHPAScaleDownRules). */
export const defaultBehavior: HorizontalPodAutoscalerBehavior = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

const metricSourceTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const rulesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stabilizationWindowSeconds: { type: 'integer' },
    selectPolicy: { enum: ['Max', 'Min', 'Disabled'] },
    policies: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['type', 'value', 'periodSeconds'], properties: { type: { enum: ['Pods', 'Percent'] }, value: { type: 'integer' }, periodSeconds: { type: 'integer' } } } },
    tolerance: {},
  },
};
const hpaSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metadata', 'spec'],
  properties: {
    apiVersion: {}, kind: {}, status: {},
    metadata: objectMetaSchema,
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['scaleTargetRef', 'maxReplicas'],
      properties: {
        scaleTargetRef: { type: 'object', additionalProperties: false, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } } },
        minReplicas: { type: 'integer' },
        maxReplicas: { type: 'integer' },
        metrics: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              type: { type: 'string' },
              resource: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  name: { type: 'string' },
                  target: { type: 'object', additionalProperties: false, properties: { type: { type: 'string' }, averageUtilization: { type: 'integer' }, averageValue: { type: ['string', 'number'] }, value: {} } },
                },
              },
              containerResource: {}, external: {}, object: {}, pods: {},
            },
          },
        },
        behavior: { type: 'object', additionalProperties: false, properties: { scaleUp: rulesSchema, scaleDown: rulesSchema } },
      },
    },
  },
} as const;

const scalableKinds = ['Deployment', 'StatefulSet', 'ReplicaSet'] as const;

function target(ctx: CompileContext, path: FieldPath, raw: Raw, namespace: string): CrossVersionObjectReference | undefined {
  const kind = raw['kind'] as string | undefined;
  const name = raw['name'] as string | undefined;
  const before = ctx.problems.length;
  if (kind === undefined || kind === '') ctx.problem([...path, 'kind'], 'Required value');
  else if (!(scalableKinds as readonly string[]).includes(kind)) ctx.problem([...path, 'kind'], `Unsupported value: "${kind}": supported values: ${scalableKinds.map((k) => `"${k}"`).join(', ')} (the scalable kinds modelled)`);
  if (name === undefined || name === '') ctx.problem([...path, 'name'], 'Required value');
  if (ctx.problems.length > before) return undefined;
  const ref = { apiVersion: (raw['apiVersion'] as string | undefined) ?? 'apps/v1', kind: kind as CrossVersionObjectReference['kind'], name: name as string };
  if (ref.apiVersion !== 'apps/v1') {
    ctx.problem([...path, 'apiVersion'], `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    return undefined;
  }
  catalogOf(ctx.root).reference(ref.kind, objectKey({ name: ref.name, namespace }), (m) => ctx.source.problem([...path, 'name'], m));
  return ref;
}

function metric(ctx: CompileContext, path: FieldPath, raw: Raw): ResourceMetricSpec | undefined {
  const type = raw['type'] as string | undefined;
  if (type === undefined || type === '') {
    ctx.problem([...path, 'type'], 'Required value: must specify a metric source type');
    return undefined;
  }
  if (!metricSourceTypes.includes(type)) {
    ctx.problem([...path, 'type'], `Unsupported value: "${type}": supported values: ${metricSourceTypes.map((t) => `"${t}"`).join(', ')}`);
    return undefined;
  }
  if (type !== 'Resource') {
    ctx.problem([...path, 'type'], `metric source type ${type} is not modelled (use Resource with cpu or memory)`);
    return undefined;
  }
  const res = raw['resource'] as { name?: string; target?: Raw } | undefined;
  const rp = [...path, 'resource'];
  if (res === undefined) {
    ctx.problem(rp, 'Required value: must populate information for the given metric source');
    return undefined;
  }
  if (res.name !== 'cpu' && res.name !== 'memory') {
    ctx.problem([...rp, 'name'], res.name === undefined || res.name === '' ? 'Required value: must specify a resource name' : `resource ${res.name} is not modelled (cpu or memory)`);
    return undefined;
  }
  const t = res.target;
  const tp = [...rp, 'target'];
  if (t?.['type'] === 'Utilization') {
    const u = t['averageUtilization'] as number | undefined;
    if (u === undefined) ctx.problem([...tp, 'averageUtilization'], 'Required value: must set either a target raw value or a target utilization');
    else if (u < 1) ctx.problem([...tp, 'averageUtilization'], `Invalid value: ${u}: must be greater than 0`);
    else return { type: 'Resource', resource: { name: res.name, target: { type: 'Utilization', averageUtilization: u } } };
    return undefined;
  }
  if (t?.['type'] === 'AverageValue') {
    const raw = t['averageValue'] as string | number | undefined;
    if (raw === undefined) {
      ctx.problem([...tp, 'averageValue'], 'Required value: must set either a target raw value or a target utilization');
      return undefined;
    }
    let v: number;
    try {
      v = resourceAmount(res.name, raw);
    } catch (e) {
      ctx.problem([...tp, 'averageValue'], (e as Error).message);
      return undefined;
    }
    if (v <= 0) {
      ctx.problem([...tp, 'averageValue'], `Invalid value: "${String(raw)}": must be positive`);
      return undefined;
    }
    return { type: 'Resource', resource: { name: res.name, target: { type: 'AverageValue', averageValue: v } } };
  }
  ctx.problem([...tp, 'type'], t?.['type'] === undefined ? 'Required value: must specify a metric target type' : `Invalid value: "${String(t['type'])}": must be either Utilization or AverageValue`);
  return undefined;
}

function rules(ctx: CompileContext, path: FieldPath, raw: Raw | undefined, d: HPAScalingRules): HPAScalingRules {
  if (raw === undefined) return d;
  const window = (raw['stabilizationWindowSeconds'] as number | undefined) ?? d.stabilizationWindowSeconds;
  if (window < 0) ctx.problem([...path, 'stabilizationWindowSeconds'], `Invalid value: ${window}: must be greater than or equal to zero`);
  if (window > 3600) ctx.problem([...path, 'stabilizationWindowSeconds'], `Invalid value: ${window}: must be less than or equal to 3600`);
  const policies = (raw['policies'] as HPAScalingRules['policies'] | undefined) ?? d.policies;
  if (policies.length === 0) ctx.problem([...path, 'policies'], 'Required value: must specify at least one Policy');
  policies.forEach((p, i) => {
    if (p.periodSeconds <= 0) ctx.problem([...path, 'policies', i, 'periodSeconds'], `Invalid value: ${p.periodSeconds}: must be greater than zero`);
    if (p.periodSeconds > 1800) ctx.problem([...path, 'policies', i, 'periodSeconds'], `Invalid value: ${p.periodSeconds}: must be less than or equal to 1800`);
    if (p.value <= 0) ctx.problem([...path, 'policies', i, 'value'], `Invalid value: ${p.value}: must be greater than zero`);
  });
  return { stabilizationWindowSeconds: window, selectPolicy: (raw['selectPolicy'] as HPAScalingRules['selectPolicy'] | undefined) ?? d.selectPolicy, policies };
}

function hpa(ctx: CompileContext, path: FieldPath, r: Raw, namespace: string): CompiledManifest | undefined {
  if (!checkSchema(ctx, hpaSchema, r, path)) return undefined;
  const meta = r['metadata'] as { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  const ns = meta.namespace ?? namespace;
  const spec = r['spec'] as Raw;
  const sp = [...path, 'spec'];
  const before = ctx.problems.length;
  const ref = target(ctx, [...sp, 'scaleTargetRef'], spec['scaleTargetRef'] as Raw, ns);
  const minReplicas = (spec['minReplicas'] as number | undefined) ?? 1;
  const maxReplicas = spec['maxReplicas'] as number;
  if (minReplicas < 1) ctx.problem([...sp, 'minReplicas'], `Invalid value: ${minReplicas}: must be greater than or equal to 1`);
  if (maxReplicas < 1) ctx.problem([...sp, 'maxReplicas'], `Invalid value: ${maxReplicas}: must be greater than 0`);
  else if (maxReplicas < minReplicas) ctx.problem([...sp, 'maxReplicas'], `Invalid value: ${maxReplicas}: must be greater than or equal to \`minReplicas\``);
  const rawMetrics = (spec['metrics'] as Raw[] | undefined) ?? [];
  const metrics: ResourceMetricSpec[] = rawMetrics.length === 0
    ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]
    : rawMetrics.flatMap((m, i) => metric(ctx, [...sp, 'metrics', i], m) ?? []);
  const b = spec['behavior'] as { scaleUp?: Raw; scaleDown?: Raw } | undefined;
  const behavior = b === undefined ? undefined : {
    scaleUp: rules(ctx, [...sp, 'behavior', 'scaleUp'], b.scaleUp, defaultBehavior.scaleUp),
    scaleDown: rules(ctx, [...sp, 'behavior', 'scaleDown'], b.scaleDown, defaultBehavior.scaleDown),
  };
  if (ref === undefined || ctx.problems.length > before) return undefined;
  const object: NewObject<'HorizontalPodAutoscaler'> = {
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: meta.name, namespace: ns, ...(meta.labels === undefined ? {} : { labels: meta.labels }), ...(meta.annotations === undefined ? {} : { annotations: meta.annotations }) },
    spec: { scaleTargetRef: ref, minReplicas, maxReplicas, metrics, ...(behavior === undefined ? {} : { behavior }) },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
  return { object, namespaced: true };
}

/** The autoscaling/v2 HorizontalPodAutoscaler kind. */
export const hpaManifestKind: ManifestKind = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', compile: hpa };
