/**
 * The modelled GPU DRA driver's ResourceSlice for one node (after the NVIDIA DRA driver's
 * `gpu.nvidia.com` devices): one device per GPU with `type`, `productName`, `index`, `uuid` and
 * `memory`, shaped by the node's sharing strategy —
 * - Exclusive: whole GPUs only;
 * - Shares: fractional shares of one GPU (`shares` per GPU, the Alibaba trace's gpu_milli),
 *   consumable capacity `shares` (KEP-5075, `allowMultipleAllocations`) granted in multiples of
 *   `perAllocation`;
 * - TimeSlicing: `replicas` consumers per GPU, capacity `replicas` (no memory isolation);
 * - MPS: up to `maxClients` clients, capacity `activeThreadPercentage` (per-client compute share)
 *   and a per-client memory limit;
 * - MIG: partitionable devices (KEP-4815) — the whole GPU and every partition of the allowed
 *   profiles consume the GPU's shared counters of compute and memory slices.
 */
import type { NewObject } from '../../api/object-store.js';
import type { CounterSet, Device, DeviceCapacity } from '../resource-api.js';
import { migProfile, migComputeSlices, migMemorySlices } from './mig-profiles.js';

/** The sharing strategy of a node's GPUs. */
export type GpuSharing =
  | { readonly strategy: 'Exclusive' }
  | { readonly strategy: 'Shares'; readonly shares: number; readonly perAllocation: number }
  | { readonly strategy: 'TimeSlicing'; readonly replicas: number }
  | { readonly strategy: 'MPS'; readonly maxClients: number; readonly defaultActiveThreadPercentage: number }
  | { readonly strategy: 'MIG'; readonly profiles: readonly string[] };

/** What a node's GPU driver publishes: driver name, GPU count, model, memory per GPU (bytes), sharing. */
export interface GpuDriverSpec {
  readonly driver: string;
  readonly count: number;
  readonly model: string;
  readonly memory: number;
  readonly sharing: GpuSharing;
}

/** The driver name of NVIDIA's DRA driver for GPUs. */
export const nvidiaGpuDriver = 'gpu.nvidia.com';

function gib(bytes: number): string {
  return String(bytes);
}

function perClient(memory: number, clients: number): string {
  return String(Math.floor(memory / clients));
}

function shared(value: number, def: number, min: number, max?: number, step = 1): DeviceCapacity {
  return { value: String(value), requestPolicy: { default: String(def), validRange: { min: String(min), step: String(step), ...(max === undefined ? {} : { max: String(max) }) } } };
}

function gpuDevice(spec: GpuDriverSpec, node: string, i: number): Device {
  const attributes = {
    type: { string: 'gpu' },
    productName: { string: spec.model },
    index: { int: i },
    uuid: { string: `GPU-${node}-${i}` },
    sharingStrategy: { string: spec.sharing.strategy },
  };
  const memory: DeviceCapacity = { value: gib(spec.memory) };
  const s = spec.sharing;
  switch (s.strategy) {
    case 'Exclusive':
      return { name: `gpu-${i}`, attributes, capacity: { memory } };
    case 'Shares':
      return {
        name: `gpu-${i}`,
        attributes,
        allowMultipleAllocations: true,
        capacity: { shares: shared(s.shares, s.perAllocation, s.perAllocation, undefined, s.perAllocation), memory: { value: gib(spec.memory), requestPolicy: { default: perClient(spec.memory, s.shares), validRange: { min: '0' } } } },
      };
    case 'TimeSlicing':
      // Time-slicing isolates no memory: every consumer sees the whole GPU memory.
      return { name: `gpu-${i}`, attributes, allowMultipleAllocations: true, capacity: { replicas: shared(s.replicas, 1, 1) } };
    case 'MPS':
      return {
        name: `gpu-${i}`,
        attributes,
        allowMultipleAllocations: true,
        capacity: {
          activeThreadPercentage: shared(100, s.defaultActiveThreadPercentage, 1, 100),
          clients: shared(s.maxClients, 1, 1, 1),
          memory: { value: gib(spec.memory), requestPolicy: { default: perClient(spec.memory, s.maxClients), validRange: { min: '0' } } },
        },
      };
    case 'MIG':
      return { name: `gpu-${i}`, attributes, capacity: { memory }, consumesCounters: [{ counterSet: `gpu-${i}-counters`, counters: { computeSlices: { value: String(migComputeSlices) }, memorySlices: { value: String(migMemorySlices) } } }] };
  }
}

function migDevices(spec: GpuDriverSpec, node: string, i: number, profiles: readonly string[]): Device[] {
  const out: Device[] = [];
  for (const name of profiles) {
    const p = migProfile(name);
    if (p === undefined) continue;
    for (let k = 0; k < p.maxInstances; k++) {
      out.push({
        name: `gpu-${i}-mig-${name.replace('.', '-')}-${k}`,
        attributes: {
          type: { string: 'mig' },
          productName: { string: spec.model },
          index: { int: i },
          parentUUID: { string: `GPU-${node}-${i}` },
          profile: { string: name },
        },
        capacity: { memory: { value: String(Math.floor((spec.memory * p.memorySlices) / migMemorySlices)) } },
        consumesCounters: [{ counterSet: `gpu-${i}-counters`, counters: { computeSlices: { value: String(p.computeSlices) }, memorySlices: { value: String(p.memorySlices) } } }],
      });
    }
  }
  return out;
}

/** The ResourceSlice the driver publishes for `node` (one pool named after the node, one slice). */
export function gpuResourceSlice(spec: GpuDriverSpec, node: string): NewObject<'ResourceSlice'> {
  const devices: Device[] = [];
  const sharedCounters: CounterSet[] = [];
  for (let i = 0; i < spec.count; i++) {
    devices.push(gpuDevice(spec, node, i));
    if (spec.sharing.strategy === 'MIG') {
      devices.push(...migDevices(spec, node, i, spec.sharing.profiles));
      sharedCounters.push({ name: `gpu-${i}-counters`, counters: { computeSlices: { value: String(migComputeSlices) }, memorySlices: { value: String(migMemorySlices) } } });
    }
  }
  return {
    kind: 'ResourceSlice',
    metadata: { name: `${node}-${spec.driver}` },
    spec: {
      driver: spec.driver,
      pool: { name: node, generation: 1, resourceSliceCount: 1 },
      nodeName: node,
      devices,
      ...(sharedCounters.length > 0 ? { sharedCounters } : {}),
    },
  };
}
