/**
 * JSON Schemas of the scenario file's structure (types, required and unknown fields). Values
 * with units or expressions are strings or numbers here and are checked when compiled.
 */

export { distribution, expr, stringMap } from './schema-primitives.js';
import { draSchema } from './compile-dra.js';
import { distribution, expr, stringMap } from './schema-primitives.js';
import { controllerManagerSchema } from './compile-controller-manager.js';
import { apiserverSchema, etcdClustersSchema, etcdSchema } from './control-plane-schema.js';
import { slosSchema } from './compile-slos.js';
import { nodeLifecycleControllerSchema } from './compile-node-lifecycle.js';
import { containerdSchema, kubeletImageProperties, nodePoolImageProperties, registriesSchema } from './image-schema.js';

/** A resource list (`cpu`, `memory`, `pods`, extended resources). */
export const resourceList = { type: 'object', additionalProperties: { type: ['number', 'string'] } } as const;

/** KubeletConfiguration's signal maps (`memory.available: 500Mi`). */
const signalAmounts = { type: 'object', additionalProperties: { type: ['number', 'string'] } } as const;

/** v1 Taint. */
export const taint = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'effect'],
  properties: { key: { type: 'string' }, value: { type: 'string' }, effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] }, timeAdded: {} },
} as const;

/** A node pool: `count` nodes with the same capacity, labels and taints. */
export const nodePool = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'count', 'capacity'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    count: expr,
    capacity: resourceList,
    allocatable: resourceList,
    labels: stringMap,
    taints: { type: 'array', items: taint },
    kubelet: { type: 'boolean' },
    zones: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    images: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['names', 'sizeBytes'],
        properties: { names: { type: 'array', minItems: 1, items: { type: 'string' } }, sizeBytes: expr },
      },
    },
    ...nodePoolImageProperties,
  },
} as const;

const clientConnection = { type: 'object', additionalProperties: false, properties: { qps: expr, burst: expr } } as const;

const pluginList = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, weight: { type: 'integer' } } } },
    disabled: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } } },
  },
} as const;

const pluginCost = {
  type: 'object',
  additionalProperties: false,
  properties: { preFilter: expr, filterPerNode: expr, preScore: expr, scorePerNode: expr },
} as const;

/** KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) plus kubesim's `costModel` and `podMaxInUnschedulablePodsDuration`. */
export const kubeSchedulerConfiguration = {
  type: 'object',
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'kubescheduler.config.k8s.io/v1' },
    kind: { const: 'KubeSchedulerConfiguration' },
    parallelism: expr,
    percentageOfNodesToScore: expr,
    podInitialBackoffSeconds: expr,
    podMaxBackoffSeconds: expr,
    podMaxInUnschedulablePodsDuration: expr,
    clientConnection,
    profiles: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          schedulerName: { type: 'string' },
          percentageOfNodesToScore: expr,
          plugins: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(
              ['multiPoint', 'preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind'].map((p) => [p, pluginList]),
            ),
          },
          pluginConfig: {
            type: 'array',
            items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, args: { type: 'object' } } },
          },
        },
      },
    },
    outOfTreePlugins: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['path'], properties: { path: { type: 'string', minLength: 1 } } },
    },
    costModel: {
      type: 'object',
      additionalProperties: false,
      properties: { cycleOverhead: expr, defaults: pluginCost, plugins: { type: 'object', additionalProperties: pluginCost } },
    },
  },
} as const;

/** The top-level Scenario document (workload items are checked per opcode afterwards). */
export const scenarioSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'cluster', 'workload'],
  properties: {
    apiVersion: { const: 'kubesim.io/v1alpha1' },
    kind: { const: 'Scenario' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }, description: { type: 'string' } },
    },
    seed: { type: ['integer', 'string'] },
    params: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: expr },
    duration: expr,
    sampleInterval: expr,
    slos: slosSchema,
    sweep: { type: 'object' },
    variants: { type: 'array' },
    manifests: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { file: { type: 'string', minLength: 1 }, objects: { type: 'array', items: {} }, namespace: { type: 'string' }, user: { type: 'string' }, groups: { type: 'array', items: { type: 'string' } } } },
    },
    replications: { type: ['integer', 'array'] },
    registries: registriesSchema,
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['nodePools'],
      properties: {
        apiserver: apiserverSchema,
        etcd: etcdSchema,
        etcdClusters: etcdClustersSchema,
        watchDelay: distribution,
        scheduler: kubeSchedulerConfiguration,
        kubelet: {
          type: 'object',
          additionalProperties: false,
          properties: {
            startLatency: distribution,
            sandboxLatency: distribution,
            evictionHard: signalAmounts,
            evictionSoft: signalAmounts,
            evictionSoftGracePeriod: signalAmounts,
            evictionMinimumReclaim: signalAmounts,
            evictionMaxPodGracePeriod: expr,
            evictionPressureTransitionPeriod: expr,
            kubeAPIQPS: expr,
            kubeAPIBurst: expr,
            nodeLeaseDurationSeconds: expr,
            nodeStatusUpdateFrequency: expr,
            nodeStatusReportFrequency: expr,
            ...kubeletImageProperties,
          },
        },
        containerd: containerdSchema,
        nodePools: { type: 'array', items: nodePool },
        dra: draSchema,
        nodeLifecycleController: nodeLifecycleControllerSchema,
        controllerManager: controllerManagerSchema,
      },
    },
    workload: {
      type: 'array',
      items: { type: 'object', required: ['opcode'], properties: { opcode: { type: 'string' } } },
    },
  },
} as const;
