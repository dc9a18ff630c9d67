/** JSON Schemas of the v1 PodSpec fields the scheduler reads: affinity, topology spread, gates, host ports. */

const strings = { type: 'array', items: { type: 'string' } } as const;

const labelSelectorRequirement = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'operator'],
  properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: strings },
} as const;

/** metav1.LabelSelector. */
export const labelSelector = {
  type: 'object',
  additionalProperties: false,
  properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } }, matchExpressions: { type: 'array', items: labelSelectorRequirement } },
} as const;

const nodeSelectorRequirement = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'operator'],
  properties: { key: { type: 'string' }, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] }, values: strings },
} as const;

const nodeSelectorTerm = {
  type: 'object',
  additionalProperties: false,
  properties: { matchExpressions: { type: 'array', items: nodeSelectorRequirement }, matchFields: { type: 'array', items: nodeSelectorRequirement } },
} as const;

const podAffinityTerm = {
  type: 'object',
  additionalProperties: false,
  required: ['topologyKey'],
  properties: { labelSelector, namespaces: strings, namespaceSelector: labelSelector, topologyKey: { type: 'string', minLength: 1 }, matchLabelKeys: strings, mismatchLabelKeys: strings },
} as const;

const weight = { type: 'integer', minimum: 1, maximum: 100 } as const;

const podAffinity = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requiredDuringSchedulingIgnoredDuringExecution: { type: 'array', items: podAffinityTerm },
    preferredDuringSchedulingIgnoredDuringExecution: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['weight', 'podAffinityTerm'], properties: { weight, podAffinityTerm } },
    },
  },
} as const;

/** v1 Affinity. */
export const affinity = {
  type: 'object',
  additionalProperties: false,
  properties: {
    nodeAffinity: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          type: 'object',
          additionalProperties: false,
          required: ['nodeSelectorTerms'],
          properties: { nodeSelectorTerms: { type: 'array', minItems: 1, items: nodeSelectorTerm } },
        },
        preferredDuringSchedulingIgnoredDuringExecution: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['weight', 'preference'], properties: { weight, preference: nodeSelectorTerm } },
        },
      },
    },
    podAffinity,
    podAntiAffinity: podAffinity,
  },
} as const;

/** v1 TopologySpreadConstraint list. */
export const topologySpreadConstraints = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
    properties: {
      maxSkew: { type: 'integer', minimum: 1 },
      topologyKey: { type: 'string', minLength: 1 },
      whenUnsatisfiable: { enum: ['DoNotSchedule', 'ScheduleAnyway'] },
      labelSelector,
      minDomains: { type: 'integer', minimum: 1 },
      nodeAffinityPolicy: { enum: ['Honor', 'Ignore'] },
      nodeTaintsPolicy: { enum: ['Honor', 'Ignore'] },
      matchLabelKeys: strings,
    },
  },
} as const;

/** v1 PodSchedulingGate list. */
export const schedulingGates = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
} as const;

/** v1 ContainerPort list. */
export const containerPorts = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['containerPort'],
    properties: {
      name: { type: 'string' },
      containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
      hostPort: { type: 'integer', minimum: 0, maximum: 65535 },
      hostIP: { type: 'string' },
      protocol: { enum: ['TCP', 'UDP', 'SCTP'] },
    },
  },
} as const;
