/**
 * JSON Schemas of `flowcontrol.apiserver.k8s.io/v1` FlowSchema and PriorityLevelConfiguration as
 * written in `cluster.apiserver.flowSchemas` / `priorityLevelConfigurations` (the upstream
 * object shape; cross-object checks such as a missing priority level come after).
 */
const strings = { type: 'array', items: { type: 'string' } } as const;
const meta = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, labels: { type: 'object' }, annotations: { type: 'object' } },
  additionalProperties: false,
} as const;
const typeMeta = {
  apiVersion: { enum: ['flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta3'] },
} as const;

const subject = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { enum: ['User', 'Group', 'ServiceAccount'] },
    user: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } },
    group: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } },
    serviceAccount: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'name'],
      properties: { namespace: { type: 'string' }, name: { type: 'string' } },
    },
  },
} as const;

/** A v1 FlowSchema object. */
export const flowSchemaSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metadata', 'spec'],
  properties: {
    ...typeMeta,
    kind: { const: 'FlowSchema' },
    metadata: meta,
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['priorityLevelConfiguration'],
      properties: {
        priorityLevelConfiguration: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } },
        matchingPrecedence: { type: 'integer' },
        distinguisherMethod: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { type: 'string' } } },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              subjects: { type: 'array', items: subject },
              resourceRules: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['verbs', 'apiGroups', 'resources'],
                  properties: { verbs: strings, apiGroups: strings, resources: strings, clusterScope: { type: 'boolean' }, namespaces: strings },
                },
              },
              nonResourceRules: {
                type: 'array',
                items: { type: 'object', additionalProperties: false, required: ['verbs', 'nonResourceURLs'], properties: { verbs: strings, nonResourceURLs: strings } },
              },
            },
          },
        },
      },
    },
  },
} as const;

const queuing = {
  type: 'object',
  additionalProperties: false,
  properties: { queues: { type: 'integer' }, handSize: { type: 'integer' }, queueLengthLimit: { type: 'integer' } },
} as const;

/** A v1 PriorityLevelConfiguration object. */
export const priorityLevelConfigurationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metadata', 'spec'],
  properties: {
    ...typeMeta,
    kind: { const: 'PriorityLevelConfiguration' },
    metadata: meta,
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: ['Exempt', 'Limited'] },
        limited: {
          type: 'object',
          additionalProperties: false,
          properties: {
            nominalConcurrencyShares: { type: 'integer' },
            lendablePercent: { type: 'integer' },
            borrowingLimitPercent: { type: 'integer' },
            limitResponse: {
              type: 'object',
              additionalProperties: false,
              required: ['type'],
              properties: { type: { enum: ['Queue', 'Reject'] }, queuing },
            },
          },
        },
        exempt: {
          type: 'object',
          additionalProperties: false,
          properties: { nominalConcurrencyShares: { type: 'integer' }, lendablePercent: { type: 'integer' } },
        },
      },
    },
  },
} as const;
