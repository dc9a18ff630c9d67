/**
 * A node's GPUs as the GPU placement policies see them (NodeGpus), derived from the devices its
 * ResourceSlices publish and the allocations on them: a whole-GPU allocation takes 1000 milli, a
 * share its largest fraction of any consumable capacity, a MIG partition its largest fraction of
 * the GPU's counters.
 */
import { GpuMilli, NodeGpus } from './gpu/node-gpus.js';
import type { CandidateDevice } from './allocation/device-usage.js';
import { parseQuantity } from '../api/quantity.js';
import { qualifiedName } from './cel/device-view.js';
import type { DeviceRequestAllocationResult } from './resource-api.js';

/** The GPU index of a device (its driver-domain `index` attribute) when it is a GPU or a GPU partition (`type` gpu or mig). */
export function gpuIndexOf(d: CandidateDevice): number | undefined {
  const attrs = d.view.device.attributes ?? {};
  const type = attrs['type']?.string ?? attrs[`${d.view.driver}/type`]?.string;
  if (type !== 'gpu' && type !== 'mig') return undefined;
  return attrs['index']?.int ?? attrs[`${d.view.driver}/index`]?.int;
}

/** The GPU model of a device (`productName`). */
export function gpuModelOf(d: CandidateDevice): string {
  const attrs = d.view.device.attributes ?? {};
  return attrs['productName']?.string ?? attrs[`${d.view.driver}/productName`]?.string ?? '';
}

/** Milli of one GPU that `result` on device `d` takes. */
export function resultMilli(d: CandidateDevice, result: Pick<DeviceRequestAllocationResult, 'consumedCapacity'>): number {
  if (d.view.device.allowMultipleAllocations === true) {
    let f = 0;
    for (const [name, amount] of Object.entries(result.consumedCapacity ?? {})) {
      const q = qualifiedName(d.view.driver, name);
      const total = d.capacity.get(`${q.domain}/${q.id}`);
      if (total !== undefined && total > 0n) f = Math.max(f, Number(parseQuantity(amount).milli) / Number(total));
    }
    return Math.round(f * GpuMilli);
  }
  const consumes = d.view.device.consumesCounters ?? [];
  const attrs = d.view.device.attributes ?? {};
  if ((attrs['type']?.string ?? attrs[`${d.view.driver}/type`]?.string) !== 'mig' || consumes.length === 0) return GpuMilli;
  let f = 0;
  for (const c of consumes) {
    const totals = d.counterTotals.get(`${d.view.driver}/${d.view.pool}/${c.counterSet}`);
    for (const [name, amount] of Object.entries(c.counters)) {
      const total = totals?.get(name);
      if (total !== undefined && total > 0n) f = Math.max(f, Number(parseQuantity(amount.value).milli) / Number(total));
    }
  }
  return Math.round(f * GpuMilli);
}

/**
 * The node's GPUs (undefined when its devices include none) with free milli after `allocated`
 * (pairs of device and result).
 */
export function nodeGpusOf(devices: readonly CandidateDevice[], allocated: Iterable<{ readonly device: CandidateDevice; readonly result: DeviceRequestAllocationResult }>): NodeGpus | undefined {
  const names: string[] = [];
  let model = '';
  for (const d of devices) {
    const i = gpuIndexOf(d);
    if (i === undefined || d.view.device.attributes?.['type']?.string === 'mig') continue;
    names[i] = d.view.device.name;
    if (model === '') model = gpuModelOf(d);
  }
  if (names.length === 0) return undefined;
  for (let i = 0; i < names.length; i++) if (names[i] === undefined) names[i] = `gpu-${i}`;
  const gpus = new NodeGpus(model, names);
  for (const { device, result } of allocated) {
    const i = gpuIndexOf(device);
    if (i === undefined || i >= gpus.count) continue;
    gpus.milliFree[i] = Math.max(0, (gpus.milliFree[i] as number) - resultMilli(device, result));
  }
  return gpus;
}
