/**
 * What is already allocated on a node's devices, as the structured allocator accounts it
 * (k8s.io/dynamic-resource-allocation/structured: allocated devices, consumed shared counters —
 * KEP-4815 — and consumed capacity of devices that allow multiple allocations — KEP-5075).
 * Additions can be undone, so a search can try an allocation and take it back.
 */
import { parseQuantity } from '../../api/quantity.js';
import type { DeviceRequestAllocationResult } from '../resource-api.js';
import { qualifiedName, type DeviceView } from '../cel/device-view.js';

/** A device a node can use, with the shared counter sets of its slice (milli-units). */
export interface CandidateDevice {
  readonly view: DeviceView;
  /** `driver/pool/device`. */
  readonly id: string;
  /** Total of each counter of each counter set of the device's slice, by `driver/pool/counterSet`. */
  readonly counterTotals: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
  /** Capacity totals (milli) by qualified name `domain/name`. */
  readonly capacity: ReadonlyMap<string, bigint>;
}

/** The id of a device: `driver/pool/device`. */
export function deviceId(driver: string, pool: string, device: string): string {
  return `${driver}/${pool}/${device}`;
}

function add(map: Map<string, Map<string, bigint>>, key: string, name: string, amount: bigint): void {
  let m = map.get(key);
  if (m === undefined) map.set(key, (m = new Map()));
  const v = (m.get(name) ?? 0n) + amount;
  if (v === 0n) m.delete(name);
  else m.set(name, v);
  if (m.size === 0) map.delete(key);
}

/** Allocated devices, consumed counters and consumed capacity on one node. */
export class DeviceUsage {
  /** Devices allocated whole, with how many allocations hold each (normally 1). */
  private readonly exclusive = new Map<string, number>();
  /** Consumed capacity per shared device (milli by qualified capacity name). */
  private readonly consumed = new Map<string, Map<string, bigint>>();
  /** Consumed counters per `driver/pool/counterSet` (milli by counter). */
  private readonly counters = new Map<string, Map<string, bigint>>();

  /** True when the device is allocated whole or has any share allocated. */
  inUse(id: string): boolean {
    return this.exclusive.has(id) || this.consumed.has(id);
  }

  /** Consumed capacity of a shared device (milli), 0 when none. */
  consumedCapacity(id: string, name: string): bigint {
    return this.consumed.get(id)?.get(name) ?? 0n;
  }

  /** Consumed amount of one counter (milli). */
  consumedCounter(counterSetKey: string, counter: string): bigint {
    return this.counters.get(counterSetKey)?.get(counter) ?? 0n;
  }

  /** Accounts (sign 1) or releases (sign -1) one allocation result on `device`. */
  apply(device: CandidateDevice, result: Pick<DeviceRequestAllocationResult, 'consumedCapacity'>, sign: 1 | -1): void {
    let consumed: Map<string, bigint> | undefined;
    if (device.view.device.allowMultipleAllocations === true) {
      consumed = new Map();
      for (const [name, amount] of Object.entries(result.consumedCapacity ?? {})) {
        const q = qualifiedName(device.view.driver, name);
        consumed.set(`${q.domain}/${q.id}`, parseQuantity(amount).milli);
      }
    }
    this.applyConsumed(device, consumed, sign);
  }

  /** Like `apply` with the consumed capacity already in milli by qualified name (undefined for a whole device). */
  applyConsumed(device: CandidateDevice, consumed: ReadonlyMap<string, bigint> | undefined, sign: 1 | -1): void {
    const v = device.view;
    if (v.device.allowMultipleAllocations === true) {
      for (const [name, amount] of consumed ?? []) add(this.consumed, device.id, name, BigInt(sign) * amount);
      // A share with nothing consumed still marks the device as shared.
      if (!this.consumed.has(device.id) && sign === 1) this.consumed.set(device.id, new Map([['', 0n]]));
      if (sign === -1 && this.consumed.get(device.id)?.size === 1 && this.consumed.get(device.id)?.get('') === 0n) this.consumed.delete(device.id);
    } else {
      const n = (this.exclusive.get(device.id) ?? 0) + sign;
      if (n > 0) this.exclusive.set(device.id, n);
      else this.exclusive.delete(device.id);
    }
    for (const c of v.device.consumesCounters ?? []) {
      const key = `${v.driver}/${v.pool}/${c.counterSet}`;
      for (const [name, amount] of Object.entries(c.counters)) add(this.counters, key, name, BigInt(sign) * parseQuantity(amount.value).milli);
    }
  }

  /** True when `device`'s counter consumption fits what is left of its counter sets. */
  countersFit(device: CandidateDevice): boolean {
    const v = device.view;
    for (const c of v.device.consumesCounters ?? []) {
      const key = `${v.driver}/${v.pool}/${c.counterSet}`;
      const totals = device.counterTotals.get(key);
      if (totals === undefined) return false;
      for (const [name, amount] of Object.entries(c.counters)) {
        const total = totals.get(name);
        if (total === undefined || this.consumedCounter(key, name) + parseQuantity(amount.value).milli > total) return false;
      }
    }
    return true;
  }
}
