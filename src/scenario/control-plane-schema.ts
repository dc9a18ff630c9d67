/** JSON Schemas of `cluster.apiserver`, `cluster.etcd` and `cluster.etcdClusters` (flag names as kube-apiserver and etcd spell them). */
import { etcdNumericKeys } from './etcd-fields.js';
import { flowSchemaSchema, priorityLevelConfigurationSchema } from './flowcontrol-schema.js';
import { distribution, expr } from './schema-primitives.js';

/** Schema of `cluster.apiserver` (flag names as kube-apiserver spells them). */
export const apiserverSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    replicas: expr,
    'max-requests-inflight': expr,
    'max-mutating-requests-inflight': expr,
    'enable-priority-and-fairness': { type: ['boolean', 'number', 'string'] },
    'request-timeout': expr,
    'etcd-servers-overrides': { type: 'array', items: { type: 'string' } },
    'etcd-compaction-interval': expr,
    cpus: expr,
    watchCache: { type: 'boolean' },
    flowSchemas: { type: 'array', items: flowSchemaSchema },
    priorityLevelConfigurations: { type: 'array', items: priorityLevelConfigurationSchema },
    requestCost: {
      type: 'object',
      additionalProperties: false,
      properties: {
        base: { type: 'object', additionalProperties: false, properties: { POST: expr, PUT: expr, PATCH: expr, DELETE: expr, GET: expr, LIST: expr } },
        perByte: expr,
        perListedObject: expr,
        perWatchEvent: expr,
        answerShare: expr,
      },
    },
    objectSizes: { type: 'object', additionalProperties: false, properties: { Pod: expr, Node: expr, Lease: expr, DeviceClass: expr, ResourceSlice: expr, ResourceClaim: expr, ResourceClaimTemplate: expr, ReplicaSet: expr, Deployment: expr, StatefulSet: expr, Job: expr, DaemonSet: expr, HorizontalPodAutoscaler: expr } },
  },
} as const;

const disk = {
  oneOf: [
    { type: 'string' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['fsync', 'writeBytesPerSecond'],
      properties: {
        fsync: distribution,
        writeBytesPerSecond: expr,
        stalls: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['perHour', 'duration'], properties: { perHour: expr, duration: distribution } } },
      },
    },
  ],
} as const;

const clusterProperties = {
  ...Object.fromEntries(etcdNumericKeys.map((key) => [key, expr])),
  disk,
  'auto-compaction-mode': { enum: ['periodic', 'revision'] },
  'auto-compaction-retention': expr,
  peerRtt: distribution,
  clientRtt: distribution,
  clientEndpoints: { enum: ['leader', 'all'] },
  alarmAutoDisarm: { type: 'boolean' },
} as const;

/** Schema of `cluster.etcd`. */
export const etcdSchema = { type: 'object', additionalProperties: false, properties: clusterProperties } as const;

/** Schema of `cluster.etcdClusters`: named clusters with the same fields. */
export const etcdClustersSchema = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }, ...clusterProperties } },
} as const;

