/**
 * JSON Schemas of the resource.k8s.io/v1 kinds kubesim reads from manifests, field for field as
 * k8s.io/api/resource/v1/types.go (a field upstream does not have is an error, as with kubectl's
 * strict decoding). Quantities and CEL expressions are strings here; their content is checked by
 * manifest-objects.ts.
 */
import { stringMap } from '../scenario/schema-primitives.js';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;
const quantity = { type: ['string', 'number'] } as const;

/** ObjectMeta fields accepted in manifests. */
export const manifestMetadata = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, namespace: str, labels: stringMap, annotations: stringMap, generateName: str, uid: str, resourceVersion: str },
} as const;

const selector = {
  type: 'object',
  additionalProperties: false,
  properties: { cel: { type: 'object', additionalProperties: false, required: ['expression'], properties: { expression: { type: 'string', minLength: 1 } } } },
} as const;

const opaque = { type: 'object', additionalProperties: false, required: ['driver', 'parameters'], properties: { driver: str, parameters: {} } } as const;

const exactFields = {
  deviceClassName: { type: 'string', minLength: 1 },
  selectors: { type: 'array', items: selector },
  allocationMode: { enum: ['ExactCount', 'All'] },
  count: { type: 'integer', minimum: 1 },
  adminAccess: { type: 'boolean' },
  tolerations: { type: 'array' },
  capacity: { type: 'object', additionalProperties: false, properties: { requests: { type: 'object', additionalProperties: quantity } } },
} as const;

const claimSpec = {
  type: 'object',
  additionalProperties: false,
  properties: {
    devices: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requests: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              exactly: { type: 'object', additionalProperties: false, required: ['deviceClassName'], properties: exactFields },
              firstAvailable: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['name', 'deviceClassName'], properties: { name: str, ...exactFields } } },
            },
          },
        },
        constraints: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { requests: strings, matchAttribute: str, distinctAttribute: str } } },
        config: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { requests: strings, opaque } } },
      },
    },
  },
} as const;

const attribute = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { int: { type: 'integer' }, bool: { type: 'boolean' }, string: str, version: str },
} as const;

const counters = { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: quantity } } } as const;

const device = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    attributes: { type: 'object', additionalProperties: attribute },
    capacity: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['value'],
        properties: {
          value: quantity,
          requestPolicy: {
            type: 'object',
            additionalProperties: false,
            properties: {
              default: quantity,
              validValues: { type: 'array', items: quantity },
              validRange: { type: 'object', additionalProperties: false, required: ['min'], properties: { min: quantity, max: quantity, step: quantity } },
            },
          },
        },
      },
    },
    consumesCounters: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['counterSet', 'counters'], properties: { counterSet: str, counters } } },
    allowMultipleAllocations: { type: 'boolean' },
    nodeName: str,
    nodeSelector: { type: 'object' },
    allNodes: { type: 'boolean' },
    taints: { type: 'array' },
    bindsToNode: { type: 'boolean' },
    bindingConditions: strings,
    bindingFailureConditions: strings,
  },
} as const;

function kind(name: string, spec: object, required: readonly string[] = ['spec']): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', ...required],
    properties: { apiVersion: { const: 'resource.k8s.io/v1' }, kind: { const: name }, metadata: manifestMetadata, spec },
  };
}

/** Schemas of the resource.k8s.io/v1 kinds by kind. */
export const resourceKindSchemas: Readonly<Record<string, object>> = {
  DeviceClass: kind('DeviceClass', {
    type: 'object',
    additionalProperties: false,
    properties: { selectors: { type: 'array', items: selector }, config: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { opaque } } }, extendedResourceName: str },
  }),
  ResourceClaim: kind('ResourceClaim', claimSpec),
  ResourceClaimTemplate: kind('ResourceClaimTemplate', {
    type: 'object',
    additionalProperties: false,
    required: ['spec'],
    properties: { metadata: { type: 'object', additionalProperties: false, properties: { labels: stringMap, annotations: stringMap } }, spec: claimSpec },
  }),
  ResourceSlice: kind('ResourceSlice', {
    type: 'object',
    additionalProperties: false,
    required: ['driver', 'pool'],
    properties: {
      driver: { type: 'string', minLength: 1 },
      pool: { type: 'object', additionalProperties: false, required: ['name', 'resourceSliceCount'], properties: { name: str, generation: { type: 'integer' }, resourceSliceCount: { type: 'integer', minimum: 1 } } },
      nodeName: str,
      nodeSelector: { type: 'object' },
      allNodes: { type: 'boolean' },
      perDeviceNodeSelection: { type: 'boolean' },
      devices: { type: 'array', items: device },
      sharedCounters: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name', 'counters'], properties: { name: str, counters } } },
    },
  }),
};
