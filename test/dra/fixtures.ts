/** Builders of ResourceSlices, candidate devices and claims for DRA tests. */
import { candidatesOf } from '../../src/dra/allocation/candidate-devices.js';
import type { CandidateDevice } from '../../src/dra/allocation/device-usage.js';
import type { ClaimToAllocate, ClassSelectors } from '../../src/dra/allocation/allocator.js';
import { compileSelector, type CompiledSelector } from '../../src/dra/cel/device-selector.js';
import { gpuResourceSlice, type GpuSharing } from '../../src/dra/gpu-driver/gpu-slices.js';
import type { Device, ExactDeviceRequest, DeviceConstraint } from '../../src/dra/resource-api.js';

/** Candidate devices of the modelled GPU driver on `node`: `count` A100s of 40 GiB with `sharing`. */
export function gpuNode(node: string, count: number, sharing: GpuSharing = { strategy: 'Exclusive' }, model = 'A100'): CandidateDevice[] {
  const slice = gpuResourceSlice({ driver: 'gpu.nvidia.com', count, model, memory: 40 * 2 ** 30, sharing }, node);
  return candidatesOf(slice as never);
}

/** Candidate devices of a hand-written slice of `devices` from driver `dra.example.com`. */
export function sliceOf(devices: Device[], pool = 'node-a'): CandidateDevice[] {
  return candidatesOf({ spec: { driver: 'dra.example.com', pool: { name: pool, generation: 1, resourceSliceCount: 1 }, nodeName: pool, devices } });
}

/** A compiled selector (throws when it does not compile). */
export function sel(expression: string): CompiledSelector {
  const c = compileSelector(expression);
  if ('error' in c) throw new Error(c.error);
  return c.selector;
}

/** Classes by name with one CEL expression each (empty string: no selector). */
export function classes(map: Record<string, string>): ClassSelectors {
  return (name) => (map[name] === undefined ? undefined : map[name] === '' ? [] : [sel(map[name] as string)]);
}

/** A claim with one `exactly` request per entry and optional constraints. */
export function claim(key: string, requests: (ExactDeviceRequest & { name?: string })[], constraints: DeviceConstraint[] = []): ClaimToAllocate {
  return {
    key,
    spec: { devices: { requests: requests.map((r, i) => { const { name, ...exactly } = r; return { name: name ?? `r${i}`, exactly }; }), constraints } },
  };
}
