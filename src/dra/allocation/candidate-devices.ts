/** The devices of a ResourceSlice as the allocator takes them: CEL view, id, counter totals and capacities parsed once. */
import { parseQuantity } from '../../api/quantity.js';
import { deviceView, qualifiedName } from '../cel/device-view.js';
import type { ResourceSlice } from '../resource-api.js';
import { deviceId, type CandidateDevice } from './device-usage.js';

/** Candidate devices of `slice`, in its order. */
export function candidatesOf(slice: ResourceSlice | Pick<ResourceSlice, 'spec'>): CandidateDevice[] {
  const driver = slice.spec.driver;
  const pool = slice.spec.pool.name;
  const counterTotals = new Map<string, Map<string, bigint>>();
  for (const cs of slice.spec.sharedCounters ?? []) {
    counterTotals.set(`${driver}/${pool}/${cs.name}`, new Map(Object.entries(cs.counters).map(([k, v]) => [k, parseQuantity(v.value).milli])));
  }
  return slice.spec.devices.map((device) => {
    const capacity = new Map<string, bigint>();
    for (const [name, c] of Object.entries(device.capacity ?? {})) {
      const q = qualifiedName(driver, name);
      capacity.set(`${q.domain}/${q.id}`, parseQuantity(c.value).milli);
    }
    return { view: deviceView(driver, pool, device), id: deviceId(driver, pool, device.name), counterTotals, capacity };
  });
}
