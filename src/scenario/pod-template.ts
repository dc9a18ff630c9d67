/**
 * Pod templates in the real v1 shape (`metadata`, `spec.containers[].resources`, `nodeSelector`,
 * `tolerations`, `schedulerName`, `priority`, `priorityClassName`, resolved by the apiserver's
 * Priority admission when the pod is created). Every upstream PodSpec and Container field is
 * accepted (most are not modelled yet); a field upstream does not have is an error, as kubectl's
 * strict decoding reports it.
 */
import type { NewObject } from '../api/object-store.js';
import type { Container, Pod, Toleration } from '../api/objects.js';
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';
import { checkContainerImages } from './compile-images.js';
import { checkSchema } from './schema-check.js';
import { stringMap } from './schema.js';
import { compileContainerLifecycle, containerLifecycleSchemas } from './compile-container.js';
import { affinity, containerPorts, schedulingGates, topologySpreadConstraints } from './pod-spec-schema.js';
import { podResourceClaimNames, resourceClaims } from './pod-resource-claims.js';
import { priorityClassCatalogOf } from '../workload/priority-class-catalog.js';

const any = {};
const podSpecFields = [
  'activeDeadlineSeconds', 'affinity', 'automountServiceAccountToken', 'dnsConfig', 'dnsPolicy', 'enableServiceLinks',
  'ephemeralContainers', 'hostAliases', 'hostIPC', 'hostNetwork', 'hostPID', 'hostUsers', 'hostname', 'imagePullSecrets',
  'initContainers', 'nodeName', 'os', 'overhead', 'preemptionPolicy', 'priorityClassName', 'readinessGates',
  'resourceClaims', 'resources', 'restartPolicy', 'runtimeClassName', 'schedulingGates', 'securityContext',
  'serviceAccount', 'serviceAccountName', 'setHostnameAsFQDN', 'shareProcessNamespace', 'subdomain',
  'terminationGracePeriodSeconds', 'topologySpreadConstraints', 'volumes',
];
const containerFields = [
  'args', 'command', 'env', 'envFrom', 'imagePullPolicy', 'lifecycle', 'livenessProbe', 'ports', 'readinessProbe',
  'resizePolicy', 'restartPolicy', 'securityContext', 'startupProbe', 'stdin', 'stdinOnce', 'terminationMessagePath',
  'terminationMessagePolicy', 'tty', 'volumeDevices', 'volumeMounts', 'workingDir',
];

const container = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'image'],
  properties: {
    ...Object.fromEntries(containerFields.map((f) => [f, any])),
    name: { type: 'string' },
    image: { type: 'string' },
    imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
    ports: containerPorts,
    resources: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requests: { type: 'object' },
        limits: { type: 'object' },
        claims: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, request: { type: 'string' } } } },
      },
    },
    ...containerLifecycleSchemas,
  },
} as const;

