/**
 * The eviction fields of KubeletConfiguration, compiled: thresholds per signal as an absolute
 * quantity or a percentage of capacity (`evictionHard`, `evictionSoft`), soft grace periods,
 * `evictionMaxPodGracePeriod`, `evictionMinimumReclaim`, `evictionPressureTransitionPeriod`,
 * plus the housekeeping interval. Parsing follows pkg/kubelet/eviction/helpers.go
 * ParseThresholdConfig: `<quantity>` or `<percent>%`, a soft threshold needs a grace period.
 */
import { parseQuantity, value } from '../../api/quantity.js';
import type { Micros } from '../../engine/simulation.js';

/** Eviction signals kubesim observes. */
export type EvictionSignal = 'memory.available' | 'nodefs.available' | 'imagefs.available';

/** The signals, in the order the eviction manager reclaims them (memory first). */
export const evictionSignals: readonly EvictionSignal[] = ['memory.available', 'nodefs.available', 'imagefs.available'];

/** A threshold amount: bytes, or a fraction of the signal's capacity. */
export type ThresholdValue = { readonly quantity: number } | { readonly percentage: number };

/** One threshold: met when the signal is below `value`. */
export interface Threshold {
  readonly signal: EvictionSignal;
  readonly value: ThresholdValue;
  /** 0 for hard thresholds. */
  readonly gracePeriod: Micros;
  readonly hard: boolean;
  readonly minReclaim: ThresholdValue | undefined;
}

/** The eviction manager's configuration. */
export interface EvictionConfig {
  readonly thresholds: readonly Threshold[];
  readonly evictionMaxPodGracePeriod: number;
  readonly evictionPressureTransitionPeriod: Micros;
  readonly housekeepingInterval: Micros;
}

/**
 * Upstream defaults (REFERENCE.md kubelet row; KubeletConfiguration v1beta1 defaults):
 * evictionHard memory.available<100Mi, nodefs.available<10%, imagefs.available<15% (inodes and
 * pid are not modelled), no soft thresholds, evictionPressureTransitionPeriod 5 min,
 * evictionMaxPodGracePeriod 0, housekeeping every 10 s.
 */
export const defaultEvictionHard: Readonly<Record<EvictionSignal, string>> = {
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'imagefs.available': '15%',
};

/** nodefs capacity when a node pool gives no `ephemeral-storage` capacity: 100 GiB, as the image model's imagefs default (an assumption). */
export const defaultNodefsCapacity = 100 * 2 ** 30;

/** Default transition period (5 min) and housekeeping interval (10 s, pkg/kubelet/kubelet.go housekeepingPeriod). */
export const defaultEvictionPressureTransitionPeriod: Micros = 300_000_000;
/** Default housekeeping interval (10 s). */
export const defaultHousekeepingInterval: Micros = 10_000_000;

/** Parses a threshold amount (`500Mi`, `10%`); throws Error with the reason when malformed. */
export function parseThresholdValue(text: unknown): ThresholdValue {
  if (typeof text !== 'string' && typeof text !== 'number') throw new Error('expected a quantity ("500Mi") or a percentage ("10%")');
  const s = String(text).trim();
  if (s.endsWith('%')) {
    const body = s.slice(0, -1);
    const pct = Number(body);
    if (body === '' || !Number.isFinite(pct)) throw new Error(`invalid percentage "${s}"`);
    if (pct < 0 || pct > 100) throw new Error(`percentage must be between 0% and 100%, got "${s}"`);
    return { percentage: pct / 100 };
  }
  const q = value(parseQuantity(s));
  if (q < 0) throw new Error(`must not be negative, got "${s}"`);
  return { quantity: q };
}

/** The threshold amount in bytes for a signal of `capacity` bytes. */
export function thresholdBytes(v: ThresholdValue, capacity: number): number {
  return 'quantity' in v ? v.quantity : v.percentage * capacity;
}
