/**
 * resource.k8s.io/v1 object shapes (k8s.io/api/resource/v1/types.go, Kubernetes 1.34: KEP-4381
 * structured parameters, KEP-4815 partitionable devices, KEP-5075 consumable capacity), with the
 * upstream field names. Quantities stay strings as written; the allocator parses them.
 */
import type { NodeSelector, ObjectMeta } from '../api/objects.js';

/** API group and version of every kind in this file. */
export const resourceApiVersion = 'resource.k8s.io/v1';

/** DeviceSelector: one CEL expression over `device` that must evaluate to true. */
export interface DeviceSelector {
  readonly cel?: { readonly expression: string };
}

/** Opaque driver configuration (passed to the driver untouched). */
export interface OpaqueDeviceConfiguration {
  readonly driver: string;
  readonly parameters: unknown;
}

/** DeviceClass: selectors every device of the class must pass, and configuration for them. */
export interface DeviceClass {
  readonly kind: 'DeviceClass';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selectors?: readonly DeviceSelector[];
    readonly config?: readonly { readonly opaque?: OpaqueDeviceConfiguration }[];
    readonly extendedResourceName?: string;
  };
}

/** DeviceAttribute: exactly one of the typed values. */
export interface DeviceAttribute {
  readonly int?: number;
  readonly bool?: boolean;
  readonly string?: string;
  readonly version?: string;
}

/** CapacityRequestPolicy (KEP-5075): how a shared device's capacity may be requested. */
export interface CapacityRequestPolicy {
  readonly default?: string;
  readonly validValues?: readonly string[];
  readonly validRange?: { readonly min: string; readonly max?: string; readonly step?: string };
}

/** DeviceCapacity: a quantity of the device, consumable when the device allows multiple allocations. */
export interface DeviceCapacity {
  readonly value: string;
  readonly requestPolicy?: CapacityRequestPolicy;
}

/** DeviceCounterConsumption (KEP-4815): counters a device takes from one shared counter set while allocated. */
export interface DeviceCounterConsumption {
  readonly counterSet: string;
  readonly counters: Readonly<Record<string, { readonly value: string }>>;
}

/** Device: one allocatable device of a pool (v1 has no `basic` wrapper). */
export interface Device {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, DeviceAttribute>>;
  readonly capacity?: Readonly<Record<string, DeviceCapacity>>;
  readonly consumesCounters?: readonly DeviceCounterConsumption[];
  readonly allowMultipleAllocations?: boolean;
  readonly nodeName?: string;
  readonly allNodes?: boolean;
}

/** CounterSet: counters shared by the devices that consume them (a GPU's memory slices and compute units). */
export interface CounterSet {
  readonly name: string;
  readonly counters: Readonly<Record<string, { readonly value: string }>>;
}

/** ResourceSlice: the devices one driver publishes for one pool (here: per node). */
export interface ResourceSlice {
  readonly kind: 'ResourceSlice';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly driver: string;
    readonly pool: { readonly name: string; readonly generation: number; readonly resourceSliceCount: number };
    readonly nodeName?: string;
    readonly nodeSelector?: NodeSelector;
    readonly allNodes?: boolean;
    readonly perDeviceNodeSelection?: boolean;
    readonly devices: readonly Device[];
    readonly sharedCounters?: readonly CounterSet[];
  };
}

/** ExactDeviceRequest: `count` (or `All`) devices of one class that pass the selectors. */
export interface ExactDeviceRequest {
  readonly deviceClassName: string;
  readonly selectors?: readonly DeviceSelector[];
  readonly allocationMode?: 'ExactCount' | 'All';
  readonly count?: number;
  readonly adminAccess?: boolean;
  readonly capacity?: { readonly requests?: Readonly<Record<string, string>> };
}

/** DeviceSubRequest: one alternative of `firstAvailable` (same fields as ExactDeviceRequest plus a name). */
export interface DeviceSubRequest extends ExactDeviceRequest {
  readonly name: string;
}

/** DeviceRequest: a named request, either `exactly` or a `firstAvailable` list of alternatives. */
export interface DeviceRequest {
  readonly name: string;
  readonly exactly?: ExactDeviceRequest;
  readonly firstAvailable?: readonly DeviceSubRequest[];
}

/** DeviceConstraint: all devices of the named requests (all requests when empty) share `matchAttribute`, or differ in `distinctAttribute`. */
export interface DeviceConstraint {
  readonly requests?: readonly string[];
  readonly matchAttribute?: string;
  readonly distinctAttribute?: string;
}

/** ResourceClaimSpec: what a claim asks for. */
export interface ResourceClaimSpec {
  readonly devices?: {
    readonly requests?: readonly DeviceRequest[];
    readonly constraints?: readonly DeviceConstraint[];
    readonly config?: readonly { readonly requests?: readonly string[]; readonly opaque?: OpaqueDeviceConfiguration }[];
  };
}

/** DeviceRequestAllocationResult: one allocated device (or share of one). */
export interface DeviceRequestAllocationResult {
  readonly request: string;
  readonly driver: string;
  readonly pool: string;
  readonly device: string;
  readonly shareID?: string;
  readonly consumedCapacity?: Readonly<Record<string, string>>;
}

/** AllocationResult: the devices of a claim and the node(s) they are reachable from. */
export interface AllocationResult {
  readonly devices: { readonly results: readonly DeviceRequestAllocationResult[] };
  readonly nodeSelector?: NodeSelector;
  /** Virtual time (µs) of the allocation. */
  readonly allocationTimestamp?: number;
}

/** ResourceClaimConsumerReference: a pod using the claim. */
export interface ResourceClaimConsumerReference {
  readonly apiGroup?: string;
  readonly resource: string;
  readonly name: string;
  readonly uid: string;
}

/** ResourceClaim: a request for devices; the scheduler writes its allocation and `reservedFor`. */
export interface ResourceClaim {
  readonly kind: 'ResourceClaim';
  readonly metadata: ObjectMeta;
  readonly spec: ResourceClaimSpec;
  readonly status: {
    readonly allocation?: AllocationResult;
    readonly reservedFor?: readonly ResourceClaimConsumerReference[];
  };
}

/** ResourceClaimTemplate: the resourceclaim controller creates one claim per pod from it. */
export interface ResourceClaimTemplate {
  readonly kind: 'ResourceClaimTemplate';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
    readonly spec: ResourceClaimSpec;
  };
}

/** PodResourceClaim (`pod.spec.resourceClaims[]`): a claim by name or a template to instantiate. */
export interface PodResourceClaim {
  readonly name: string;
  readonly resourceClaimName?: string;
  readonly resourceClaimTemplateName?: string;
}

/** PodResourceClaimStatus (`pod.status.resourceClaimStatuses[]`): the claim created for a template entry. */
export interface PodResourceClaimStatus {
  readonly name: string;
  readonly resourceClaimName?: string;
}

/** The requests of a DeviceRequest as the allocator treats them: `exactly`, or the first alternative of `firstAvailable`. */
export function exactRequests(request: DeviceRequest): readonly { readonly name: string; readonly exact: ExactDeviceRequest }[] {
  if (request.exactly !== undefined) return [{ name: request.name, exact: request.exactly }];
  return (request.firstAvailable ?? []).map((s) => ({ name: `${request.name}/${s.name}`, exact: s }));
}