/** Schema of a pod template (metadata + spec). */
export const podTemplateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['spec'],
  properties: {
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, generateName: { type: 'string' }, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['containers'],
      properties: {
        ...Object.fromEntries(podSpecFields.map((f) => [f, any])),
        containers: { type: 'array', minItems: 1, items: container },
        initContainers: { type: 'array', items: container },
        restartPolicy: { enum: ['Always', 'OnFailure', 'Never'] },
        terminationGracePeriodSeconds: { type: 'integer', minimum: 0 },
        nodeSelector: stringMap,
        schedulerName: { type: 'string' },
        priority: { type: 'integer' },
        affinity,
        topologySpreadConstraints,
        schedulingGates,
        resourceClaims,
        preemptionPolicy: { enum: ['PreemptLowerPriority', 'Never'] },
        priorityClassName: { type: 'string', minLength: 1 },
        tolerations: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              key: { type: 'string' },
              operator: { enum: ['Exists', 'Equal'] },
              value: { type: 'string' },
              effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
              tolerationSeconds: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const;

/** Makes pods named `<base><index>` from a compiled template. */
export interface PodFactory {
  /** The name prefix (generateName, or the template's name plus '-'). */
  readonly base: string;
  make(index: number, namespace: string): NewObject<'Pod'>;
}

interface RawContainer {
  name: string;
  image: string;
  ports?: Container['ports'];
  imagePullPolicy?: Container['imagePullPolicy'];
  resources?: { requests?: unknown; limits?: unknown; claims?: { name: string; request?: string }[] };
}
interface RawTemplate {
  metadata?: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Omit<Partial<Pod['spec']>, 'containers' | 'initContainers'> & { containers: RawContainer[]; initContainers?: RawContainer[]; tolerations?: Toleration[] };
}

/** Compiles a pod template at `path`; pods are named `<generateName or prefix>-<index>`. */
export function compilePodTemplate(ctx: CompileContext, path: FieldPath, raw: unknown, prefix: string): PodFactory | undefined {
  if (!checkSchema(ctx, podTemplateSchema, raw, path)) return undefined;
  const t = raw as RawTemplate;
  const before = ctx.problems.length;
  const compileContainer = (c: RawContainer, i: number, field: 'containers' | 'initContainers'): Container => {
    const cpath = [...path, 'spec', field, i, 'resources'];
    const requests = ctx.resources([...cpath, 'requests'], c.resources?.requests);
    const limits = ctx.resources([...cpath, 'limits'], c.resources?.limits);
    // Upstream defaulting: a container with limits but no request for a resource requests its limit.
    for (const [name, amount] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = amount;
    const claims = c.resources?.claims;
    const base: Container = {
      name: c.name,
      image: c.image,
      resources: { requests, limits, ...(claims === undefined ? {} : { claims }) },
      ...(c.ports === undefined ? {} : { ports: c.ports }),
      ...(c.imagePullPolicy === undefined ? {} : { imagePullPolicy: c.imagePullPolicy }),
    };
    return compileContainerLifecycle(ctx, [...path, 'spec', field, i], c as unknown as Record<string, unknown>, base, field === 'initContainers');
  };
  const containers = t.spec.containers.map((c, i) => compileContainer(c, i, 'containers'));
  const initContainers = (t.spec.initContainers ?? []).map((c, i) => compileContainer(c, i, 'initContainers'));
  checkContainerImages(ctx, [...path, 'spec', 'containers'], t.spec.containers);
  podResourceClaimNames(ctx, path, t.spec.resourceClaims, t.spec.containers);
  if (t.spec.initContainers !== undefined) checkContainerImages(ctx, [...path, 'spec', 'initContainers'], t.spec.initContainers);
  if (ctx.problems.length > before) return undefined;
  const className = t.spec.priorityClassName;
  if (className !== undefined) {
    // The Priority admission plugin resolves it when the pod is created; the class must exist by then.
    priorityClassCatalogOf(ctx).reference(className, t.spec.priority, (m) => ctx.source.problem([...path, 'spec', 'priorityClassName'], m), (m) => ctx.source.problem([...path, 'spec', 'priority'], m));
  }
  const meta = t.metadata ?? {};
  const base = meta.generateName ?? `${meta.name ?? prefix}-`;
  const spec = {
    schedulerName: t.spec.schedulerName ?? 'default-scheduler',
    priority: t.spec.priority ?? 0,
    containers,
    ...(t.spec.nodeSelector === undefined ? {} : { nodeSelector: t.spec.nodeSelector }),
    ...(t.spec.tolerations === undefined ? {} : { tolerations: t.spec.tolerations }),
    ...(t.spec.affinity === undefined ? {} : { affinity: t.spec.affinity }),
    ...(t.spec.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: t.spec.topologySpreadConstraints }),
    ...(t.spec.schedulingGates === undefined ? {} : { schedulingGates: t.spec.schedulingGates }),
    ...(t.spec.preemptionPolicy === undefined ? {} : { preemptionPolicy: t.spec.preemptionPolicy }),
    ...(t.spec.priorityClassName === undefined ? {} : { priorityClassName: t.spec.priorityClassName }),
    ...(t.spec.nodeName === undefined ? {} : { nodeName: t.spec.nodeName }),
    ...(t.spec.resourceClaims === undefined ? {} : { resourceClaims: t.spec.resourceClaims }),
    ...(initContainers.length === 0 ? {} : { initContainers }),
    ...(t.spec.restartPolicy === undefined ? {} : { restartPolicy: t.spec.restartPolicy }),
    ...(t.spec.hostNetwork === true ? { hostNetwork: true } : {}),
    ...(t.spec.terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds: t.spec.terminationGracePeriodSeconds }),
  };
  const labels = meta.labels;
  const annotations = meta.annotations;
  return {
    base,
    make: (index, namespace) => ({
      kind: 'Pod',
      metadata: {
        name: `${base}${index}`,
        namespace: meta.namespace ?? namespace,
        ...(labels === undefined ? {} : { labels }),
        ...(annotations === undefined ? {} : { annotations }),
      },
      spec,
      status: { phase: 'Pending', conditions: [] },
    }),
  };
}
