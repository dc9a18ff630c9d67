/**
 * How much of a shareable device's capacity one allocation consumes (KEP-5075, DRA consumable
 * capacity): the request's amount, or the policy's default, or the whole capacity when there is
 * no policy; rounded up to the next valid value (`validValues`) or step of `validRange`
 * (`min + k·step`), and refused above `validRange.max`.
 */
import { parseQuantity } from '../../api/quantity.js';
import { qualifiedName } from '../cel/device-view.js';
import type { CapacityRequestPolicy, Device } from '../resource-api.js';

function milli(text: string): bigint {
  return parseQuantity(text).milli;
}

/** The amount a policy grants for `requested` (milli), or undefined when no valid amount covers it. */
export function roundToPolicy(policy: CapacityRequestPolicy | undefined, requested: bigint): bigint | undefined {
  if (policy === undefined) return requested;
  if (policy.validValues !== undefined && policy.validValues.length > 0) {
    let best: bigint | undefined;
    for (const v of policy.validValues) {
      const m = milli(v);
      if (m >= requested && (best === undefined || m < best)) best = m;
    }
    return best;
  }
  const range = policy.validRange;
  if (range === undefined) return requested;
  const min = milli(range.min);
  let v = requested < min ? min : requested;
  if (range.step !== undefined) {
    const step = milli(range.step);
    if (step > 0n) v = min + ((v - min + step - 1n) / step) * step;
  }
  if (range.max !== undefined && v > milli(range.max)) return undefined;
  return v;
}

/**
 * Consumed capacity (milli by qualified name) of one allocation of `device` for a request's
 * `capacity.requests`; undefined when some request cannot be granted by the policy.
 */
export function consumedCapacity(driver: string, device: Device, requests: Readonly<Record<string, string>> | undefined): Map<string, bigint> | undefined {
  const wanted = new Map<string, bigint>();
  for (const [name, amount] of Object.entries(requests ?? {})) {
    const q = qualifiedName(driver, name);
    wanted.set(`${q.domain}/${q.id}`, milli(amount));
  }
  const out = new Map<string, bigint>();
  for (const [name, cap] of Object.entries(device.capacity ?? {})) {
    const q = qualifiedName(driver, name);
    const key = `${q.domain}/${q.id}`;
    const policy = cap.requestPolicy;
    const requested = wanted.get(key) ?? (policy?.default !== undefined ? milli(policy.default) : milli(cap.value));
    const granted = roundToPolicy(policy, requested);
    if (granted === undefined) return undefined;
    out.set(key, granted);
    wanted.delete(key);
  }
  // A request for a capacity the device does not have cannot be met by it.
  return wanted.size === 0 ? out : undefined;
}

/** Formats milli-units as a quantity string ("2", "1500m"). */
export function formatMilli(m: bigint): string {
  return m % 1000n === 0n ? String(m / 1000n) : `${m}m`;
}
